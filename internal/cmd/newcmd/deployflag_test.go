package newcmd_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// deploy's flags without --deploy, --deploy with --dry-run and a bad
// --module are usage errors that write nothing.
func TestNewDeployFlagErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--endpoint", "http://127.0.0.1:5000"}, "--endpoint choose where --deploy deploys: add --deploy"},
		{[]string{"--profile", "p", "--target", "aws", "--accept-cost"}, "--profile, --target, --accept-cost choose where --deploy deploys"},
		{[]string{"--deploy", "--dry-run"}, "--deploy cannot be combined with --dry-run"},
		{[]string{"--module", "demo"}, `invalid --module "demo": must be a Go module path`},
		{[]string{"--module", "github.com/you/my demo"}, "invalid --module"},
	} {
		code, stderr := run(t, append([]string{"new", "--route", "s3-to-sqs", "--name", "x", "--dir", dir}, tc.args...)...)
		if code != cmdutil.ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v: wrote %s", tc.args, dir)
		}
	}
}

// --module is the generated module's path, in go.mod, the imports and
// wireup.yaml, and --spec regenerates it.
func TestNewModule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "inbox")
	if code, stderr := run(t, "new", "--route", "s3-to-sqs", "--name", "inbox", "--dir", dir, "--module", "github.com/you/inbox"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.HasPrefix(string(gomod), "module github.com/you/inbox\n") {
		t.Errorf("go.mod:\n%s", gomod)
	}
	y, _ := os.ReadFile(filepath.Join(dir, "wireup.yaml"))
	if !strings.Contains(string(y), "module: github.com/you/inbox\n") {
		t.Errorf("wireup.yaml has no module:\n%s", y)
	}
	again := filepath.Join(t.TempDir(), "again")
	if code, stderr := run(t, "new", "--spec", filepath.Join(dir, "wireup.yaml"), "--dir", again); code != 0 {
		t.Fatalf("--spec: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(again, "go.mod")); string(b) != string(gomod) {
		t.Errorf("--spec go.mod differs:\n%s", b)
	}
	var imports int
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, _ error) error {
		if strings.HasSuffix(p, ".go") {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), "example.com/") {
				t.Errorf("%s still imports example.com/", p)
			}
			imports += strings.Count(string(b), `"github.com/you/inbox/`)
		}
		return nil
	})
	if imports == 0 {
		t.Error("no generated file imports github.com/you/inbox/...")
	}
}

// TestEmulatorNewDeploy: `wireup new --deploy --endpoint` generates the
// project and deploys it, as `wireup deploy` in it would (the banner, the
// state, a second deploy with nothing to do).
func TestEmulatorNewDeploy(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	name := fmt.Sprintf("nd%d", time.Now().UnixNano()%1_000_000_000)
	dir := filepath.Join(t.TempDir(), name)
	runEnv := func(args ...string) (cmdutil.ExitCode, string) {
		ios, _, _, stderr := iostreams.Test()
		f := app.NewFactory(ios)
		f.Getenv = func(k string) string {
			if k == "AWS_ENDPOINT_URL" {
				return "" // the flag names the endpoint
			}
			return os.Getenv(k)
		}
		return app.Run(context.Background(), args, f), stderr.String()
	}
	t.Setenv("AWS_ENDPOINT_URL", "")
	code, stderr := runEnv("new", "--route", "s3-to-sqs", "--name", name, "--dir", dir, "--deploy", "--endpoint", ep)
	t.Cleanup(func() {
		if code, e := runEnv("destroy", "--spec", filepath.Join(dir, "wireup.yaml")); code != 0 {
			t.Errorf("destroy: exit %d: %s", code, e)
		}
	})
	if code != 0 {
		t.Fatalf("new --deploy: exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "Created "+dir) || !strings.Contains(stderr, "Deploying "+name) || !strings.Contains(stderr, ep) {
		t.Errorf("new --deploy did not generate, then deploy to %s:\n%s", ep, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".wireup", "state.json")); err != nil {
		t.Errorf("no state: %v", err)
	}
	if strings.Contains(stderr, "Next:") {
		t.Errorf("new --deploy lists the manual next steps it has just done:\n%s", stderr)
	}
	if code, e := runEnv("deploy", "--spec", filepath.Join(dir, "wireup.yaml")); code != 0 || !strings.Contains(e, "No changes") {
		t.Errorf("deploy after new --deploy: exit %d, want no changes:\n%s", code, e)
	}
}
