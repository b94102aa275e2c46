package wireup_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// The rules of docs/architecture.md that keep one service in one place,
// checked on every non-test Go file of the module (tools/ and bench/ are
// modules or scripts of their own).

// maxLines is the most non-test Go lines one package may have.
const maxLines = 1500

// idsAllowed are the folders that may name an integration id: the
// service packages (their hops), the catalog, and the templates.
var idsAllowed = []string{"internal/service/", "internal/catalog/", "templates/"}

type goFile struct {
	path string // slash-separated, relative to the module root
	file *ast.File
	fset *token.FileSet
	src  []byte
}

func sources(t *testing.T) []goFile {
	t.Helper()
	var out []goFile
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "tools" || p == "bench" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && p != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, goFile{path: filepath.ToSlash(p), file: f, fset: fset, src: src})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("found only %d Go files: run from the module root", len(out))
	}
	return out
}

func TestNoPackageOverLineCap(t *testing.T) {
	lines := map[string]int{}
	for _, f := range sources(t) {
		lines[filepath.Dir(f.path)] += bytes.Count(f.src, []byte("\n"))
	}
	for dir, n := range lines {
		if n > maxLines {
			t.Errorf("%s has %d lines of non-test Go, more than %d: split it along a seam of its own (docs/architecture.md, \"Service packages\")", dir, n, maxLines)
		}
	}
}

func TestSDKModulesOnlyInServicePackages(t *testing.T) {
	for _, f := range sources(t) {
		if strings.HasPrefix(f.path, "internal/service/") {
			continue
		}
		// An import, or a module path held as data (a generated go.mod's
		// requirement): both belong to a service package.
		ast.Inspect(f.file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if p, _ := strconv.Unquote(lit.Value); strings.Contains(p, "github.com/aws/aws-sdk-go-v2/service/") {
				t.Errorf("%s names %s: SDK service modules belong to the service packages (internal/service/<id>)", f.fset.Position(lit.Pos()), p)
			}
			return true
		})
	}
}

func TestIntegrationIDsOnlyInServicePackages(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range c.Integrations {
		ids = append(ids, regexp.QuoteMeta(in.ID))
	}
	// An id on its own, not part of a longer word or id.
	named := regexp.MustCompile(`(^|[^a-z0-9-])(` + strings.Join(ids, "|") + `)($|[^a-z0-9-])`)
	for _, f := range sources(t) {
		if slices.ContainsFunc(idsAllowed, func(d string) bool { return strings.HasPrefix(f.path, d) }) {
			continue
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Example" {
					return false // a command's --help examples show routes as users type them
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if m := named.FindStringSubmatch(s); m != nil {
				t.Errorf("%s: %q names integration %s: only a service package, the catalog and the templates name integrations", f.fset.Position(lit.Pos()), s, m[2])
			}
			return true
		})
	}
}
