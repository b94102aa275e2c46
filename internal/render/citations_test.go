package render

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// internalCitations are the marks of citations a reader cannot follow: the
// section numbers and gap markers of wireup's private research notes and
// paths outside the repository. A generated project must stand on its own
// and wireup's sources must be followable from the repository alone, so
// both cite AWS documentation URLs or a doc under docs/ instead. The
// strings are spelled in pieces so that this file does not match itself.
var internalCitations = []string{
	"\u00a7",         // the section sign, as in "ref <section sign>4"
	"NOT " + "FOUND", // the research notes' gap marker
	"Append" + "ix",  // as in the research notes' lettered appendices
	"../" + "shared", // the research directory next to the repository
	"/" + "work/",    // absolute paths of the machine it was written on
}

// findInternalCitations returns each line of data that carries one of
// internalCitations, prefixed with its line number.
func findInternalCitations(data []byte) []string {
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		for _, c := range internalCitations {
			if strings.Contains(line, c) {
				out = append(out, fmt.Sprintf("%d: %s", i+1, strings.TrimSpace(line)))
				break
			}
		}
	}
	return out
}

func TestFindInternalCitations(t *testing.T) {
	for _, line := range []string{
		"grants on the stream (ref \u00a75)",
		"a kms:Decrypt grant is NOT " + "FOUND in AWS docs",
		"see Append" + "ix B.11",
		"written from ../" + "shared/research/emulators.md",
		"kumo v0.33.1 (/" + "work/shared/research/emulators.md)",
	} {
		if got := findInternalCitations([]byte("ok\n" + line + "\n")); len(got) != 1 || !strings.HasPrefix(got[0], "2: ") {
			t.Errorf("%q: got %q, want one hit on line 2", line, got)
		}
	}
	if got := findInternalCitations([]byte("(https://docs.aws.amazon.com/iot/latest/developerguide/pass-role.html)\nsee docs/emulators.md\n")); got != nil {
		t.Errorf("AWS URL and docs/ path flagged: %q", got)
	}
}

// TestGeneratedProjectsCiteNoInternalDocs renders every route of the build
// matrix and fails on any generated file (README, iam/*.json, code) that
// cites what the user does not have.
func TestGeneratedProjectsCiteNoInternalDocs(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		t.Run(mc.name, func(t *testing.T) {
			files, err := Render(newSpec(t, c, mc), c)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				for _, hit := range findInternalCitations(f.Data) {
					t.Errorf("%s:%s", f.Path, hit)
				}
			}
		})
	}
}

// TestSourcesCiteNoInternalDocs walks the module's Go files and templates
// (tests included) and fails on any citation a maintainer cannot follow
// from the repository alone.
func TestSourcesCiteNoInternalDocs(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".tmpl") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(root, path)
		for _, hit := range findInternalCitations(data) {
			t.Errorf("%s:%s", rel, hit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked only %d files under %s: is that the module root?", checked, root)
	}
}

// moduleRoot is the nearest directory above the working directory that
// holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
