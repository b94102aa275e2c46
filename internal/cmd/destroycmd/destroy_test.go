package destroycmd

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
)

// keptErr is Destroy's error for a run that kept bucket "data" and failed
// to delete queue "q", as the engine builds it.
func keptErr() error {
	return errors.Join(
		fmt.Errorf("delete s3.bucket data: %w", &s3.KeptError{Bucket: "data", Objects: 2, Versions: 2}),
		fmt.Errorf("delete sqs.queue q: %w", errors.New("AccessDenied")))
}

func TestSplitKept(t *testing.T) {
	kept, rest := splitKept(keptErr())
	if len(kept) != 1 || kept["data"] == nil {
		t.Errorf("kept = %v, want bucket data", kept)
	}
	if rest == nil || !strings.Contains(rest.Error(), "sqs.queue q") || strings.Contains(rest.Error(), "s3.bucket") {
		t.Errorf("rest = %v, want only the queue's failure", rest)
	}
	kept, rest = splitKept(fmt.Errorf("delete s3.bucket data: %w", &s3.KeptError{Bucket: "data", Objects: 1}))
	if len(kept) != 1 || rest != nil {
		t.Errorf("only a kept bucket: kept %v, rest %v", kept, rest)
	}
	if kept, rest := splitKept(nil); kept != nil || rest != nil {
		t.Errorf("no error: %v, %v", kept, rest)
	}
}

// A bucket's failed delete reaches the view only once Destroy has
// answered: as skipped with the reason when it was kept on purpose, as the
// failure it was otherwise. Every other event passes at once.
func TestKeepView(t *testing.T) {
	for _, tc := range []struct {
		name string
		kept map[string]*s3.KeptError
		want []string
	}{
		{"kept", map[string]*s3.KeptError{"data": {Bucket: "data", Objects: 2}},
			[]string{"failed sqs.queue q", "done s3.bucket old", "skipped s3.bucket data kept: it holds 2 objects and s3.forceDestroy is false"}},
		{"failed", nil, []string{"failed sqs.queue q", "done s3.bucket old", "failed s3.bucket data AccessDenied"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			v := &keepView{next: deploy.ObserverFunc(func(e deploy.Event) {
				got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %s %s%s", e.Type, e.Kind, e.Name, e.Message, e.Err)))
			})}
			bucket := string(plan.KindBucket)
			v.Event(deploy.Event{Type: deploy.EventFailed, Op: deploy.OpDelete, Kind: bucket, Name: "data", Err: "AccessDenied"})
			v.Event(deploy.Event{Type: deploy.EventFailed, Op: deploy.OpDelete, Kind: string(plan.KindQueue), Name: "q"})
			v.Event(deploy.Event{Type: deploy.EventDone, Op: deploy.OpDelete, Kind: bucket, Name: "old"})
			if len(got) != 2 {
				t.Fatalf("before Destroy answered: %v, want the bucket's failure held", got)
			}
			v.flush(tc.kept)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]string{"old"}, v.deletedBuckets()); d != "" {
				t.Errorf("deleted buckets (-want +got):\n%s", d)
			}
		})
	}
}

func bucketPlan(name, forceDestroy string) *plan.Plan {
	return &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDBucket, Kind: plan.KindBucket, Name: name,
		Settings: map[string]string{"forceDestroy": forceDestroy}}}}
}

func bucketState(name, forceDestroy string) *deploy.State {
	return &deploy.State{Resources: map[string]*deploy.ResourceState{plan.IDBucket: {ID: plan.IDBucket, Kind: string(plan.KindBucket), Name: name,
		Inputs: map[string]string{"forceDestroy": forceDestroy}}}}
}

// Destroy follows the setting a bucket was deployed with. When wireup.yaml
// now says to keep the bucket but the deploy said to empty it, destroy
// refuses to start (exit 2, nothing deleted) instead of emptying it.
func TestBucketSettingsCheck(t *testing.T) {
	for _, tc := range []struct {
		name            string
		p               *plan.Plan
		st              *deploy.State
		wantErr         bool
		deleted, wanted string
	}{
		{name: "kept since deploy", p: bucketPlan("data", "false"), st: bucketState("data", "false"),
			deleted: "data", wanted: "Deleted bucket data: it was empty (s3.forceDestroy: false keeps a bucket only while it holds objects)."},
		{name: "emptied since deploy", p: bucketPlan("data", "true"), st: bucketState("data", "true"),
			deleted: "data", wanted: "Deleted bucket data with its objects (s3.forceDestroy: true)."},
		{name: "now kept, not deployed", p: bucketPlan("data", "false"), st: bucketState("data", "true"), wantErr: true},
		// A bucket an older spec named follows the project's setting.
		{name: "renamed, now kept", p: bucketPlan("data2", "false"), st: bucketState("data", "true"), wantErr: true},
		// Keeping more than the spec now asks loses nothing: the kept
		// message says how to apply the new setting.
		{name: "now emptied, not deployed", p: bucketPlan("data", "true"), st: bucketState("data", "false"),
			deleted: "data", wanted: "Deleted bucket data: it was empty (s3.forceDestroy: false keeps a bucket only while it holds objects)."},
		// Without a state, the bucket found by its tags follows the plan.
		{name: "no state", p: bucketPlan("data", "false"), st: &deploy.State{},
			deleted: "data", wanted: "Deleted bucket data: it was empty (s3.forceDestroy: false keeps a bucket only while it holds objects)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBucketSettings(tc.p, tc.st)
			err := b.check()
			var flag *cmdutil.FlagError
			if tc.wantErr {
				if !errors.As(err, &flag) || !strings.Contains(err.Error(), "bucket data") || !strings.Contains(err.Error(), "wireup deploy") {
					t.Errorf("check = %v, want a usage error naming the bucket and what to run", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			if got := b.deletedLine(tc.deleted); got != tc.wanted {
				t.Errorf("deleted line %q, want %q", got, tc.wanted)
			}
		})
	}
}

// The summary of a destroy that kept a bucket says what, where, why and
// how to remove it, and what else was deleted; never that nothing is left.
func TestWriteKept(t *testing.T) {
	var buf bytes.Buffer
	kept := map[string]*s3.KeptError{"data": {Bucket: "data", Objects: 2}}
	writeKept(&buf, "demo", "moto at http://127.0.0.1:5000 (us-east-1)", kept, &deploy.Result{Counts: deploy.Counts{Deleted: 3}})
	out := buf.String()
	for _, want := range []string{
		"Kept bucket data on moto at http://127.0.0.1:5000 (us-east-1): it holds 2 objects and s3.forceDestroy is false, as wireup.yaml asks.",
		"aws s3 rm s3://data --recursive", "set s3.forceDestroy: true", "Deleted the other 3 resources of demo",
		"what was kept is still the project's",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Nothing of") || strings.Contains(out, "still there") {
		t.Errorf("summary calls the kept bucket a leftover:\n%s", out)
	}
	buf.Reset()
	writeKept(&buf, "demo", "moto", kept, nil)
	if !strings.Contains(buf.String(), "Nothing else of demo was there to delete") {
		t.Errorf("summary without other deletions:\n%s", buf.String())
	}
}
