// Package deploy applies a plan to AWS or an emulator, and reads, verifies
// and destroys what it created.
//
// The engine walks the plan's dependency graph: independent resources are
// created concurrently, each one after the resources it depends on. After
// every resource the state (.wireup/state.json) is written atomically, so a
// re-run skips what exists, resumes an interrupted deploy and reports "no
// changes" when there is nothing to do. Progress goes to an Observer; the
// engine never prints.
package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// Engine applies plans to one target.
type Engine struct {
	// Kinds are the resource providers of the target (see
	// internal/service/registry).
	Kinds service.Kinds
	// Probes are the verify probes of the target, by catalog service id
	// (see internal/service/registry).
	Probes   map[string]service.Probe
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
			return nil, fmt.Errorf("state %s records resources on %s, not on %s: run `wireup destroy` against that target first, or use another --state file", e.StatePath, st.Target, e.Target)
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
	return &stateStore{path: e.StatePath, st: st}, nil
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
func (e *Engine) Apply(ctx context.Context, p *plan.Plan) (*Result, error) {
	start := time.Now()
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	res := &Result{APITime: map[string]time.Duration{}}
	var mu sync.Mutex
	var errs []error
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
	walk(ctx, ids, after, e.concurrency(), func(ctx context.Context, id string) error {
		r := p.Resource(id)
		op, apiTime, err := e.applyOne(ctx, p, r, store)
		mu.Lock()
		defer mu.Unlock()
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
	if ctx.Err() != nil {
		return res, fmt.Errorf("deploy interrupted; run `wireup deploy` again to finish: %w", ctx.Err())
	}
	e.emit(Event{Type: EventSummary, Op: OpCreate, Elapsed: res.Wall, Counts: &res.Counts, Critical: res.CriticalPathAPI})
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	return res, nil
}

// applyOne brings one resource to its planned state.
func (e *Engine) applyOne(ctx context.Context, p *plan.Plan, r *plan.Resource, store *stateStore) (Op, time.Duration, error) {
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
			err = Classify(err, e.Target)
			e.emit(Event{Type: EventFailed, Op: OpCheck, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), Err: err.Error()})
			return OpCheck, tr.total(), err
		}
		if ok {
			// A hand edit of a policy leaves the hash alone: put back what
			// the plan says.
			drift, err := prov.Drift(tctx, env, r, prev)
			if err != nil {
				return OpCheck, tr.total(), Classify(err, e.Target)
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
			_ = store.put(&ResourceState{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Integration: r.Integration,
				DependsOn: r.DependsOn, Inputs: inputs, Outputs: out, UpdatedAt: time.Now().UTC()})
		}}
	outputs, err := prov.Ensure(tctx, req)
	if err != nil {
		err = Classify(err, e.Target)
		e.emit(Event{Type: EventFailed, Op: op, ID: r.ID, Kind: string(r.Kind), Name: r.Name, Elapsed: time.Since(t0), APITime: tr.total(), Err: err.Error()})
		return op, tr.total(), err
	}
	rs := &ResourceState{
		ID: r.ID, Kind: string(r.Kind), Name: r.Name, Integration: r.Integration,
		DependsOn: r.DependsOn, Hash: want, Inputs: inputs, Outputs: outputs, UpdatedAt: time.Now().UTC(),
	}
	if err := store.put(rs); err != nil {
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

// env is what the providers are told about the target for resource id.
func (e *Engine) env(id string) service.Env {
	return service.Env{Target: targets.Target(e.Target.Kind), Region: e.Target.Region, MaxWait: e.maxWait(),
		Retry: func(ctx context.Context, transient func(error) bool, fn func() error) error {
			return e.retry(ctx, id, transient, fn)
		}}
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
