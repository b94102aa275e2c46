package deploy

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeKind is a provider that records what the engine asks of it. Ensure
// reports the resource created, then fails when failAfterCreate names it.
type fakeKind struct {
	kind plan.Kind
	mu   sync.Mutex
	log  []string
	// recorded is what Request.Recorded said, by resource id.
	recorded        map[string]bool
	failAfterCreate string
	gone            map[string]bool
}

func (f *fakeKind) add(s string) {
	f.mu.Lock()
	f.log = append(f.log, s)
	f.mu.Unlock()
}

func (f *fakeKind) Kind() plan.Kind { return f.kind }

func (f *fakeKind) Ensure(_ context.Context, req *service.Request) (map[string]string, error) {
	f.mu.Lock()
	f.recorded[req.Resource.ID] = req.Recorded
	f.mu.Unlock()
	f.add("ensure " + req.Resource.ID)
	out := map[string]string{"name": req.Resource.Name, "arn": "arn:" + req.Resource.ID}
	req.Created(out)
	if req.Resource.ID == f.failAfterCreate {
		return nil, errors.New("tagging failed")
	}
	return out, nil
}

func (f *fakeKind) Exists(_ context.Context, _ service.Env, rec *service.Record) (bool, error) {
	return !f.gone[rec.ID], nil
}

func (f *fakeKind) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

func (f *fakeKind) Delete(_ context.Context, _ service.Env, rec *service.Record) error {
	f.add("delete " + rec.ID)
	return nil
}

// fakePlan is a -> b -> c of the fake kind.
func fakePlan() *plan.Plan {
	return &plan.Plan{Project: "demo", Route: []string{"x"}, Resources: []*plan.Resource{
		{ID: "a", Kind: "fake.kind", Name: "demo-a", Hash: "h"},
		{ID: "b", Kind: "fake.kind", Name: "demo-b", DependsOn: []string{"a"}, Refs: map[string]string{"in": "a.arn"}, Hash: "h", Level: 1},
		{ID: "c", Kind: "fake.kind", Name: "demo-c", DependsOn: []string{"b"}, Hash: "h", Level: 2},
	}}
}

func fakeEngine(t *testing.T, f *fakeKind) *Engine {
	t.Helper()
	kinds, err := service.NewKinds([]service.Provider{f})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
}

// A provider reports what it created through Request.Created: a resource
// whose create succeeded and whose next call failed is in the state (with
// an empty hash) for destroy, and the next deploy ensures it again as one
// the state records.
func TestCreatedIsRecordedBeforeAFailure(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}, failAfterCreate: "b"}
	e := fakeEngine(t, f)
	p := fakePlan()
	res, err := e.Apply(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "tagging failed") {
		t.Fatalf("apply: %v, want the failure", err)
	}
	if res.Counts.Created != 1 || res.Counts.Failed != 1 || res.Counts.Skipped != 1 {
		t.Errorf("counts %+v, want a created, b failed, c skipped", res.Counts)
	}
	st, err := LoadState(e.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if b := st.Resources["b"]; b == nil || b.Hash != "" || b.Outputs["arn"] != "arn:b" {
		t.Fatalf("state of b = %+v, want it recorded with an empty hash", b)
	}
	if b := st.Resources["b"]; b.Inputs["in"] != "arn:a" {
		t.Errorf("b's inputs %v, want a's arn resolved", b.Inputs)
	}
	f.failAfterCreate = ""
	if _, err := e.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"a": false, "b": true, "c": false}
	if d := cmp.Diff(want, f.recorded); d != "" {
		t.Errorf("Request.Recorded (-want +got):\n%s", d)
	}
	// Destroy walks the same graph backwards.
	f.log = nil
	if _, err := e.Destroy(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"delete c", "delete b", "delete a"}, f.log); d != "" {
		t.Errorf("destroy order (-want +got):\n%s", d)
	}
}

// A kind no provider serves fails that resource with an error that says
// what to do, and nothing after it starts.
func TestUnknownKind(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	e := fakeEngine(t, f)
	p := fakePlan()
	p.Resources[1].Kind = "other.kind"
	_, err := e.Apply(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "unknown resource kind other.kind") {
		t.Fatalf("apply: %v", err)
	}
	if slices.Contains(f.log, "ensure c") {
		t.Errorf("c was ensured after its dependency failed: %v", f.log)
	}
}

// A cancelled walk starts nothing more, in either direction.
func TestWalkCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var visited []string
	after := map[string][]string{"b": {"a"}, "c": {"b"}}
	walk(ctx, []string{"a", "b", "c"}, func(id string) []string { return after[id] }, 2, func(_ context.Context, id string) error {
		mu.Lock()
		visited = append(visited, id)
		mu.Unlock()
		cancel()
		return nil
	}, func(string, []string) {})
	if d := cmp.Diff([]string{"a"}, visited); d != "" {
		t.Errorf("visited after cancel (-want +got):\n%s", d)
	}
}

// keptErr is a Delete that keeps its resource on purpose.
type keptErr struct{}

func (keptErr) Error() string              { return "kept" }
func (keptErr) Kept() (why, remedy string) { return "it holds objects", "empty it" }

type keepingKind struct{ *fakeKind }

func (k keepingKind) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	if rec.ID == "a" {
		k.add("keep " + rec.ID)
		return keptErr{}
	}
	return k.fakeKind.Delete(ctx, env, rec)
}

// A resource kept on purpose is not a failure: destroy deletes the rest,
// keeps its record for the next destroy, and answers with a KeptError that
// says why and what removes it.
func TestDestroyKeepsWhatTheSpecKeeps(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	kinds, err := service.NewKinds([]service.Provider{keepingKind{f}})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
	p := fakePlan()
	if _, err := e.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	res, err := e.Destroy(context.Background(), p)
	var kept *KeptError
	if !errors.As(err, &kept) || len(kept.Kept) != 1 || kept.Kept[0].Name != "demo-a" || kept.Kept[0].Remedy != "empty it" {
		t.Fatalf("destroy: %v, want a KeptError for demo-a", err)
	}
	if res.Counts.Kept != 1 || res.Counts.Deleted != 2 || res.Counts.Failed != 0 {
		t.Errorf("counts %+v, want 2 deleted, 1 kept, none failed", res.Counts)
	}
	st, err := LoadState(e.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 1 || st.Resources["a"] == nil {
		t.Errorf("state after destroy %v, want only the kept resource", st.Resources)
	}
}
