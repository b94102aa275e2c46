package newcmd_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// run executes the real CLI in-process and returns the exit code and stderr.
func run(t *testing.T, args ...string) (cmdutil.ExitCode, string) {
	t.Helper()
	ios, _, _, stderr := iostreams.Test()
	f := app.NewFactory(ios)
	f.Getenv = func(string) string { return "" }
	code := app.Run(context.Background(), args, f)
	return code, stderr.String()
}

func TestNewWritesProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, stderr := run(t, "new", "--from", "iot", "--to", "s3", "--via", "firehose", "--name", "demo", "--dir", dir)
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{"wireup.yaml", "go.mod", "cmd/producer/main.go", "cmd/consumer/main.go", "iam"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	spec, _ := os.ReadFile(filepath.Join(dir, "wireup.yaml"))
	if !strings.Contains(string(spec), "- iot-to-firehose\n") || !strings.Contains(string(spec), "- firehose-to-s3\n") {
		t.Errorf("wireup.yaml does not hold the route iot → firehose → s3:\n%s", spec)
	}

	// --spec regenerates the same tree.
	again := filepath.Join(t.TempDir(), "again")
	if code, stderr := run(t, "new", "--spec", filepath.Join(dir, "wireup.yaml"), "--dir", again); code != cmdutil.ExitOK {
		t.Fatalf("--spec: exit %d: %s", code, stderr)
	}
	for _, p := range []string{"README.md", "internal/producer/iot.go", "iam/role-demo-firehose-policy.json"} {
		a, _ := os.ReadFile(filepath.Join(dir, p))
		b, _ := os.ReadFile(filepath.Join(again, p))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the flag run and the --spec run", p)
		}
	}
}

func TestNewUnsupportedIntegration(t *testing.T) {
	parent := t.TempDir()
	for _, args := range [][]string{
		{"--from", "dms", "--to", "s3"},
		{"--route", "dms-to-s3"},
	} {
		dir := filepath.Join(parent, "red")
		code, stderr := run(t, append([]string{"new", "--name", "red", "--dir", dir}, args...)...)
		if code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
		if !strings.Contains(stderr, "generation is not available yet for dms-to-s3") {
			t.Errorf("%v: stderr %q does not say which integration is unsupported", args, stderr)
		}
		if es, _ := os.ReadDir(parent); len(es) != 0 {
			t.Errorf("%v: wrote %d entries, want nothing", args, len(es))
		}
	}
}

// A directory of files wireup did not generate is never replaced, not even
// with --force.
func TestNewRefusesForeignDir(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	for _, force := range []bool{false, true} {
		args := []string{"new", "--route", "app-to-sqs", "--name", "demo", "--dir", dir}
		if force {
			args = append(args, "--force")
		}
		code, stderr := run(t, args...)
		if code != cmdutil.ExitUsage || !strings.Contains(stderr, "holds files wireup did not generate") {
			t.Fatalf("force=%v: exit %d, stderr %q; want exit 2 saying it never replaces the directory", force, code, stderr)
		}
		es, _ := os.ReadDir(dir)
		if b, _ := os.ReadFile(mine); len(es) != 1 || string(b) != "mine" {
			t.Errorf("force=%v: the directory changed: %d entries", force, len(es))
		}
		if es, _ := os.ReadDir(filepath.Dir(dir)); len(es) != 1 {
			t.Errorf("force=%v: a temporary directory was left next to it: %d entries", force, len(es))
		}
	}
}

// Regenerating a project is an update: --force is needed, and it keeps the
// files the user changed, .git and the deploy state; run inside the
// project with its own wireup.yaml it updates the project, not a copy.
func TestNewRegeneratesInPlace(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "demo")
	if code, stderr := run(t, "new", "--route", "app-to-sqs", "--name", "demo", "--dir", dir); code != cmdutil.ExitOK {
		t.Fatalf("new: exit %d: %s", code, stderr)
	}
	readme := filepath.Join(dir, "README.md")
	os.WriteFile(readme, []byte("my readme\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	state := filepath.Join(dir, ".wireup", "state.json")
	os.WriteFile(state, []byte(`{"version":1}`), 0o644)
	makefile := filepath.Join(dir, "Makefile")
	os.Remove(makefile)

	spec := filepath.Join(dir, "wireup.yaml")
	code, stderr := run(t, "new", "--spec", spec)
	if code != cmdutil.ExitUsage || !strings.Contains(stderr, "pass --force to regenerate it in place") {
		t.Fatalf("without --force: exit %d, stderr %q; want exit 2 suggesting --force", code, stderr)
	}
	code, stderr = run(t, "new", "--spec", spec, "--dry-run")
	if code != cmdutil.ExitOK || !strings.Contains(stderr, "Would update") || !strings.Contains(stderr, "added    Makefile") {
		t.Fatalf("--dry-run: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(makefile); !os.IsNotExist(err) {
		t.Fatal("--dry-run wrote the Makefile")
	}
	code, stderr = run(t, "new", "--spec", spec, "--force")
	if code != cmdutil.ExitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 added", "1 kept", "kept     README.md", "added    Makefile"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--force output lacks %q:\n%s", want, stderr)
		}
	}
	if b, _ := os.ReadFile(readme); string(b) != "my readme\n" {
		t.Errorf("README.md = %q: the user's edit was overwritten", b)
	}
	for _, p := range []string{filepath.Join(dir, ".git", "HEAD"), state, makefile} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if es, _ := os.ReadDir(dir); slices.ContainsFunc(es, func(e os.DirEntry) bool { return e.Name() == "demo" }) {
		t.Error("regenerating from the project's own spec nested a copy in it")
	}
}

func TestNewUsageErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "app"}, "missing --to, --name"},
		{[]string{"--route", "app-to-sqs"}, "missing --name"},
		{[]string{"--route", "app-to-sqs", "--from", "app", "--name", "x"}, "--route cannot be combined"},
		{[]string{"--route", "app-to-sqs", "--name", "x", "--transform"}, "--transform needs a route through firehose"},
		{[]string{"--from", "app", "--to", "s3", "--via", "sqs", "--name", "x"}, "no route from app to s3 through sqs"},
		{[]string{"--from", "nosuch", "--to", "s3", "--name", "x"}, "unknown service"},
		// Data Pipeline takes no new customers: its replacement is named.
		{[]string{"--from", "datapipeline", "--to", "s3", "--name", "x"}, "wireup generates glue-to-s3 in its place: `wireup new --route glue-to-s3`"},
		{[]string{"--route", "app-to-sqs", "--name", "Bad_Name"}, "name"},
	} {
		code, stderr := run(t, append([]string{"new", "--dir", dir}, tc.args...)...)
		if code != cmdutil.ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v: wrote %s", tc.args, dir)
		}
	}
}
