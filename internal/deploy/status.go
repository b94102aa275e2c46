package deploy

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wireup/wireup/internal/awserr"
	"github.com/wireup/wireup/internal/plan"
)

// Status values of a resource compared with the plan.
const (
	StatusOK      = "ok"      // exists as planned
	StatusMissing = "missing" // planned, not there
	StatusChanged = "changed" // there, but deployed from a different plan
	StatusExtra   = "extra"   // there and tagged for the project, not in the plan
)

// StatusItem is one resource's status.
type StatusItem struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// StatusReport compares the target with the plan.
type StatusReport struct {
	Target TargetInfo   `json:"target"`
	Items  []StatusItem `json:"items"`
}

// Drift returns the items that are not as planned.
func (s *StatusReport) Drift() []StatusItem {
	var out []StatusItem
	for _, it := range s.Items {
		if it.Status != StatusOK {
			out = append(out, it)
		}
	}
	return out
}

// WriteText prints the report as a table.
func (s *StatusReport) WriteText(w io.Writer) {
	for _, it := range s.Items {
		line := fmt.Sprintf("%-8s %-28s %-22s %s", it.Status, it.Kind, it.ID, it.Name)
		if it.Detail != "" {
			line += "  (" + it.Detail + ")"
		}
		fmt.Fprintln(w, line)
	}
	if d := s.Drift(); len(d) == 0 {
		fmt.Fprintf(w, "\nNo drift: all %d resources exist as planned on %s.\n", len(s.Items), s.Target)
	} else {
		fmt.Fprintf(w, "\n%d of %d resources differ from the plan on %s: run `wireup deploy` to converge.\n", len(d), len(s.Items), s.Target)
	}
}

// Status compares what exists on the target with the plan: every planned
// resource is ok, missing or changed, and resources tagged for the project
// that the plan no longer has are extra.
func (e *Engine) Status(ctx context.Context, p *plan.Plan) (*StatusReport, error) {
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	rep := &StatusReport{Target: e.Target}
	inPlan := map[string]bool{}
	for _, r := range p.Resources {
		inPlan[r.ID] = true
		it := StatusItem{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Status: StatusOK}
		rs := store.get(r.ID)
		switch {
		case rs == nil:
			it.Status, it.Detail = StatusMissing, "not deployed"
		default:
			prov, err := e.Kinds.Get(r.Kind)
			if err != nil {
				return nil, err
			}
			env := e.env(r.ID)
			ok, err := e.exists(ctx, prov, env, rs)
			switch {
			case err != nil:
				return nil, awserr.Classify(fmt.Errorf("check %s %s: %w", r.Kind, r.Name, err), e.where())
			case !ok:
				it.Status, it.Detail = StatusMissing, "deleted outside wireup"
			case !sameHash(rs.Hash, e.desiredHash(r), e.Artifacts[r.ID] == nil):
				it.Status, it.Detail = StatusChanged, "the spec or the handler changed since the last deploy"
			default:
				diff, err := prov.Drift(ctx, env, r, rs)
				if err != nil {
					return nil, awserr.Classify(fmt.Errorf("read %s %s: %w", r.Kind, r.Name, err), e.where())
				}
				if diff != "" {
					it.Status, it.Detail = StatusChanged, diff
				}
			}
		}
		rep.Items = append(rep.Items, it)
	}
	for _, id := range store.ids() {
		if !inPlan[id] {
			rs := store.get(id)
			rep.Items = append(rep.Items, StatusItem{ID: id, Kind: rs.Kind, Name: rs.Name, Status: StatusExtra, Detail: "in the state, no longer in the plan"})
			inPlan[id] = true
		}
	}
	found, err := e.Discover(ctx, p)
	if err != nil {
		return nil, awserr.Classify(fmt.Errorf("list resources: %w", err), e.where())
	}
	for _, f := range found {
		if f.Owned && !f.InPlan && !inPlan[f.State.ID] {
			rep.Items = append(rep.Items, StatusItem{ID: f.State.ID, Kind: f.State.Kind, Name: f.State.Name, Status: StatusExtra, Detail: "tagged for the project, not in the plan"})
		}
	}
	return rep, nil
}

// sameHash compares a recorded hash with the planned one. Without a fresh
// build of a function its package part is unknown and only the
// configuration is compared.
func sameHash(recorded, want string, unbuilt bool) bool {
	if unbuilt {
		return strings.SplitN(recorded, "-", 2)[0] == want
	}
	return recorded == want
}
