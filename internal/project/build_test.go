package project

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
)

// Build reports each Lambda handler build as a step: start, then done with
// its time, or failed; only functions are built.
func TestBuildReportsEachHandler(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/b\n\ngo 1.22\n")
	write("cmd/ok/main.go", "package main\n\nfunc main() {}\n")
	write("cmd/bad/main.go", "package main\n\nfunc main() { undefined() }\n")
	p := &Project{Dir: dir}
	var evs []deploy.Event
	obs := deploy.ObserverFunc(func(e deploy.Event) { evs = append(evs, e) })
	pl := &plan.Plan{Resources: []*plan.Resource{
		{ID: "queue", Kind: plan.KindQueue, Name: "q"},
		{ID: "function", Kind: plan.KindFunction, Name: "demo-fn", Settings: map[string]string{"package": "./cmd/ok"}},
	}}
	zips, err := p.Build(context.Background(), pl, obs)
	if err != nil {
		t.Fatal(err)
	}
	if len(zips["function"]) == 0 || len(zips) != 1 {
		t.Errorf("artifacts: %d, function zip %d bytes", len(zips), len(zips["function"]))
	}
	if len(evs) != 2 || evs[0].Type != deploy.EventStart || evs[1].Type != deploy.EventDone ||
		evs[1].Op != deploy.OpBuild || evs[1].ID != "build/function" || evs[1].Name != "demo-fn (go build ./cmd/ok)" || evs[1].Elapsed <= 0 {
		t.Errorf("events: %+v", evs)
	}

	evs = nil
	pl.Resources[1].Settings["package"] = "./cmd/bad"
	if _, err := p.Build(context.Background(), pl, obs); err == nil {
		t.Fatal("a broken handler built")
	}
	if len(evs) != 2 || evs[1].Type != deploy.EventFailed || evs[1].Err == "" {
		t.Errorf("events of a failed build: %+v", evs)
	}
	if _, err := p.Build(context.Background(), pl, nil); err == nil {
		t.Error("no observer: the failure is lost")
	}
}
