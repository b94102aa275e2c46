package deploy

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// failWrites returns a writeState that writes the first ok states and then
// fails every write with err, and the count of writes attempted.
func failWrites(ok int, err error) (func(string, *State) error, func() int) {
	var mu sync.Mutex
	n := 0
	return func(path string, st *State) error {
			mu.Lock()
			n++
			i := n
			mu.Unlock()
			if i > ok {
				return &fs.PathError{Op: "write", Path: path, Err: err}
			}
			return WriteState(path, st)
		}, func() int {
			mu.Lock()
			defer mu.Unlock()
			return n
		}
}

// Issue 10, item 5: a state that cannot be written stops deploy and
// destroy before their first change, with what to do.
func TestUnwritableStateChangesNothing(t *testing.T) {
	for _, tt := range []struct {
		name string
		// setup returns the state path to use, and the engine to adjust.
		setup func(t *testing.T, e *Engine) string
		why   string
	}{
		{"read-only directory", func(t *testing.T, e *Engine) string {
			if os.Geteuid() == 0 {
				t.Skip("root writes to a read-only directory; the read-only file system case covers the same path")
			}
			dir := filepath.Join(t.TempDir(), ".wireup")
			if err := os.Mkdir(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			return filepath.Join(dir, "state.json")
		}, "permission denied"},
		{"read-only file system", func(t *testing.T, e *Engine) string {
			e.writeState, _ = failWrites(0, syscall.EROFS)
			return filepath.Join(t.TempDir(), StateFile)
		}, "read-only file system"},
		{"full disk", func(t *testing.T, e *Engine) string {
			e.writeState, _ = failWrites(0, syscall.ENOSPC)
			return filepath.Join(t.TempDir(), StateFile)
		}, "no space left on device"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
			e := fakeEngine(t, f)
			e.StatePath = tt.setup(t, e)
			for _, op := range []struct {
				name string
				run  func() error
				want string
			}{
				{"deploy", func() error { _, err := e.Apply(context.Background(), fakePlan()); return err }, "Nothing was created"},
				{"destroy", func() error { _, err := e.Destroy(context.Background(), fakePlan()); return err }, "Nothing was deleted"},
			} {
				err := op.run()
				var sw *StateWriteError
				if !errors.As(err, &sw) || sw.Started {
					t.Fatalf("%s: %v, want a StateWriteError before the start", op.name, err)
				}
				for _, w := range []string{op.name + " did not start", e.StatePath, tt.why, op.want, "run `wireup " + op.name + "` again"} {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error does not say %q:\n%s", op.name, w, err)
					}
				}
				if len(f.log) != 0 {
					t.Errorf("%s called the provider: %v", op.name, f.log)
				}
			}
		})
	}
}

// A write that fails after the first create stops the deploy: nothing
// further starts, the created resource stays in memory, and the error
// names it with how to finish.
func TestStateWriteFailsAfterCreate(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	e := fakeEngine(t, f)
	// Write 1 is the check before the start; a's Created is write 2.
	e.writeState, _ = failWrites(1, syscall.ENOSPC)
	var mu sync.Mutex
	var failed []string
	e.Observer = ObserverFunc(func(ev Event) {
		if ev.Type == EventFailed {
			mu.Lock()
			failed = append(failed, ev.ID)
			mu.Unlock()
		}
	})
	_, err := e.Apply(context.Background(), fakePlan())
	if d := cmp.Diff([]string{"a"}, failed); d != "" {
		t.Errorf("failed events (-want +got):\n%s", d)
	}
	var sw *StateWriteError
	if !errors.As(err, &sw) || !sw.Started {
		t.Fatalf("apply: %v, want a StateWriteError after the start", err)
	}
	if d := cmp.Diff([]string{"ensure a"}, f.log); d != "" {
		t.Errorf("calls after the failed write (-want +got):\n%s", d)
	}
	if len(sw.Unrecorded) != 1 || sw.Unrecorded[0].ID != "a" || sw.Unrecorded[0].Outputs["arn"] != "arn:a" {
		t.Errorf("unrecorded = %+v, want a with its outputs", sw.Unrecorded)
	}
	for _, w := range []string{"deploy stopped", "no space left on device", "Created but not recorded there: fake.kind demo-a.",
		"Free disk space or fix the directory's permissions", "`wireup deploy` again", "`wireup destroy`, which finds them by that tag"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not say %q:\n%s", w, err)
		}
	}
	if strings.Count(err.Error(), "no space left") != 1 {
		t.Errorf("the write failure is reported more than once:\n%s", err)
	}
	st, lerr := LoadState(e.StatePath)
	if lerr != nil || len(st.Resources) != 0 || st.Project != "demo" {
		t.Errorf("state on disk = %+v, %v; want the one written before the start, with no resource", st, lerr)
	}
}

// A write that fails once and succeeds later leaves a state that records
// everything: the resource held in memory is in the next write.
func TestStateWriteFailsOnce(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	e := fakeEngine(t, f)
	var mu sync.Mutex
	n := 0
	e.writeState = func(path string, st *State) error {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		if i == 2 { // a's Created
			return errors.New("write state: disk full for a moment")
		}
		return WriteState(path, st)
	}
	_, err := e.Apply(context.Background(), fakePlan())
	var sw *StateWriteError
	if !errors.As(err, &sw) || len(sw.Unrecorded) != 0 || !strings.Contains(err.Error(), "A later write succeeded") {
		t.Fatalf("apply: %v, want a StateWriteError with nothing unrecorded", err)
	}
	st, err := LoadState(e.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if a := st.Resources["a"]; a == nil || a.Hash != "h" {
		t.Errorf("state of a = %+v, want it recorded as deployed", a)
	}
	if st.Resources["b"] != nil {
		t.Error("b was created after the failed write")
	}
}

// barrierKind holds every Ensure until n of them have begun, so that they
// are all in flight when the first one's write fails.
type barrierKind struct {
	*fakeKind
	wg *sync.WaitGroup
}

func (k barrierKind) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	k.wg.Done()
	done := make(chan struct{})
	go func() { k.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		return nil, errors.New("the other resource never started")
	}
	return k.fakeKind.Ensure(ctx, req)
}

// Resources in flight when a write fails finish, stay in memory, and are
// all named.
func TestStateWriteFailsWithTwoInFlight(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	var wg sync.WaitGroup
	wg.Add(2)
	kinds, err := service.NewKinds([]service.Provider{barrierKind{f, &wg}})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
	e.writeState, _ = failWrites(1, syscall.EROFS)
	p := &plan.Plan{Project: "demo", Route: []string{"x"}, Resources: []*plan.Resource{
		{ID: "a", Kind: "fake.kind", Name: "demo-a", Hash: "h"},
		{ID: "d", Kind: "fake.kind", Name: "demo-d", Hash: "h"},
		{ID: "e", Kind: "fake.kind", Name: "demo-e", DependsOn: []string{"a", "d"}, Hash: "h", Level: 1},
	}}
	_, err = e.Apply(context.Background(), p)
	var sw *StateWriteError
	if !errors.As(err, &sw) {
		t.Fatalf("apply: %v", err)
	}
	if !strings.Contains(err.Error(), "Created but not recorded there: fake.kind demo-a, fake.kind demo-d.") {
		t.Errorf("error does not name both resources:\n%s", err)
	}
	for _, l := range f.log {
		if l == "ensure e" {
			t.Error("e was started after the failed write")
		}
	}
}
