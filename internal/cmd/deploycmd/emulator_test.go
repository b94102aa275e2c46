package deploycmd_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/targets"
)

// run executes the real CLI in-process in dir and returns the exit code,
// stdout and stderr.
func run(t *testing.T, dir string, args ...string) (cmdutil.ExitCode, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := app.NewFactory(ios)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := app.Run(context.Background(), args, f)
	return code, out.String(), errOut.String()
}

// The CLI end to end on a generated project: new, plan, deploy (twice),
// status, verify (pass, or exit 3 with the reason), destroy.
func TestEmulatorCLI(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	tg, err := targets.Parse(os.Getenv("WIREUP_TARGET"))
	if err != nil {
		if tg, err = targets.Detect(context.Background(), ep, nil); err != nil {
			t.Skip(err)
		}
	}
	for _, route := range []string{"s3-to-sqs", "s3-to-lambda", "sqs-to-lambda"} {
		t.Run(route, func(t *testing.T) {
			root := t.TempDir()
			b := make([]byte, 3)
			_, _ = rand.Read(b)
			name := "cli-" + strings.ReplaceAll(route, "-to-", "") + "-" + hex.EncodeToString(b)
			if code, _, e := run(t, root, "new", "--route", route, "--name", name, "--no-prompt"); code != 0 {
				t.Fatalf("new: exit %d: %s", code, e)
			}
			dir := filepath.Join(root, name)
			t.Cleanup(func() {
				if code, _, e := run(t, dir, "destroy"); code != 0 {
					t.Errorf("destroy: exit %d: %s", code, e)
				}
			})
			if code, out, e := run(t, dir, "plan", "--json"); code != 0 || !strings.Contains(out, `"resources"`) {
				t.Fatalf("plan: exit %d: %s %s", code, out, e)
			}
			code, _, e := run(t, dir, "deploy")
			if code != 0 {
				t.Fatalf("deploy: exit %d: %s", code, e)
			}
			if !strings.Contains(e, "Deploying "+name) || !strings.Contains(e, ep) {
				t.Errorf("deploy did not print the target first:\n%s", e)
			}
			if code, _, e := run(t, dir, "deploy"); code != 0 || !strings.Contains(e, "No changes") {
				t.Errorf("second deploy: exit %d, want 'No changes':\n%s", code, e)
			}
			if code, out, e := run(t, dir, "status", "--exit-code"); code != 0 {
				t.Errorf("status shows drift: exit %d:\n%s%s", code, out, e)
			}
			code, out, e := run(t, dir, "verify", "--timeout", "15s")
			c := targets.Route(tg, []string{route})
			switch {
			case c.Data && code != 0:
				t.Errorf("verify: exit %d, want 0:\n%s%s", code, out, e)
			case !c.Data && (code != cmdutil.ExitUnverified || !strings.Contains(e, "wired, data flow not verifiable on "+string(tg))):
				t.Errorf("verify: exit %d, want 3 with the reason:\n%s%s", code, out, e)
			case !c.Data:
				t.Logf("verify exit 3: %s", strings.TrimSpace(e))
			}
		})
	}
}
