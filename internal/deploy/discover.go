package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Found is a resource discovered by listing the target (see
// service.Found).
type Found = service.Found

// Discover lists the target for the plan's resources and for any other
// resource whose name starts with the project name and that is tagged for
// the project. Sub-resources that die with their parent (policies,
// notifications, permissions) are not listed; event source mappings and
// subscriptions are, because they outlive a deleted function or queue.
// Every listing follows its pages to the end: a resource left out here is
// one destroy would leave behind.
func (e *Engine) Discover(ctx context.Context, p *plan.Plan) ([]*Found, error) {
	byKindName := map[string]*plan.Resource{}
	kinds := map[plan.Kind]bool{}
	for _, r := range p.Resources {
		byKindName[string(r.Kind)+"\x00"+r.Name] = r
		kinds[r.Kind] = true
	}
	prefixes := []string{p.Project + "-", strings.ReplaceAll(p.Project, "-", "_") + "_"}
	// consider returns what Discover reports about l, or nil for a
	// resource that is neither the plan's nor tagged for the project.
	consider := func(kind plan.Kind, l service.Listed) *Found {
		r := byKindName[string(kind)+"\x00"+l.Name]
		if r == nil && !hasAnyPrefix(l.Name, prefixes) {
			return nil
		}
		f := &Found{InPlan: r != nil, State: &ResourceState{ID: string(kind) + "/" + l.Name, Kind: string(kind), Name: l.Name, Outputs: l.Outputs}}
		if r != nil {
			f.State.ID, f.State.DependsOn, f.State.Integration = r.ID, r.DependsOn, r.Integration
		}
		if t, err := l.Tags(ctx); err == nil {
			f.Owned = service.OwnedBy(t, p.Project)
		}
		if !f.Owned && !f.InPlan {
			return nil
		}
		return f
	}
	var out []*Found
	for _, k := range e.Kinds.Listers() {
		if !k.Always() && !kinds[k.Kind()] {
			continue
		}
		all, err := k.List(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", k.Kind(), err)
		}
		parent, _ := k.(service.Parent)
		for _, l := range all {
			f := consider(k.Kind(), l)
			if f == nil {
				continue
			}
			out = append(out, f)
			if parent != nil {
				out = append(out, parent.Children(ctx, f)...)
			}
		}
	}
	return out, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, pre := range prefixes {
		if strings.HasPrefix(s, pre) {
			return true
		}
	}
	return false
}
