package render

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/targets"
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

// makeRunRe finds a `make` command line in generated text: the words after
// "make" up to the end of the command.
var makeRunRe = regexp.MustCompile("(?m)(?:^|[`&;(\"]\\s*)make((?: +[A-Za-z0-9_.=-]+)+)")

// makeCalls lists the targets every `make ...` in text names (variable
// assignments such as N=20 left out).
func makeCalls(text string) []string {
	var out []string
	for _, m := range makeRunRe.FindAllStringSubmatch(text, -1) {
		for _, w := range strings.Fields(m[1]) {
			if !strings.Contains(w, "=") && !strings.HasPrefix(w, "-") {
				out = append(out, w)
			}
		}
	}
	return out
}

// makeRules parses a Makefile: the targets it defines, with their "## "
// help text, and its simple variables.
func makeRules(mk string) (rules map[string]string, vars map[string]string, recipes map[string][]string) {
	rules, vars, recipes = map[string]string{}, map[string]string{}, map[string][]string{}
	ruleRe := regexp.MustCompile(`^([A-Za-z0-9_.-]+):(?:[^=]|$)(.*)$`)
	varRe := regexp.MustCompile(`^([A-Z_]+)\s*[:?]?=\s*(.*)$`)
	current := ""
	for _, line := range strings.Split(mk, "\n") {
		if strings.HasPrefix(line, "\t") {
			if current != "" {
				recipes[current] = append(recipes[current], strings.TrimPrefix(line, "\t"))
			}
			continue
		}
		current = ""
		if m := varRe.FindStringSubmatch(line); m != nil {
			vars[m[1]] = m[2]
			continue
		}
		if m := ruleRe.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[1], ".") {
			_, help, _ := strings.Cut(m[2], "## ")
			rules[m[1]], current = help, m[1]
		}
	}
	return rules, vars, recipes
}

func TestMakeCalls(t *testing.T) {
	text := "```sh\nmake moto-up                 # moto\nmake run-producer N=20\nmake destroy moto-down\n```\n" +
		"`make run-consumer` and `make plan`; \"  make kumo-up && export X=1 && make deploy && go test\"\n"
	want := []string{"moto-up", "run-producer", "destroy", "moto-down", "run-consumer", "plan", "kumo-up", "deploy"}
	if got := makeCalls(text); !slices.Equal(got, want) {
		t.Errorf("makeCalls = %v, want %v", got, want)
	}
}

// TestReadmeRecipesRun checks that every `make <target>` the generated
// README and code name is a target the generated Makefile defines, that
// every target documents itself for `make help`, the default goal, and,
// for the golden routes, that make itself can plan each of them (make -n).
func TestReadmeRecipesRun(t *testing.T) {
	c := loadCatalog(t)
	_, makeErr := exec.LookPath("make")
	for _, mc := range matrix {
		files, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		mk := string(files.Get("Makefile").Data)
		rules, _, _ := makeRules(mk)
		if !strings.Contains(mk, ".DEFAULT_GOAL := help\n") || rules["help"] == "" {
			t.Errorf("%s: the Makefile's default goal is not a documented help target", mc.name)
		}
		for target, help := range rules {
			if help == "" {
				t.Errorf("%s: make target %s has no ## help text, so make help does not list it", mc.name, target)
			}
		}
		var named []string
		for _, f := range files {
			if f.Path == "README.md" || strings.HasSuffix(f.Path, ".go") {
				named = append(named, makeCalls(string(f.Data))...)
			}
		}
		slices.Sort(named)
		named = slices.Compact(named)
		if len(named) < 5 {
			t.Errorf("%s: only %v found as make calls: is the extraction broken?", mc.name, named)
		}
		for _, target := range named {
			if _, ok := rules[target]; !ok {
				t.Errorf("%s: the generated files run make %s, which the Makefile does not define", mc.name, target)
			}
		}
		if makeErr != nil || !slices.Contains(goldenCases, mc.name) {
			continue
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "Makefile"), []byte(mk), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, target := range append(named, "") {
			args := []string{"-n", "-C", dir}
			if target != "" {
				args = append(args, target)
			}
			out, err := exec.Command("make", args...).CombinedOutput()
			if err != nil {
				t.Errorf("%s: make -n %s: %v\n%s", mc.name, target, err, out)
			}
			if target == "" && !strings.Contains(string(out), "grep -E") {
				t.Errorf("%s: make with no target does not run help:\n%s", mc.name, out)
			}
		}
	}
}

// TestLambdaBuildIsDeploys checks that `make lambda` runs the build
// wireup deploy runs (package build): same environment, same flags, one
// bootstrap per function.
func TestLambdaBuildIsDeploys(t *testing.T) {
	c := loadCatalog(t)
	seen := 0
	for _, mc := range matrix {
		files, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		var fns []string
		for _, fn := range []string{"handler", "transform"} {
			if files.Get("cmd/"+fn+"/main.go") != nil {
				fns = append(fns, fn)
			}
		}
		rules, vars, recipes := makeRules(string(files.Get("Makefile").Data))
		if len(fns) == 0 {
			if _, ok := rules["lambda"]; ok {
				t.Errorf("%s: a lambda target without a Lambda function", mc.name)
			}
			continue
		}
		seen++
		vars["GO"] = "go"
		var got []string
		for _, line := range recipes["lambda"] {
			for k, v := range vars {
				line = strings.ReplaceAll(line, "$("+k+")", v)
			}
			got = append(got, strings.Join(splitShell(t, line), "\x00"))
		}
		var want []string
		for _, fn := range fns {
			w := append(append(append(build.Env(), "go", "build"), build.Flags()...), "-o", "build/"+fn+"/bootstrap", "./cmd/"+fn)
			want = append(want, strings.Join(w, "\x00"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: make lambda runs\n%q\nwireup deploy builds with\n%q", mc.name, got, want)
		}
	}
	if seen == 0 {
		t.Fatal("no matrix route has a Lambda function")
	}
}

// splitShell splits a command line into words: single quotes only, as
// shellWords writes them.
func splitShell(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var w strings.Builder
	in, quoted := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				out = append(out, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if in {
		out = append(out, w.String())
	}
	return out
}

// TestReadmeLeadsWithProvingTarget checks that the README's local recipe
// uses the first emulator the capability table says moves data on the
// route (else the first that deploys it), and that neither the README nor
// the integration test send the user to another one first.
func TestReadmeLeadsWithProvingTarget(t *testing.T) {
	c := loadCatalog(t)
	tb, err := registry.Targets()
	if err != nil {
		t.Fatal(err)
	}
	order := []targets.Target{targets.Moto, targets.Kumo, targets.LocalStack}
	for _, mc := range matrix {
		s := newSpec(t, c, mc)
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		var lead targets.Target
		for _, data := range []bool{true, false} {
			for _, tg := range order {
				if r := tb.Route(tg, s.Route); lead == "" && r.Deploy && (r.Data || !data) {
					lead = tg
				}
			}
		}
		readme := string(files.Get("README.md").Data)
		itest := string(files.Get("cmd/producer/integration_test.go").Data)
		for name, text := range map[string]string{"README.md": readme, "cmd/producer/integration_test.go": itest} {
			var first string
			for _, target := range makeCalls(text) {
				if strings.HasSuffix(target, "-up") {
					first = strings.TrimSuffix(target, "-up")
					break
				}
			}
			if first != string(lead) {
				t.Errorf("%s: %s starts the emulator %q first, the capability table's choice is %q", mc.name, name, first, lead)
			}
		}
		start, err := LocalStart(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := "make " + string(lead) + "-up && "; (lead == "" && start != "") || (lead != "" && !strings.HasPrefix(start, want)) {
			t.Errorf("%s: LocalStart (wireup new's next step) = %q, want it to start with %q", mc.name, start, want)
		}
		if lead == "" && !strings.Contains(readme, "No emulator wireup knows can deploy this route") {
			t.Errorf("%s: no emulator deploys the route, and the README does not say so", mc.name)
		}
		if lead != "" && !strings.Contains(readme, "export AWS_ENDPOINT_URL="+emulatorEndpoint(lead)+" WIREUP_TARGET="+string(lead)+"\n") {
			t.Errorf("%s: the README's recipe does not point AWS_ENDPOINT_URL at %s", mc.name, lead)
		}
		for _, f := range files {
			if strings.Contains(string(f.Data), "github.com/wireup/wireup") {
				t.Errorf("%s: %s links github.com/wireup/wireup, a repository that does not exist", mc.name, f.Path)
			}
		}
	}
}

func emulatorEndpoint(t targets.Target) string {
	if t == targets.Moto {
		return "http://127.0.0.1:5000"
	}
	return "http://127.0.0.1:4566"
}

// TestModulePath checks the generated module path: the spec's when it
// names one (and then no placeholder anywhere), else the placeholder,
// which the README then says is one.
func TestModulePath(t *testing.T) {
	c := loadCatalog(t)
	for _, module := range []string{"", "github.com/you/orders"} {
		s := newSpec(t, c, matrixCaseNamed(t, "s3-sns-sqs"))
		s.Module = module
		files, err := Render(s, c)
		if err != nil {
			t.Fatal(err)
		}
		want := module
		if module == "" {
			want = "example.com/s3-sns-sqs"
		}
		if got := goModule(t, files); got != want {
			t.Errorf("module %q: go.mod says %s, want %s", module, got, want)
		}
		readme := string(files.Get("README.md").Data)
		if says := strings.Contains(readme, "The Go module path `"+want+"` is a placeholder"); says != (module == "") {
			t.Errorf("module %q: README says the module path is a placeholder: %v", module, says)
		}
		if module == "" {
			continue
		}
		for _, f := range files {
			if strings.Contains(string(f.Data), "example.com/") {
				t.Errorf("module %q: %s still names example.com/", module, f.Path)
			}
		}
	}
}

// TestEmulatorVersionsAreMeasured checks that the emulators a generated
// Makefile starts are the versions wireup's own tests run: kumo pinned in
// localstack/tools/go.mod, moto installed by localstack/emulators.sh.
func TestEmulatorVersionsAreMeasured(t *testing.T) {
	for file, want := range map[string]string{
		"../../localstack/tools/go.mod":       "github.com/sivchari/kumo " + kumoVersion + " ",
		"../../localstack/emulators.sh":       "moto[server]==" + motoVersion,
		"../../localstack/docker-compose.yml": "localstack/localstack:" + localStackVersion,
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not pin %q: update the versions in internal/render/emulators.go", file, want)
		}
	}
}
