package verify

import (
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// unitPlan plans route for a project named "demo" without any AWS call.
func unitPlan(t *testing.T, route []string, edit ...func(*spec.Spec)) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range edit {
		f(s)
	}
	p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
