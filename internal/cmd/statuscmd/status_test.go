package statuscmd_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/app/apptest"
	"github.com/wireup/wireup/internal/awsfake"
	"github.com/wireup/wireup/internal/cmdutil"
)

// deployed is a generated app-to-sqs project deployed to a fake moto.
func deployed(t *testing.T) (string, *awsfake.Endpoint, *awsfake.SQS) {
	t.Helper()
	awsfake.IsolateAWS(t)
	ep, sqs := awsfake.NewSQS(t, "moto")
	root := t.TempDir()
	if code, _, e := apptest.Run(t, root, "new", "--route", "app-to-sqs", "--name", "p1", "--no-prompt"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, e)
	}
	dir := filepath.Join(root, "p1")
	if code, _, e := apptest.Run(t, dir, "deploy", "--endpoint", ep.URL); code != 0 {
		t.Fatalf("deploy: exit %d: %s", code, e)
	}
	return dir, ep, sqs
}

// status reads every planned resource back from the target: all ok after a
// deploy; a queue policy changed behind wireup's back is changed, a
// deleted queue missing, and --exit-code then exits 1; --json says the
// same per resource.
func TestStatusReadsTheTarget(t *testing.T) {
	dir, _, sqs := deployed(t)
	code, out, e := apptest.Run(t, dir, "status", "--exit-code")
	if code != 0 || !strings.Contains(out, "No drift: all 2 resources exist as planned") {
		t.Fatalf("status after deploy: exit %d:\n%s%s", code, out, e)
	}

	sqs.SetAttribute("p1-queue", "Policy", `{"Version":"2012-10-17","Statement":[]}`)
	sqs.Delete("p1-dlq")
	code, out, e = apptest.Run(t, dir, "status")
	if code != 0 {
		t.Fatalf("status without --exit-code: exit %d:\n%s", code, e)
	}
	for _, want := range []string{"missing", "p1-dlq", "deleted outside wireup", "changed", "p1-queue", "queue policy was changed"} {
		if !strings.Contains(out, want) {
			t.Errorf("status does not say %q:\n%s", want, out)
		}
	}
	if code, _, _ = apptest.Run(t, dir, "status", "--exit-code"); code != cmdutil.ExitFailure {
		t.Errorf("status --exit-code with drift: exit %d, want 1", code)
	}

	code, out, e = apptest.Run(t, dir, "status", "--json")
	if code != 0 {
		t.Fatalf("status --json: exit %d: %s", code, e)
	}
	var rep struct {
		Items []struct {
			ID, Status, Detail string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("status --json is no JSON: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, r := range rep.Items {
		got[r.ID] = r.Status
	}
	if got["dlq"] != "missing" || got["queue"] != "changed" {
		t.Errorf("status --json: %v, want dlq missing and queue changed:\n%s", got, out)
	}
}
