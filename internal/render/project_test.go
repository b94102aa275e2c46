package render

import (
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// goPackages parses the imports of every generated Go file, without
// building: package directory → the packages its files (tests included)
// import, as module-relative directories, and whether it is a main package.
func goPackages(t *testing.T, files Files, module string) (imports map[string][]string, mains []string) {
	t.Helper()
	imports = map[string][]string{}
	isMain := map[string]bool{}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		dir := path.Dir(f.Path)
		if _, ok := imports[dir]; !ok {
			imports[dir] = nil
		}
		if af.Name.Name == "main" {
			isMain[dir] = true
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if rel, ok := strings.CutPrefix(p, module+"/"); ok {
				imports[dir] = append(imports[dir], rel)
			}
		}
	}
	for dir := range isMain {
		mains = append(mains, dir)
	}
	slices.Sort(mains)
	return imports, mains
}

// TestNoUnusedPackages walks every matrix project's Go files and fails on a
// generated package that no main package (or its tests), directly or
// through other packages, imports: a leftover of a role the route does
// not have.
func TestNoUnusedPackages(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		files, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		for _, dir := range unimported(t, files) {
			t.Errorf("%s: %s is generated but no main package or its tests imports it", mc.name, dir)
		}
	}
}

// TestUnimportedFindsLeftovers is TestNoUnusedPackages's check on a tree
// with a leftover package, so that check can fail.
func TestUnimportedFindsLeftovers(t *testing.T) {
	files := Files{
		{Path: "go.mod", Data: []byte("module example.com/x\n\ngo 1.26\n")},
		{Path: "cmd/producer/main.go", Data: []byte("package main\n\nimport _ \"example.com/x/internal/producer\"\n\nfunc main() {}\n")},
		{Path: "cmd/producer/main_test.go", Data: []byte("package main\n\nimport _ \"example.com/x/internal/consumer\"\n")},
		{Path: "internal/producer/producer.go", Data: []byte("package producer\n\nimport _ \"example.com/x/internal/event\"\n")},
		{Path: "internal/event/event.go", Data: []byte("package event\n")},
		{Path: "internal/consumer/consumer.go", Data: []byte("package consumer\n")},
		{Path: "internal/leftover/leftover.go", Data: []byte("package leftover\n\nimport _ \"example.com/x/internal/deeper\"\n")},
		{Path: "internal/leftover/leftover_test.go", Data: []byte("package leftover\n")},
		{Path: "internal/deeper/deeper.go", Data: []byte("package deeper\n")},
	}
	if got, want := unimported(t, files), []string{"internal/deeper", "internal/leftover"}; !slices.Equal(got, want) {
		t.Errorf("unimported = %v, want %v", got, want)
	}
}

// unimported lists the package directories of a generated tree that no main
// package reaches through imports (its tests' imports included), sorted.
func unimported(t *testing.T, files Files) []string {
	t.Helper()
	imports, mains := goPackages(t, files, goModule(t, files))
	if len(mains) == 0 {
		t.Errorf("no main package")
	}
	reached := map[string]bool{}
	queue := slices.Clone(mains)
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		if !reached[dir] {
			reached[dir] = true
			queue = append(queue, imports[dir]...)
		}
	}
	var out []string
	for dir := range imports {
		if !reached[dir] {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// goModule is the module path of a generated go.mod.
func goModule(t *testing.T, files Files) string {
	t.Helper()
	f := files.Get("go.mod")
	if f == nil {
		t.Fatal("no go.mod")
	}
	for _, line := range strings.Split(string(f.Data), "\n") {
		if m, ok := strings.CutPrefix(line, "module "); ok {
			return strings.TrimSpace(m)
		}
	}
	t.Fatal("go.mod has no module line")
	return ""
}
