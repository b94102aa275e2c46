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

// deletedView passes every event on at once and notes the buckets deleted.
func TestDeletedView(t *testing.T) {
	var got []string
	v := &deletedView{next: deploy.ObserverFunc(func(e deploy.Event) {
		got = append(got, fmt.Sprintf("%s %s %s", e.Type, e.Kind, e.Name))
	})}
	bucket := string(plan.KindBucket)
	v.Event(deploy.Event{Type: deploy.EventSkipped, Op: deploy.OpDelete, Kind: bucket, Name: "data", Message: "kept: it holds 2 objects"})
	v.Event(deploy.Event{Type: deploy.EventFailed, Op: deploy.OpDelete, Kind: string(plan.KindQueue), Name: "q"})
	v.Event(deploy.Event{Type: deploy.EventDone, Op: deploy.OpDelete, Kind: bucket, Name: "old"})
	if d := cmp.Diff([]string{"skipped s3.bucket data", "failed sqs.queue q", "done s3.bucket old"}, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"old"}, v.deletedBuckets()); d != "" {
		t.Errorf("deleted buckets (-want +got):\n%s", d)
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
	why, remedy := (&s3.KeptError{Bucket: "data", Objects: 2}).Kept()
	kept := []deploy.Kept{{Kind: string(plan.KindBucket), Name: "data", Why: why, Remedy: remedy}}
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
