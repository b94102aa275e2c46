package verifycmd_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/app/apptest"
	"github.com/wireup/wireup/internal/awsfake"
	"github.com/wireup/wireup/internal/cmdutil"
)

// verify sends a canary into the deployed queue and proves the route only
// when the canary comes back: on a fake moto that delivers, exit 0 with
// the hop; on one that loses every message, exit 1 naming the canary that
// did not arrive; before a deploy, exit 1 saying to deploy first.
func TestVerifyProvesOnlyWhatArrives(t *testing.T) {
	for _, tt := range []struct {
		name string
		drop bool
		code cmdutil.ExitCode
		want string
	}{
		{"delivers", false, cmdutil.ExitOK, "Verified: canary"},
		{"loses every message", true, cmdutil.ExitFailure, "did not arrive within 1s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			awsfake.IsolateAWS(t)
			ep, sqs := awsfake.NewSQS(t, "moto")
			sqs.Drop = tt.drop
			root := t.TempDir()
			if code, _, e := apptest.Run(t, root, "new", "--route", "app-to-sqs", "--name", "p1", "--no-prompt"); code != 0 {
				t.Fatalf("new: exit %d: %s", code, e)
			}
			dir := filepath.Join(root, "p1")
			if code, _, e := apptest.Run(t, dir, "verify", "--endpoint", ep.URL, "--timeout", "1s"); code != cmdutil.ExitFailure || !strings.Contains(e, "wireup deploy") {
				t.Errorf("verify before deploy: exit %d, want 1 saying to deploy:\n%s", code, e)
			}
			if code, _, e := apptest.Run(t, dir, "deploy", "--endpoint", ep.URL); code != 0 {
				t.Fatalf("deploy: exit %d: %s", code, e)
			}
			code, out, e := apptest.Run(t, dir, "verify", "--timeout", "1s")
			if code != tt.code || !strings.Contains(out+e, tt.want) {
				t.Fatalf("verify: exit %d, want %d saying %q:\n%s%s", code, tt.code, tt.want, out, e)
			}
			if tt.drop {
				return
			}
			code, out, e = apptest.Run(t, dir, "verify", "--timeout", "1s", "--json")
			var rep struct {
				Verified bool
				Hops     []struct{ Path string }
			}
			if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || !rep.Verified || len(rep.Hops) == 0 || rep.Hops[0].Path != "app → sqs" {
				t.Errorf("verify --json: exit %d, %v, %+v:\n%s%s", code, err, rep, out, e)
			}
		})
	}
}
