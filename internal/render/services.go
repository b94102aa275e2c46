package render

import (
	"slices"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// generators is the generator's service table: what each service package
// says about its templates (internal/service/<id>/generate.go), in the
// registry's order, and by catalog id.
type generators struct {
	list []service.Generator
	byID map[string]*service.Generator
}

func newGenerators(list []service.Generator) *generators {
	g := &generators{list: list, byID: map[string]*service.Generator{}}
	for i := range list {
		g.byID[list[i].ID] = &g.list[i]
	}
	return g
}

// get returns the entry of service id; one with no roles when the
// generator does not know the service.
func (g *generators) get(id string) *service.Generator {
	if sv := g.byID[id]; sv != nil {
		return sv
	}
	return &service.Generator{ID: id}
}

// settings lists the environment variables of the generated config package
// for the services on the route, in the registry's order, with the spec's
// names as defaults.
func (g *generators) settings(s *spec.Spec, route []Node) []service.Setting {
	out := []service.Setting{{Env: "AWS_REGION", Field: "Region", Default: s.Region, Doc: "the Region of every resource"}}
	for _, sv := range g.list {
		if sv.Settings != nil && slices.ContainsFunc(route, func(n Node) bool { return n.ID == sv.ID }) {
			out = append(out, sv.Settings(s)...)
		}
	}
	return out
}

// policyFile returns the iam/ file entry of a resource kind's policy, nil
// when no service names one.
func (g *generators) policyFile(k plan.Kind) *service.PolicyFile {
	for i := range g.list {
		for j := range g.list[i].Policies {
			if f := &g.list[i].Policies[j]; f.Kind == k {
				return f
			}
		}
	}
	return nil
}
