package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wireup/wireup/internal/awserr"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Destroy deletes what the state records, each resource after everything
// that depends on it. When the state is empty (lost, or never written) it
// deletes the resources of p found by their wireup:project tag instead.
// Afterwards it lists the project's resources again and fails if any is
// left.
func (e *Engine) Destroy(ctx context.Context, p *plan.Plan) (*Result, error) {
	start := time.Now()
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	// A record the state fails to drop after its delete is harmless (the
	// next destroy finds the resource gone), but every such failure stops
	// what the resource depends on: find out before the first delete.
	if err := store.flush(); err != nil {
		return nil, &StateWriteError{Op: "destroy", Path: e.StatePath, Err: errors.Unwrap(err)}
	}
	// Resources tagged for the project that the state does not record (the
	// state was lost, or a create failed half-way after tagging) are
	// deleted too; untagged ones never are, whatever their name.
	found, err := e.Discover(ctx, p)
	if err != nil {
		return nil, awserr.Classify(fmt.Errorf("find resources by tag: %w", err), e.where())
	}
	recorded := map[string]bool{}
	for _, id := range store.ids() {
		recorded[e.Kinds.Identity(store.get(id))] = true
	}
	for _, f := range found {
		if !f.Owned || recorded[e.Kinds.Identity(f.State)] {
			continue
		}
		if store.get(f.State.ID) != nil {
			continue
		}
		store.st.Resources[f.State.ID] = f.State
	}
	res := &Result{APITime: map[string]time.Duration{}}
	all := map[string]*ResourceState{}
	ids := store.ids()
	dependents := map[string][]string{}
	for _, id := range ids {
		all[id] = store.get(id)
	}
	for _, id := range ids {
		for _, d := range all[id].DependsOn {
			if all[d] != nil {
				dependents[d] = append(dependents[d], id)
			}
		}
	}
	var mu sync.Mutex
	var errs []error
	kept := map[string]bool{} // identities destroy kept on purpose
	skip := func(id string, _ []string) {
		rs := all[id]
		mu.Lock()
		res.Counts.Skipped++
		mu.Unlock()
		e.emit(Event{Type: EventSkipped, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Message: "kept: a resource that depends on it could not be deleted"})
	}
	walk(ctx, ids, func(id string) []string { return dependents[id] }, e.concurrency(), func(ctx context.Context, id string) error {
		rs := all[id]
		tr := &trace{}
		t0 := time.Now()
		e.emit(Event{Type: EventStart, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name})
		err := e.remove(withTrace(ctx, tr), rs)
		if err == nil {
			err = store.remove(id)
		}
		mu.Lock()
		defer mu.Unlock()
		res.APITime[id] = tr.total()
		var keeper service.Keeper
		if errors.As(err, &keeper) {
			// Kept on purpose: its record stays, so the next destroy
			// tries again once it may go.
			why, remedy := keeper.Kept()
			res.Counts.Kept++
			res.Kept = append(res.Kept, Kept{Kind: rs.Kind, Name: rs.Name, Why: why, Remedy: remedy})
			kept[e.Kinds.Identity(rs)] = true
			e.emit(Event{Type: EventSkipped, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Elapsed: time.Since(t0), Message: "kept: " + why})
			return nil
		}
		if err != nil {
			err = awserr.Classify(err, e.where())
			res.Counts.Failed++
			errs = append(errs, fmt.Errorf("delete %s %s: %w", rs.Kind, rs.Name, err))
			e.emit(Event{Type: EventFailed, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Elapsed: time.Since(t0), Err: err.Error()})
			return err
		}
		res.Counts.Deleted++
		e.emit(Event{Type: EventDone, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Elapsed: time.Since(t0), APITime: tr.total()})
		return nil
	}, skip)
	res.Wall = time.Since(start)
	if ctx.Err() != nil {
		return res, fmt.Errorf("destroy interrupted; run `wireup destroy` again to finish: %w", ctx.Err())
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	left, err := e.Discover(ctx, p)
	if err != nil {
		return res, fmt.Errorf("check that nothing is left: %w", err)
	}
	deleted := make([]*ResourceState, 0, len(all))
	for _, id := range ids {
		deleted = append(deleted, all[id])
	}
	for _, kind := range slices.Sorted(maps.Keys(e.Kinds)) {
		sw, ok := e.Kinds[kind].(service.Sweeper)
		if !ok {
			continue
		}
		orphans, err := sw.Leftovers(ctx, p, deleted, left)
		if err != nil {
			return res, fmt.Errorf("check that nothing is left: %w", err)
		}
		left = append(left, orphans...)
	}
	left = slices.DeleteFunc(left, func(f *Found) bool { return kept[e.Kinds.Identity(f.State)] })
	if len(left) > 0 {
		var names []string
		for _, f := range left {
			names = append(names, f.State.Kind+" "+f.State.Name)
		}
		return res, fmt.Errorf("destroy finished but %d resources are still there: %v. Run `wireup destroy` again; if they remain, delete them in the console", len(left), names)
	}
	e.emit(Event{Type: EventSummary, Op: OpDelete, Elapsed: res.Wall, Counts: &res.Counts})
	if len(res.Kept) > 0 {
		slices.SortFunc(res.Kept, func(a, b Kept) int { return strings.Compare(a.Kind+a.Name, b.Kind+b.Name) })
		return res, &KeptError{Kept: res.Kept}
	}
	return res, nil
}

// remove deletes one resource; a resource that is already gone counts as
// deleted.
func (e *Engine) remove(ctx context.Context, rs *ResourceState) error {
	prov, err := e.Kinds.Get(plan.Kind(rs.Kind))
	if err != nil {
		return err
	}
	err = prov.Delete(ctx, e.env(rs.ID), rs)
	if err != nil && service.IsNotFound(err) {
		return nil
	}
	return err
}
