// Package service is the contract between the deploy engine and the
// service packages under internal/service/<id>/.
//
// Each service package owns its resource kinds. A kind is one Provider
// value: Ensure (create, or adopt and update), Exists, Drift, Delete, and,
// for kinds destroy must find without a state, List by tag. The engine
// walks the plan's dependency graph and calls the provider of each
// resource's kind; it never switches on a kind itself. The registry
// (internal/service/registry) lists every service's kinds in one place.
//
// This package also holds what every provider needs the same way: how AWS
// says "not found", whether a resource belongs to the project, how to read
// a service's tags, and how to wait for a resource without a waiter.
package service

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// Record is what the state (.wireup/state.json) holds about one deployed
// resource.
type Record struct {
	ID          string            `json:"id"`
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	Integration string            `json:"integration,omitempty"`
	DependsOn   []string          `json:"dependsOn,omitempty"`
	Hash        string            `json:"hash"`
	Inputs      map[string]string `json:"inputs,omitempty"`  // settings with references resolved
	Outputs     map[string]string `json:"outputs,omitempty"` // what the service returned: arn, url, …
	UpdatedAt   time.Time         `json:"updatedAt"`
}

// Env is what a provider is told about the target on every call.
type Env struct {
	// Target is the kind of target (moto, kumo, localstack, aws): some
	// emulators refuse a setting AWS needs (see internal/targets).
	Target targets.Target
	// Region is the target's Region.
	Region string
	// MaxWait bounds each waiter.
	MaxWait time.Duration
	// Retry calls fn until it succeeds or fails with an error transient
	// does not recognise, within the engine's IAM wait, and reports each
	// retry. It is for the errors AWS documents as eventual consistency
	// (a role that cannot be assumed yet), never a blind sleep. Nil calls
	// fn once.
	Retry func(ctx context.Context, transient func(error) bool, fn func() error) error
	// Progress reports how a long wait is going ("Processing, 7m of
	// typically 15-25m"); nil drops it.
	Progress func(message string)
}

// Report sends message through Progress.
func (e Env) Report(message string) {
	if e.Progress != nil {
		e.Progress(message)
	}
}

// Do calls fn through Retry.
func (e Env) Do(ctx context.Context, transient func(error) bool, fn func() error) error {
	if e.Retry == nil {
		return fn()
	}
	return e.Retry(ctx, transient, fn)
}

// Wait is MaxWait, or 10 minutes when unset.
func (e Env) Wait() time.Duration {
	if e.MaxWait > 0 {
		return e.MaxWait
	}
	return 10 * time.Minute
}

// Request is one Ensure call: the planned resource, its settings with
// references resolved, and where to report that it now exists.
type Request struct {
	Env
	Plan     *plan.Plan
	Resource *plan.Resource
	// Inputs are the resource's settings with its references filled from
	// the outputs of what it depends on.
	Inputs map[string]string
	// Artifact is the deployment package of a function resource.
	Artifact []byte
	// Recorded reports the state already records the resource: this
	// deploy or an earlier one created or adopted it, even if it was
	// interrupted before tagging it.
	Recorded bool
	// Created records outputs at once, before any further call: a
	// provider calls it as soon as its create call succeeds, so a later
	// failure (tagging, a waiter) still leaves the resource in the state
	// for destroy and the next deploy. The engine always sets it.
	Created func(outputs map[string]string)
}

// Owns reports whether an existing resource with tags belongs to the
// project: it carries the project's tag, or the state records it.
func (r *Request) Owns(tags map[string]string) bool {
	return r.Recorded || OwnedBy(tags, r.Plan.Project)
}

// Provider is one resource kind.
type Provider interface {
	// Kind is the plan kind the provider serves.
	Kind() plan.Kind
	// Ensure creates the resource, or adopts and updates it when it
	// exists, waits until it is usable and returns its outputs.
	Ensure(ctx context.Context, req *Request) (map[string]string, error)
	// Exists reports whether a recorded resource is still there.
	Exists(ctx context.Context, env Env, rec *Record) (bool, error)
	// Drift compares the live configuration of r, deployed as rec, with
	// the plan where a hand edit would weaken the pipeline without
	// changing its shape, and returns what differs, or "".
	Drift(ctx context.Context, env Env, r *plan.Resource, rec *Record) (string, error)
	// Delete deletes a recorded resource and waits until it is gone. A
	// resource that is already gone may return a not-found error; the
	// engine counts it as deleted.
	Delete(ctx context.Context, env Env, rec *Record) error
}

// Prechecker is a kind with a prerequisite outside the plan (an account
// subscription, a user the resource is shared with): deploy calls
// Precheck once per kind of the plan before it creates anything, and an
// error stops the deploy there.
type Prechecker interface {
	Provider
	Precheck(ctx context.Context, env Env, p *plan.Plan) error
}

// Lister is a kind that destroy and status find on the target by its
// wireup:project tag when the state does not record it.
type Lister interface {
	Provider
	// Always reports that the kind is listed whatever the plan holds, so
	// resources left by an older version of the spec show up.
	Always() bool
	// List lists every resource of the kind that may be the plan's, every
	// page of it.
	List(ctx context.Context, p *plan.Plan) ([]Listed, error)
}

// Parent is a kind whose resources have sub-resources that outlive them (a
// topic's subscriptions, a function's event source mappings): Discover
// reports them with their parent, so destroy deletes them first.
type Parent interface {
	Children(ctx context.Context, parent *Found) []*Found
}

// Identifier is a kind of which one name can hold several resources (the
// mappings of one function): their identity is the id the service gave.
type Identifier interface {
	Identity(rec *Record) string
}

// Sweeper is a kind that checks, after destroy, for what its deleted
// resources left behind where no listing reaches it (the event source
// mappings of a deleted function).
type Sweeper interface {
	Leftovers(ctx context.Context, p *plan.Plan, deleted []*Record, left []*Found) ([]*Found, error)
}

// Listed is one resource a listing returned: its name, the outputs a delete
// needs, and how to read its tags. Tags cost a call per resource, so they
// are read only for a name that may be the project's.
type Listed struct {
	Name    string
	Outputs map[string]string
	Tags    func(context.Context) (map[string]string, error)
}

// Found is a resource discovered by listing the target.
type Found struct {
	State *Record
	// Owned reports the wireup:project tag names the plan's project; only
	// owned resources are deleted without a state.
	Owned bool
	// InPlan reports the plan has a resource of that kind and name.
	InPlan bool
}

// Child is a sub-resource of parent reported with it: owned and planned as
// its parent is, and deleted before it.
func Child(parent *Found, id string, kind plan.Kind, outputs map[string]string) *Found {
	return &Found{Owned: parent.Owned, InPlan: parent.InPlan, State: &Record{
		ID: id, Kind: string(kind), Name: parent.State.Name,
		DependsOn: []string{parent.State.ID}, Outputs: outputs}}
}

// Identity tells a resource from the others of its kind: its name, or the
// service's id for a kind that is an Identifier.
func (k Kinds) Identity(rec *Record) string {
	if id, ok := k[plan.Kind(rec.Kind)].(Identifier); ok {
		return rec.Kind + "\x00" + id.Identity(rec)
	}
	return rec.Kind + "\x00" + rec.Name
}

// Kinds are the providers of a target, by kind.
type Kinds map[plan.Kind]Provider

// NewKinds indexes providers by kind and refuses two for one kind.
func NewKinds(groups ...[]Provider) (Kinds, error) {
	k := Kinds{}
	for _, g := range groups {
		for _, p := range g {
			if _, dup := k[p.Kind()]; dup {
				return nil, fmt.Errorf("two providers for resource kind %s", p.Kind())
			}
			k[p.Kind()] = p
		}
	}
	return k, nil
}

// Get returns the provider of kind, or an error naming it.
func (k Kinds) Get(kind plan.Kind) (Provider, error) {
	if p, ok := k[kind]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("unknown resource kind %s: this wireup cannot manage it; upgrade wireup, or delete the resource by hand", kind)
}

// Listers are the kinds that can be listed, in a stable order.
func (k Kinds) Listers() []Lister {
	var out []Lister
	for _, kind := range slices.Sorted(maps.Keys(k)) {
		if l, ok := k[kind].(Lister); ok {
			out = append(out, l)
		}
	}
	return out
}

// Keeper is the error of a Delete that left its resource in place because
// the spec asks for it (a bucket that holds objects while s3.forceDestroy
// is false). It is not a failure: destroy reports what it kept and how to
// remove it, keeps the resource's record, and checks that everything else
// is gone.
type Keeper interface {
	error
	// Kept says why the resource was kept, and what removes it.
	Kept() (why, remedy string)
}

// ErrNameTaken marks a create that found the name held by a resource that
// is not the project's.
var ErrNameTaken = errors.New("name taken")

// OwnedBy reports whether tags carry the project's wireup:project tag.
func OwnedBy(tags map[string]string, project string) bool { return tags[plan.TagProject] == project }

// TagMap is the plan's tags as a map, for the services that take one.
func TagMap(p *plan.Plan) map[string]string {
	m := map[string]string{}
	for _, t := range p.Tags {
		m[t.Key] = t.Value
	}
	return m
}

// Poll calls check with backoff until it reports done, fails, or maxWait
// passes. It is for resources whose SDK has no waiter.
func Poll(ctx context.Context, maxWait time.Duration, what string, check func() (bool, error)) error {
	deadline := time.Now().Add(maxWait)
	err := backoff(ctx, 100*time.Millisecond, func(time.Duration) bool { return time.Now().After(deadline) }, check)
	if errors.Is(err, errOver) {
		return fmt.Errorf("%s: not ready after %s", what, maxWait)
	}
	return err
}

// Sleep waits d or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
