package registry

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// TestEveryPlannedKindHasAProvider plans every generatable route and
// checks the registry serves each resource kind the plan can hold.
func TestEveryPlannedKindHasAProvider(t *testing.T) {
	kinds, err := Kinds(aws.Config{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[plan.Kind]bool{}
	for _, in := range c.Integrations {
		if !spec.Generatable(in.ID) {
			continue
		}
		route := []string{in.ID}
		s, err := spec.New(c, "demo", "us-east-1", route)
		if err != nil {
			continue // a hop that needs a neighbour to be a route of its own
		}
		p, err := Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
		if err != nil {
			continue
		}
		for _, r := range p.Resources {
			seen[r.Kind] = true
			if _, err := kinds.Get(r.Kind); err != nil {
				t.Errorf("%s: %v", in.ID, err)
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d kinds planned over all generatable hops: the test no longer reaches them", len(seen))
	}
}
