package deploy

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/service"
)

// slowCreateKind is a provider whose create call for resource "a" is in
// flight until the test answers it, as an AWS call is when Ctrl-C or
// SIGTERM arrives. After the create it waits for the resource to become
// usable, as a waiter does, until its context ends.
type slowCreateKind struct {
	*fakeKind
	inFlight chan struct{} // closed when the create call is sent
	answer   chan struct{} // closed by the test: the call returns
	waited   chan error    // what the waiter after the create saw
}

func (k *slowCreateKind) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	if req.Resource.ID != "a" {
		return k.fakeKind.Ensure(ctx, req)
	}
	k.add("ensure a")
	close(k.inFlight)
	select {
	case <-k.answer:
	case <-ctx.Done():
		// The call was cut off: AWS may have created the resource, and
		// nobody knows.
		return nil, ctx.Err()
	}
	out := map[string]string{"name": req.Resource.Name, "arn": "arn:a"}
	req.Created(out)
	select {
	case <-ctx.Done():
		k.waited <- ctx.Err()
		return nil, ctx.Err()
	case <-time.After(10 * time.Second):
		k.waited <- nil
		return out, nil
	}
}

func slowEngine(t *testing.T) (*Engine, *slowCreateKind) {
	t.Helper()
	k := &slowCreateKind{fakeKind: &fakeKind{kind: "fake.kind", recorded: map[string]bool{}},
		inFlight: make(chan struct{}), answer: make(chan struct{}), waited: make(chan error, 1)}
	kinds, err := service.NewKinds([]service.Provider{k})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}, k
}

// Issue 10, item 9: an interrupt while a create call is in flight lets
// the call return and records its resource, then stops at once: nothing
// further starts, the wait after the create is cut short, and the error
// says what was left and how to finish.
func TestInterruptRecordsTheCreateInFlight(t *testing.T) {
	e, k := slowEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		res *Result
		err error
	}
	got := make(chan result, 1)
	go func() {
		res, err := e.Apply(ctx, fakePlan())
		got <- result{res, err}
	}()
	<-k.inFlight
	cancel()
	time.Sleep(50 * time.Millisecond) // the interrupt has reached the engine
	close(k.answer)
	var r result
	select {
	case r = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("apply did not return after the create call was answered")
	}
	if !errors.Is(r.err, context.Canceled) {
		t.Fatalf("apply: %v, want it to wrap context.Canceled", r.err)
	}
	select {
	case err := <-k.waited:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the wait after the create saw %v, want it cut short", err)
		}
	default:
		t.Error("the create call was cut off: the interrupt did not let it return")
	}
	for _, w := range []string{"deploy interrupted with 0 of 3 resources deployed", "created or changed but not finished: fake.kind demo-a",
		"2 not created yet", "records what was created", "run `wireup deploy` again to finish, or `wireup destroy`"} {
		if !strings.Contains(r.err.Error(), w) {
			t.Errorf("error does not say %q:\n%s", w, r.err)
		}
	}
	st, err := LoadState(e.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if a := st.Resources["a"]; a == nil || a.Outputs["arn"] != "arn:a" || a.Hash != "" {
		t.Errorf("state of a = %+v, want it recorded as created, not finished", a)
	}
	if len(st.Resources) != 1 || len(k.log) != 1 {
		t.Errorf("after the interrupt: state %v, calls %v; want a alone", st.Resources, k.log)
	}
}

// A create call that does not return is given up after the grace: an
// interrupt never hangs on a call that will not come back.
func TestInterruptGivesUpAfterTheGrace(t *testing.T) {
	e, k := slowEngine(t)
	e.Grace = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() {
		_, err := e.Apply(ctx, fakePlan())
		got <- err
	}()
	<-k.inFlight
	t0 := time.Now()
	cancel()
	select {
	case err := <-got:
		if took := time.Since(t0); took < e.Grace || took > 3*time.Second {
			t.Errorf("apply returned %s after the interrupt, want the grace of %s", took, e.Grace)
		}
		for _, w := range []string{"3 not created yet", "no answer within 200ms to the create call of fake.kind demo-a, which may exist without a record"} {
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), w) {
				t.Errorf("apply: %v, want it to say %q", err, w)
			}
		}
	case <-time.After(5 * time.Second):
		t.Fatal("apply did not give up on the call after the grace")
	}
}

// Resources the state records already (an update, a check) are not held
// by an interrupt: only a create whose answer would be lost waits.
func TestInterruptDoesNotHoldRecordedResources(t *testing.T) {
	f := &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}
	e := fakeEngine(t, f)
	e.Grace = time.Minute
	wctx, _, done := e.work(canceled(), true)
	defer done()
	select {
	case <-wctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("a recorded resource's work went on after the interrupt")
	}
	// One not recorded goes on until its create is answered.
	wctx, created, done2 := e.work(canceled(), false)
	defer done2()
	select {
	case <-wctx.Done():
		t.Fatal("an unrecorded resource's work was cut before its create returned")
	case <-time.After(100 * time.Millisecond):
	}
	created()
	select {
	case <-wctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the work went on after the create was recorded")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
