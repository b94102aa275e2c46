package registry

import (
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
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
		if !in.Generate {
			continue
		}
		route := []string{in.ID}
		s, err := New(c, "demo", "us-east-1", route)
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

// wireRecorder is a planner that records the hops it wires, so a test can
// tell which service package planned each hop. It forwards every optional
// planner method, doing nothing where the planner has none, exactly as the
// builder does.
type wireRecorder struct {
	plan.Planner
	wired map[string]string // integration id → the service that wired it
}

func (r wireRecorder) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	w, ok := r.Planner.(plan.Wirer)
	if !ok {
		return false, nil
	}
	done, err := w.Wire(b, in)
	if done {
		r.wired[in.ID] = r.Service()
	}
	return done, err
}

func (r wireRecorder) Accept(b *plan.Builder, in *catalog.Integration) (string, error) {
	if a, ok := r.Planner.(plan.Acceptor); ok {
		return a.Accept(b, in)
	}
	return "", nil
}

func (r wireRecorder) Roles(b *plan.Builder) error {
	if o, ok := r.Planner.(plan.RoleOwner); ok {
		return o.Roles(b)
	}
	return nil
}

// writableRecorder is a wireRecorder of a plan.Writable planner, which
// the builder asks what a writer into the service may write to.
type writableRecorder struct {
	wireRecorder
	w plan.Writable
}

func (r writableRecorder) WriteTarget(s *spec.Spec) iam.Target { return r.w.WriteTarget(s) }

// recordedPlan plans s with every planner wrapped in a wireRecorder and
// returns which service wired each hop.
func recordedPlan(s *spec.Spec, c *catalog.Catalog) (map[string]string, error) {
	wired := map[string]string{}
	var pls []plan.Planner
	for _, pl := range Planners() {
		r := wireRecorder{Planner: pl, wired: wired}
		if w, ok := pl.(plan.Writable); ok {
			pls = append(pls, writableRecorder{wireRecorder: r, w: w})
			continue
		}
		pls = append(pls, r)
	}
	_, err := plan.New(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"}, pls)
	return wired, err
}

// specWith returns a valid spec for a short route through the generatable
// hop in: the hop alone, or with a generatable hop before or after it.
func specWith(t *testing.T, c *catalog.Catalog, in *catalog.Integration) *spec.Spec {
	t.Helper()
	candidates := [][]string{{in.ID}}
	for _, o := range c.Integrations {
		if !o.Generate {
			continue
		}
		if o.To == in.From {
			candidates = append(candidates, []string{o.ID, in.ID})
		}
		if o.From == in.To {
			candidates = append(candidates, []string{in.ID, o.ID})
		}
	}
	// A hop that cannot start a route, after one that cannot either: a
	// third hop before them (dynamodb-to-glue, glue-to-athena, athena-to-s3).
	for _, route := range slices.Clone(candidates) {
		for _, o := range c.Integrations {
			if first := c.Integration(route[0]); o.Generate && o.To == first.From && !first.StartsRoute() {
				candidates = append(candidates, append([]string{o.ID}, route...))
			}
		}
	}
	for _, route := range candidates {
		if s, err := New(c, "demo", "us-east-1", route); err == nil {
			return s
		}
	}
	t.Fatalf("%s: no valid spec for any of the routes %v", in.ID, candidates)
	return nil
}

// The catalog's generate flag and the planners cannot drift apart: every
// hop marked generate: true is planned (wired by a service package's
// planner, or application code that deploys nothing), and no planner wires
// a hop the catalog does not mark.
func TestGenerateFlagMatchesThePlanners(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	planned := 0
	for _, in := range c.Integrations {
		if !in.Generate {
			continue
		}
		wired, err := recordedPlan(specWith(t, c, in), c)
		if err != nil {
			t.Errorf("%s is marked generate: true, but planning it fails: %v", in.ID, err)
			continue
		}
		if _, ok := wired[in.ID]; !ok && in.From != "app" && in.To != "app" {
			t.Errorf("%s is marked generate: true, but no planner wires it", in.ID)
		}
		planned++
	}
	if planned < 20 {
		t.Errorf("only %d generatable hops planned: the test no longer reaches them", planned)
	}

	// A hop the catalog does not mark, planned on a spec that has the
	// sections of both its services.
	sections := map[string]*spec.Spec{}
	for _, in := range c.Integrations {
		if in.Generate {
			s := specWith(t, c, in)
			for _, id := range s.Services(c) {
				if sections[id] == nil {
					sections[id] = s
				}
			}
		}
	}
	for _, in := range c.Integrations {
		from, to := sections[in.From], sections[in.To]
		if in.Generate || from == nil || to == nil {
			continue
		}
		s := mergeSections(from, to)
		s.Route = []string{in.ID}
		wired, _ := recordedPlan(s, c)
		if svc, ok := wired[in.ID]; ok {
			t.Errorf("the %s planner wires %s, which the catalog does not mark generate: true", svc, in.ID)
		}
	}
}

// mergeSections returns a copy of a with every service section a lacks
// taken from b.
func mergeSections(a, b *spec.Spec) *spec.Spec {
	out := *a
	ov, bv := reflect.ValueOf(&out).Elem(), reflect.ValueOf(b).Elem()
	for i := range ov.NumField() {
		if f := ov.Field(i); f.Kind() == reflect.Pointer && f.IsNil() {
			f.Set(bv.Field(i))
		}
	}
	return &out
}

// TestGeneratorsMatchPlanners checks that the generator's table and the
// planners describe the same services: one generator per planner, under
// the planner's id, and a producer exactly where the planner names what a
// writer may write (the grant of the generated iam/producer-policy.json).
func TestGeneratorsMatchPlanners(t *testing.T) {
	planners := map[string]plan.Planner{}
	for _, p := range Planners() {
		planners[p.Service()] = p
	}
	seen := map[string]bool{}
	for _, g := range Generators() {
		if seen[g.ID] {
			t.Errorf("generator %s listed twice", g.ID)
		}
		seen[g.ID] = true
		p, ok := planners[g.ID]
		if !ok {
			t.Errorf("generator %s has no planner", g.ID)
			continue
		}
		_, writable := p.(plan.Writable)
		if (g.Produce != nil) != writable {
			t.Errorf("generator %s: Produce set %v, but its planner is plan.Writable: %v", g.ID, g.Produce != nil, writable)
		}
		if g.Func == "" || g.Settings == nil || g.Resource == nil {
			t.Errorf("generator %s: Func, Settings and Resource are required", g.ID)
		}
	}
	for id := range planners {
		if !seen[id] {
			t.Errorf("planner %s has no generator", id)
		}
	}
}
