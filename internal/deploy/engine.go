// Package deploy applies a plan to AWS or an emulator, and reads and
// destroys what it created (internal/verify proves it moves data).
//
// The engine walks the plan's dependency graph: independent resources are
// created concurrently, each one after the resources it depends on. After
// every resource the state (.wireup/state.json) is written atomically, so a
// re-run skips what exists, resumes an interrupted deploy and reports "no
// changes" when there is nothing to do; it is also written once before the
// first, so that a state that cannot be written stops the deploy before it
// creates anything. Progress goes to an Observer; the engine never prints.
package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wireup/wireup/internal/awserr"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// Engine applies plans to one target.
type Engine struct {
	// Kinds are the resource providers of the target (see
	// internal/service/registry).
	Kinds    service.Kinds
	Observer Observer
	// StatePath is the state file, usually <project>/.wireup/state.json.
	StatePath string
	Target    TargetInfo
	// Artifacts are the deployment packages of Lambda functions, by
	// resource id (see BuildFunction).
	Artifacts map[string][]byte
	// Concurrency bounds the resources worked on at once (default 8).
	Concurrency int
	// MaxWait bounds each waiter: a resource that is not usable after it
	// fails (default 10 minutes).
	MaxWait time.Duration
	// IAMWait bounds retries of errors caused by IAM eventual consistency
	// (default 2 minutes).
	IAMWait time.Duration
	// Grace bounds how long a resource in flight when the deploy is
	// interrupted may go on to get its create call answered (default 10
	// seconds; see work).
	Grace time.Duration
	// writeState is WriteState; tests replace it to fail.
	writeState func(path string, st *State) error
}

// Result is what an operation did.
type Result struct {
	Counts Counts
	Wall   time.Duration
	// APITime is the sum of API call latencies per resource id.
	APITime map[string]time.Duration
	// CriticalPathAPI is the largest sum of API latencies along one
	// dependency chain: the wall time a perfectly concurrent engine with
	// no client overhead would need.
	CriticalPathAPI time.Duration
	// Kept is what destroy left in place because the spec asks for it.
	Kept []Kept
}

// Kept is one resource destroy kept on purpose, with why and what removes
// it.
type Kept struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Why    string `json:"why"`
	Remedy string `json:"remedy"`
}

// KeptError is Destroy's answer when it deleted everything but what the
// spec asks to keep: not a clean teardown, so the command exits non-zero,
// yet nothing failed.
type KeptError struct{ Kept []Kept }

func (e *KeptError) Error() string {
	var parts []string
	for _, k := range e.Kept {
		parts = append(parts, fmt.Sprintf("kept %s %s: %s. %s", k.Kind, k.Name, k.Why, k.Remedy))
	}
	return strings.Join(parts, "; ")
}

func (e *Engine) observer() Observer {
	if e.Observer == nil {
		return nopObserver{}
	}
	return e.Observer
}

func (e *Engine) emit(ev Event) {
	ev.Time = time.Now()
	e.observer().Event(ev)
}

func (e *Engine) concurrency() int {
	if e.Concurrency > 0 {
		return e.Concurrency
	}
	return 8
}

func (e *Engine) maxWait() time.Duration {
	if e.MaxWait > 0 {
		return e.MaxWait
	}
	return 10 * time.Minute
}

func (e *Engine) grace() time.Duration {
	if e.Grace > 0 {
		return e.Grace
	}
	return 10 * time.Second
}

func (e *Engine) iamWait() time.Duration {
	if e.IAMWait > 0 {
		return e.IAMWait
	}
	return 2 * time.Minute
}

// openState loads the state and refuses one that belongs to another target
// or project: mixing them would adopt or delete the wrong resources.
func (e *Engine) openState(project, route string) (*stateStore, error) {
	st, err := LoadState(e.StatePath)
	if err != nil {
		return nil, err
	}
	if len(st.Resources) > 0 {
		if st.Project != "" && st.Project != project {
			return nil, fmt.Errorf("state %s belongs to project %q, not %q: run wireup in that project's directory", e.StatePath, st.Project, project)
		}
		// The commands already refuse another target with the flag to
		// pass (deploycmd.Open); this guards every other caller.
		if !st.Target.Same(e.Target) {
			return nil, fmt.Errorf("state %s records resources on %s, not on %s: run `wireup destroy` against that target first, or use another --state file", e.StatePath, st.Target, e.where())
		}
	}
	st.Version, st.Project, st.Route = StateVersion, project, route
	if st.Target.Account == "" || len(st.Resources) == 0 {
		st.Target = e.Target
	} else if e.Target.Kind != "" {
		// Same place, but what answers there is named again: a state
		// written before wireup checked --target against the endpoint
		// may record the wrong kind.
		st.Target.Kind = e.Target.Kind
	}
	onDisk := make(map[string]bool, len(st.Resources))
	for id := range st.Resources {
		onDisk[id] = true
	}
	return &stateStore{path: e.StatePath, st: st, write: e.writeState, onDisk: onDisk}, nil
}

// desiredHash is the plan hash plus the deployment package, so a new build
// of a handler updates the function.
func (e *Engine) desiredHash(r *plan.Resource) string {
	if zip, ok := e.Artifacts[r.ID]; ok && r.Kind == plan.KindFunction {
		sum := sha256.Sum256(zip)
		return r.Hash + "-" + hex.EncodeToString(sum[:6])
	}
	return r.Hash
}

// Apply creates or updates every resource of p that is missing or changed.
//
// Nothing is created before the state file is known to be writable. When
// ctx is done (Ctrl-C, SIGTERM) no further resource starts, and those in
// flight get their create calls answered and recorded (see work). When a
// write of the state fails mid-way, nothing further starts either, the
// state in memory keeps what was created, and the error lists what the
// file lacks.
func (e *Engine) Apply(ctx context.Context, p *plan.Plan) (*Result, error) {
	start := time.Now()
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	if err := store.flush(); err != nil {
		return nil, &StateWriteError{Op: "deploy", Path: e.StatePath, Err: errors.Unwrap(err)}
	}
	if err := e.precheck(ctx, p); err != nil {
		return nil, err
	}
	walkCtx, stopWalk := context.WithCancel(ctx)
	defer stopWalk()
	var writeMu sync.Mutex
	var writeErr error // the first write of the state that failed
	store.failed = func(err error) {
		writeMu.Lock()
		if writeErr == nil {
			writeErr = err
		}
		writeMu.Unlock()
		stopWalk()
	}
	res := &Result{APITime: map[string]time.Duration{}}
	var mu sync.Mutex
	var errs []error
	var cutOff []string // resources whose create got no answer within the grace
	ids := make([]string, len(p.Resources))
	for i, r := range p.Resources {
		ids[i] = r.ID
	}
	after := func(id string) []string { return p.Resource(id).DependsOn }
	skip := func(id string, blocked []string) {
		r := p.Resource(id)
		mu.Lock()
		res.Counts.Skipped++
		mu.Unlock()
		if ctx.Err() == nil {
			e.emit(Event{Type: EventSkipped, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Message: "not created: " + strings.Join(blocked, ", ") + " failed"})
		}
	}
	walk(walkCtx, ids, after, e.concurrency(), func(_ context.Context, id string) error {
		r := p.Resource(id)
		wctx, created, done := e.work(ctx, store.get(id) != nil)
		op, apiTime, err := e.applyOne(wctx, p, r, store, created)
		cut := done()
		mu.Lock()
		defer mu.Unlock()
		if cut && store.get(id) == nil {
			cutOff = append(cutOff, string(r.Kind)+" "+r.Name)
		}
		res.APITime[r.ID] = apiTime
		switch {
		case err != nil:
			if ctx.Err() == nil {
				res.Counts.Failed++
				errs = append(errs, fmt.Errorf("%s %s: %w", r.Kind, r.Name, err))
			}
		case op == OpCreate:
			res.Counts.Created++
		case op == OpUpdate:
			res.Counts.Updated++
		default:
			res.Counts.Unchanged++
		}
		return err
	}, skip)
	res.Wall = time.Since(start)
	res.CriticalPathAPI = criticalPath(p, res.APITime)
	writeMu.Lock()
	wErr := writeErr
	writeMu.Unlock()
	if wErr != nil {
		// Once more: the disk may have room again, and a state that
		// records everything is the best this run can leave behind.
		_ = store.flush()
	}
	if ctx.Err() != nil {
		slices.Sort(cutOff)
		return res, e.interrupted(ctx.Err(), p, store, wErr, cutOff)
	}
	e.emit(Event{Type: EventSummary, Op: OpCreate, Elapsed: res.Wall, Counts: &res.Counts, Critical: res.CriticalPathAPI})
	if wErr != nil {
		// The per-resource failures to write the state are this one.
		errs = slices.DeleteFunc(errs, func(err error) bool {
			var w *stateWriteFailure
			return errors.As(err, &w)
		})
		stateErr := &StateWriteError{Op: "deploy", Path: e.StatePath, Err: wErr, Started: true, Unrecorded: store.unwritten()}
		if len(errs) == 0 {
			return res, stateErr
		}
		return res, errors.Join(append([]error{stateErr}, errs...)...)
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	return res, nil
}

// precheck decodes the plan's settings (decodeSettings), then runs the
// Precheck of every kind of p that has one, once each, in plan order: a
// setting that does not parse, or a prerequisite outside the plan that is
// missing, stops the deploy before anything is created. The local check
// comes first, so a bad setting is reported without asking AWS anything.
func (e *Engine) precheck(ctx context.Context, p *plan.Plan) error {
	if err := decodeSettings(e.Kinds, p); err != nil {
		return err
	}
	seen := map[plan.Kind]bool{}
	for _, r := range p.Resources {
		if seen[r.Kind] {
			continue
		}
		seen[r.Kind] = true
		prov, err := e.Kinds.Get(r.Kind)
		if err != nil {
			continue // applyOne reports the unknown kind
		}
		if pc, ok := prov.(service.Prechecker); ok {
			if err := pc.Precheck(ctx, e.env(r.ID), p); err != nil {
				return fmt.Errorf("%s %s: %w", r.Kind, r.Name, err)
			}
		}
	}
	return nil
}

// decodeSettings decodes the literal settings of every resource of p
// whose kind is service.Typed into its settings struct: a setting that
// does not parse stops the deploy before anything is created, naming the
// resource and the setting.
func decodeSettings(kinds service.Kinds, p *plan.Plan) error {
	for _, r := range p.Resources {
		prov, err := kinds.Get(r.Kind)
		if err != nil {
			continue // applyOne reports the unknown kind
		}
		if t, ok := prov.(service.Typed); ok {
			if err := service.Decode(r.Settings, t.NewSettings()); err != nil {
				return fmt.Errorf("%s %s: %w (the planner wrote it from a valid wireup.yaml: a wireup bug to report with that file)", r.Kind, r.Name, err)
			}
		}
	}
	return nil
}

// work returns the context one resource is ensured under. Once ctx is done
// the walk starts nothing more, but a resource in flight goes on until its
// create call has returned and it is recorded (created is called; one the
// state already records does not wait) or until e.grace() is over: a call
// AWS has already received is answered and recorded, rather than cut off
// with the resource it created unknown. done releases the context and
// reports whether the grace ran out first (the resource was cut off).
func (e *Engine) work(ctx context.Context, recorded bool) (wctx context.Context, created func(), done func() (cut bool)) {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	createdCh := make(chan struct{})
	var once sync.Once
	created = func() { once.Do(func() { close(createdCh) }) }
	if recorded {
		created()
	}
	var expired atomic.Bool
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(e.grace())
		defer t.Stop()
		select {
		case <-createdCh:
		case <-t.C:
			expired.Store(true)
		case <-wctx.Done():
		}
		cancel()
	})
	return wctx, created, func() bool { stop(); cancel(); return expired.Load() }
}

// interrupted is Apply's error after ctx is done: what the deploy left,
// and how to finish. cutOff are the resources whose create call got no
// answer within the grace.
func (e *Engine) interrupted(cause error, p *plan.Plan, store *stateStore, writeErr error, cutOff []string) error {
	deployed, missing := 0, 0
	var unfinished []string
	for _, r := range p.Resources {
		switch rs := store.get(r.ID); {
		case rs == nil:
			missing++
		case rs.Hash == e.desiredHash(r):
			deployed++
		default:
			unfinished = append(unfinished, string(r.Kind)+" "+r.Name)
		}
	}
	msg := fmt.Sprintf("deploy interrupted with %d of %d resources deployed", deployed, len(p.Resources))
	if len(unfinished) > 0 {
		msg += "; created or changed but not finished: " + strings.Join(unfinished, ", ")
	}
	if missing > 0 {
		msg += fmt.Sprintf("; %d not created yet", missing)
	}
	if len(cutOff) > 0 {
		msg += fmt.Sprintf("; no answer within %s to the create call of %s, which may exist without a record (the next deploy and destroy look for it by the project's tag)",
			e.grace(), strings.Join(cutOff, ", "))
	}
	if left := store.unwritten(); len(left) > 0 && writeErr != nil {
		names := make([]string, len(left))
		for i, r := range left {
			names[i] = r.Kind + " " + r.Name
		}
		msg += fmt.Sprintf(". The state file %s cannot be written (%v) and does not record %s: free disk space or fix its directory's permissions, then",
			e.StatePath, strings.TrimPrefix(writeErr.Error(), "write state: "), strings.Join(names, ", "))
	} else {
		msg += fmt.Sprintf(". %s records what was created:", e.StatePath)
	}
	return fmt.Errorf("%s run `wireup deploy` again to finish, or `wireup destroy` to delete it: %w", msg, cause)
}

// applyOne brings one resource to its planned state. It calls created
// once the resource is recorded after its create call (see work).
func (e *Engine) applyOne(ctx context.Context, p *plan.Plan, r *plan.Resource, store *stateStore, created func()) (Op, time.Duration, error) {
	tr := &trace{}
	tctx := withTrace(ctx, tr)
	t0 := time.Now()
	want := e.desiredHash(r)
	prev := store.get(r.ID)
	inputs, err := resolve(r, store)
	if err != nil {
		return "", 0, err
	}
	prov, err := e.Kinds.Get(r.Kind)
	if err != nil {
		return "", 0, err
	}
	env := e.env(r.ID)
	if prev != nil && prev.Hash == want {
		e.emit(Event{Type: EventStart, Op: OpCheck, ID: r.ID, Kind: string(r.Kind), Name: r.Name})
		ok, err := e.exists(tctx, prov, env, prev)
		if err != nil {
			err = awserr.Classify(err, e.where())
			e.emit(Event{Type: EventFailed, Op: OpCheck, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), Err: err.Error()})
			return OpCheck, tr.total(), err
		}
		if ok {
			// A hand edit of a policy leaves the hash alone: put back what
			// the plan says.
			drift, err := prov.Drift(tctx, env, r, prev)
			if err != nil {
				return OpCheck, tr.total(), awserr.Classify(err, e.where())
			}
			ok = drift == ""
		}
		if ok {
			e.emit(Event{Type: EventUnchanged, Op: OpCheck, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), APITime: tr.total()})
			return OpCheck, tr.total(), nil
		}
		// Deleted or edited behind our back: ensure it again.
	}
	op := OpCreate
	if prev != nil {
		op = OpUpdate
	}
	e.emit(Event{Type: EventStart, Op: op, ID: r.ID, Kind: string(r.Kind), Name: r.Name})
	// A resource whose create call succeeded is recorded at once with an
	// empty hash, so that destroy deletes it and the next deploy finishes
	// it even if a later call (tagging, encryption, a waiter) fails.
	req := &service.Request{Env: env, Plan: p, Resource: r, Inputs: inputs, Artifact: e.Artifacts[r.ID], Recorded: prev != nil,
		Created: func(out map[string]string) {
			if prev != nil {
				return
			}
			// A failed write keeps the record in memory and stops the
			// deploy (stateStore.failed); the provider carries on.
			_ = store.put(&ResourceState{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Integration: r.Integration,
				DependsOn: r.DependsOn, Inputs: inputs, Outputs: out, UpdatedAt: time.Now().UTC()})
			created()
		}}
	outputs, err := prov.Ensure(tctx, req)
	if err != nil {
		err = awserr.Classify(err, e.where())
		e.emit(Event{Type: EventFailed, Op: op, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), APITime: tr.total(), Err: err.Error()})
		return op, tr.total(), err
	}
	rs := &ResourceState{
		ID: r.ID, Kind: string(r.Kind), Name: r.Name, Integration: r.Integration,
		DependsOn: r.DependsOn, Hash: want, Inputs: inputs, Outputs: outputs, UpdatedAt: time.Now().UTC(),
	}
	if err := store.put(rs); err != nil {
		e.emit(Event{Type: EventFailed, Op: op, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), APITime: tr.total(), Err: err.Error()})
		return op, tr.total(), err
	}
	e.emit(Event{Type: EventDone, Op: op, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), APITime: tr.total()})
	return op, tr.total(), nil
}

// resolve returns r's settings with its references filled from the
// outputs of the resources it refers to.
func resolve(r *plan.Resource, store *stateStore) (map[string]string, error) {
	in := maps.Clone(r.Settings)
	if in == nil {
		in = map[string]string{}
	}
	for k, ref := range r.Refs {
		id, out, _ := strings.Cut(ref, ".")
		dep := store.get(id)
		if dep == nil || dep.Outputs[out] == "" {
			return nil, fmt.Errorf("%s needs %s, which the deploy has not recorded", r.ID, ref)
		}
		in[k] = dep.Outputs[out]
	}
	return in, nil
}

// criticalPath is the largest sum of API time along a dependency chain.
func criticalPath(p *plan.Plan, api map[string]time.Duration) time.Duration {
	cp := map[string]time.Duration{}
	var best time.Duration
	for _, r := range p.Resources { // dependency order
		var m time.Duration
		for _, d := range r.DependsOn {
			m = max(m, cp[d])
		}
		cp[r.ID] = m + api[r.ID]
		best = max(best, cp[r.ID])
	}
	return best
}

// where is the engine's target as awserr.Classify takes it.
func (e *Engine) where() awserr.Where {
	return awserr.Where{Endpoint: e.Target.Endpoint, Region: e.Target.Region}
}

// env is what the providers are told about the target for resource id.
func (e *Engine) env(id string) service.Env {
	return service.Env{Target: targets.Target(e.Target.Kind), Region: e.Target.Region, MaxWait: e.maxWait(),
		Retry: func(ctx context.Context, transient func(error) bool, fn func() error) error {
			return e.retry(ctx, id, transient, fn)
		},
		Progress: func(message string) { e.emit(Event{Type: EventProgress, ID: id, Message: message}) }}
}

// exists asks the provider whether a recorded resource is still there; a
// not-found error means it is not.
func (e *Engine) exists(ctx context.Context, prov service.Provider, env service.Env, rs *ResourceState) (bool, error) {
	ok, err := prov.Exists(ctx, env, rs)
	if err != nil && service.IsNotFound(err) {
		return false, nil
	}
	return ok, err
}

// retry calls fn until it succeeds, fails with an error transient does not
// recognise, or the IAM wait is over. It is for the errors AWS documents as
// eventual consistency (a role that cannot be assumed yet), never a blind
// sleep.
func (e *Engine) retry(ctx context.Context, id string, transient func(error) bool, fn func() error) error {
	deadline := time.Now().Add(e.iamWait())
	backoff := 250 * time.Millisecond
	for {
		err := fn()
		if err == nil || !transient(err) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still failing after %s: %w", e.iamWait(), err)
		}
		e.emit(Event{Type: EventRetry, ID: id, Message: err.Error()})
		if err := service.Sleep(ctx, backoff); err != nil {
			return err
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}
