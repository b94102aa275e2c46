// Package verify proves a deployed route: it sends a canary event into the
// route's source and awaits it at the route's end, composing the verify
// probes of the services at the two ends (see service.Probe), and says
// plainly where the target cannot move data on the route instead of
// passing it. It knows no service and no route of its own.
package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// Deployment is what Verify reads of a deploy (deploy.Engine): the record
// of each of the plan's resources, or an error saying which one is not
// deployed yet.
type Deployment interface {
	Deployed(p *plan.Plan) (map[string]*service.Record, error)
}

// Verifier proves deployed routes on one target.
type Verifier struct {
	// Probes are the verify probes of the target, by catalog service id
	// (see internal/service/registry).
	Probes map[string]service.Probe
	// Targets are the capability rows (registry.Targets): what the target
	// can prove on each hop, which Verify reports instead of faking.
	Targets targets.Table
	// State is where the route was deployed.
	State Deployment
}

// Options tune Verify.
type Options struct {
	Target targets.Target
	// Timeout bounds the wait for each hop (default 30 s; Firehose waits at
	// least its buffer interval plus a minute on AWS).
	Timeout time.Duration
	// Handler is the deployment package of the route's Lambda function. On
	// kumo, Verify runs it against kumo's Runtime API so the function really
	// executes; without it Lambda hops are not verifiable there.
	Handler []byte
	// ProjectDir is the generated project's directory (service.Canary).
	ProjectDir string
}

// Hop is one verified step of a route.
type Hop struct {
	Path   string        `json:"path"` // e.g. "s3 → sqs"
	Took   time.Duration `json:"tookNs"`
	Detail string        `json:"detail"`
}

// Report is the outcome of Verify.
type Report struct {
	Canary   string `json:"canary"`
	Hops     []Hop  `json:"hops"`
	Verified bool   `json:"verified"`
	// Reason says why data flow is not verifiable on the target, when
	// Verified is false and Verify returned no error.
	Reason string `json:"reason,omitempty"`
	// Checks are the stand-in checks run where the target cannot move the
	// canary to the route's end (see service.Checker): evidence, never
	// verification.
	Checks []service.Check `json:"checks,omitempty"`
}

// Verify sends a canary event with a unique id into the route's source and
// polls the destination until it appears, timing each hop. Where the target
// cannot move data on the route, it says so in the report (Verified false,
// Reason set) and proves only the hops that do move data: it never passes a
// path that did not carry the canary. An error means the route should move
// data here and did not.
//
// Verify knows no service: it injects with the probe of the route's first
// service and awaits with the probe of its last (see service.Probe).
func (vr *Verifier) Verify(ctx context.Context, p *plan.Plan, o Options) (*Report, error) {
	deployed, err := vr.State.Deployed(p)
	if err != nil {
		return nil, err
	}
	c := &service.Canary{ID: service.NewCanaryID(), Route: slices.Clone(p.Route), Resources: deployed,
		Target: o.Target, Timeout: o.Timeout, Handler: o.Handler, ProjectDir: o.ProjectDir}
	if len(p.Route) == 0 {
		return nil, fmt.Errorf("the plan of %s has no route to verify", p.Project)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	rep := &Report{Canary: c.ID}
	c.OnHop = func(path string, took time.Duration, detail string) {
		rep.Hops = append(rep.Hops, Hop{Path: path, Took: took, Detail: detail})
	}
	v := newProof(vr.Probes, c)
	capab := vr.Targets.Route(o.Target, p.Hops())
	// A sink that cannot see the canary arrive leaves a route the target
	// moves data on unverifiable; where the target moves none, its own
	// reason stands.
	if b, ok := v.probes[v.sink].(service.Blind); ok && capab.Data {
		if reason := b.Blind(c); reason != "" {
			capab.Data, capab.DataReason = false, reason
		}
	}
	// Likewise a source verify cannot put the canary into.
	if u, ok := v.probes[v.source].(service.Uninjectable); ok && capab.Data {
		if reason := u.Uninjectable(c); reason != "" {
			capab.Data, capab.DataReason = false, reason
		}
	}
	if ch, ok := v.probes[v.sink].(service.Checker); ok && !capab.Data {
		if done, err := vr.standIn(ctx, p, o.Target, v, ch, rep); done || err != nil {
			rep.Reason = capab.DataReason
			return rep, err
		}
	}
	if err := v.run(ctx, capab.Data); err != nil {
		return rep, err
	}
	rep.Verified = capab.Data
	if !capab.Data {
		rep.Reason = capab.DataReason
	}
	return rep, nil
}

// standIn runs the sink's stand-in check on a target that cannot move the
// canary to the route's end: it proves the route up to the stand-in (the
// service before the sink) the way Verify proves a whole route, then has
// the sink check what arrived there. done is false where the sink has no
// check on this route (or the stand-in is the route's source), and Verify goes on as without one. A canary that
// does not reach the stand-in on a target that moves data that far, or a
// check that fails, is an error: the route is broken here, whatever the
// end would have done.
func (vr *Verifier) standIn(ctx context.Context, p *plan.Plan, tg targets.Target, v *proof, ch service.Checker, rep *Report) (bool, error) {
	c := v.c
	before := ch.StandIn(c)
	last := c.Route[len(c.Route)-1]
	if from, _, _ := strings.Cut(last, "-to-"); before == "" || from != before || len(c.Route) < 2 {
		return false, nil
	}
	name := "stand-in check at " + before
	prefix := slices.DeleteFunc(p.Hops(), func(h string) bool { return h == last })
	if capab := vr.Targets.Route(tg, prefix); !capab.Data {
		rep.Checks = append(rep.Checks, service.Check{Name: name, Status: service.CheckSkipped,
			Detail: fmt.Sprintf("the canary cannot reach %s on %s: %s", before, tg, capab.DataReason)})
		return true, nil
	}
	sc := *c
	sc.Route = c.Route[:len(c.Route)-1]
	sv := newProof(v.probes, &sc)
	// The canary carries what the whole route needs (the table's time
	// layout), not only what the route up to the stand-in does.
	sc.Body = c.Body
	if err := sv.run(ctx, true); err != nil {
		return true, err
	}
	got := ch.Check(ctx, c)
	rep.Checks = append(rep.Checks, got)
	if got.Status == service.CheckFailed {
		return true, fmt.Errorf("%s failed: %s", got.Name, got.Detail)
	}
	return true, nil
}

// proof is one run of Verify: the canary, and the ends of its route.
type proof struct {
	probes map[string]service.Probe
	c      *service.Canary
	// source is the service the canary is injected into, sink the one it
	// is awaited at, and from the service it reaches the sink from ("app"
	// where verify put it into the sink itself).
	source, sink, from string
}

// newProof finds the ends of c's route and gives the canary its body.
// The application ("app") is no service verify can probe: at the start of
// a route verify puts the canary into the next service itself, as the
// application would, and at the end it reads the service before it, as
// the application does.
func newProof(probes map[string]service.Probe, c *service.Canary) *proof {
	svcs := services(c.Route)
	if svcs[0] == "app" {
		svcs = svcs[1:]
	}
	if len(svcs) > 1 && svcs[len(svcs)-1] == "app" {
		svcs = svcs[:len(svcs)-1]
	}
	for i := 1; i < len(svcs)-1; i++ {
		if _, ok := probes[svcs[i]].(service.Terminal); ok {
			svcs = svcs[:i+1]
			break
		}
	}
	v := &proof{probes: probes, c: c, source: svcs[0], sink: svcs[len(svcs)-1], from: "app"}
	if len(svcs) > 1 {
		v.from = svcs[len(svcs)-2]
	}
	c.Body = v.body(svcs)
	return v
}

// services are the services along route, in order.
func services(route []string) []string {
	var out []string
	for i, h := range route {
		from, to, _ := strings.Cut(h, "-to-")
		if i == 0 {
			out = append(out, from)
		}
		out = append(out, to)
	}
	return out
}

// body is the event the canary carries: generated consumers read the id
// field, and a service on the route may need fields of its own to store it
// (see service.Fielder).
func (v *proof) body(svcs []string) []byte {
	m := map[string]any{"id": v.c.ID, "source": "wireup-verify", "kind": "canary", "time": time.Now().UTC()}
	seen := map[string]bool{}
	for _, s := range svcs {
		if f, ok := v.probes[s].(service.Fielder); ok && !seen[s] {
			maps.Copy(m, f.Fields(v.c))
		}
		seen[s] = true
	}
	b, _ := json.Marshal(m)
	return append(b, '\n')
}

// run proves the route: the canary goes into the source and is awaited at
// the sink, which listens first where it has to. When full is false the
// target cannot move it that far, and run proves only what the ends prove
// alone (see service.Prover): the source's injection, the sink's listening.
func (v *proof) run(ctx context.Context, full bool) error {
	src, sink := v.probes[v.source], v.probes[v.sink]
	if !full {
		if proves(src, v.c) {
			if _, err := src.Inject(ctx, v.c); err != nil {
				return err
			}
		}
		if l, ok := sink.(service.Listener); ok && proves(sink, v.c) {
			lis, err := l.Listen(ctx, v.c)
			if err != nil {
				return err
			}
			if lis != nil {
				lis.Close()
			}
		}
		return nil
	}
	if src == nil {
		return fmt.Errorf("wireup cannot send a canary into %s yet", v.source)
	}
	if sink == nil {
		return fmt.Errorf("wireup has no way to observe the end of route %s yet", strings.Join(v.c.Route, "+"))
	}
	await := sink.Await
	if l, ok := sink.(service.Listener); ok {
		lis, err := l.Listen(ctx, v.c)
		if err != nil {
			return err
		}
		if lis != nil {
			defer lis.Close()
			await = lis.Await
		}
	}
	start, err := src.Inject(ctx, v.c)
	if err != nil {
		return err
	}
	return await(ctx, v.c, v.from, start)
}

// proves reports whether the end p proves a hop by itself on c's target.
func proves(p service.Probe, c *service.Canary) bool {
	pr, ok := p.(service.Prover)
	return ok && pr.Proves(c)
}
