// Package routes finds the ways data can travel from one service to another
// through the catalog's integrations, and ranks them.
//
// Ranking (documented in `wireup routes --help` and docs/architecture.md):
//  1. fewer hops first: every hop is a resource to run, pay for and debug;
//  2. then the higher sum of the hops' catalog scores: managed batching,
//     buffering and retries (Firehose into S3) beat one object per event
//     (IoT rule straight into S3);
//  3. then the route id, so the order is stable.
package routes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
)

// MaxHops is the longest route searched by default.
const MaxHops = 4

// Route is a path of integrations from a source to a destination.
type Route struct {
	Hops []*catalog.Integration
}

// ID identifies the route by its hop ids, joined with "+".
func (r Route) ID() string { return strings.Join(r.IntegrationIDs(), "+") }

// IntegrationIDs lists the hops' integration ids, source first: the form a
// spec's route and `wireup new --route` take.
func (r Route) IntegrationIDs() []string {
	ids := make([]string, len(r.Hops))
	for i, h := range r.Hops {
		ids[i] = h.ID
	}
	return ids
}

// Score is the sum of the hops' scores.
func (r Route) Score() int {
	n := 0
	for _, h := range r.Hops {
		n += h.Score
	}
	return n
}

// Services lists the service ids along the route, source first.
func (r Route) Services() []string {
	if len(r.Hops) == 0 {
		return nil
	}
	out := []string{r.Hops[0].From}
	for _, h := range r.Hops {
		out = append(out, h.To)
	}
	return out
}

// Via lists the intermediate service ids.
func (r Route) Via() []string {
	s := r.Services()
	if len(s) < 2 {
		return nil
	}
	return s[1 : len(s)-1]
}

// Options tune the search.
type Options struct {
	MaxHops        int  // 0 means MaxHops
	IncludeRetired bool // allow retired services and integrations
}

// Find returns every route from → to of at most opts.MaxHops hops, ranked.
// Intermediate nodes are AWS services only: a route never passes through the
// user's application, a library or an external system, and never through a
// transform (a Lambda transform is an option on its hop, not a destination).
// After a metadata hop (a crawler filling the Data Catalog) only metadata hops
// may follow: the catalog holds tables, not records to move on.
func Find(c *catalog.Catalog, from, to string, opts Options) ([]Route, error) {
	if c.Service(from) == nil {
		return nil, fmt.Errorf("find routes: unknown source %q", from)
	}
	if c.Service(to) == nil {
		return nil, fmt.Errorf("find routes: unknown destination %q", to)
	}
	from, to = c.Service(from).ID, c.Service(to).ID
	maxHops := opts.MaxHops
	if maxHops <= 0 {
		maxHops = MaxHops
	}
	var found []Route
	visited := map[string]bool{from: true}
	var path []*catalog.Integration
	var walk func(node string)
	walk = func(node string) {
		if len(path) == maxHops {
			return
		}
		for _, in := range c.From(node) {
			afterMetadata := len(path) > 0 && path[len(path)-1].Metadata
			if in.Transform || visited[in.To] || (in.Retired() && !opts.IncludeRetired) || (afterMetadata && !in.Metadata) {
				continue
			}
			path = append(path, in)
			if in.To == to {
				found = append(found, Route{Hops: append([]*catalog.Integration(nil), path...)})
			} else if c.Service(in.To).Kind == catalog.KindService {
				visited[in.To] = true
				walk(in.To)
				visited[in.To] = false
			}
			path = path[:len(path)-1]
		}
	}
	walk(from)
	Rank(found)
	return found, nil
}

// Rank sorts routes: fewest hops, then highest score, then id.
func Rank(rs []Route) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if len(a.Hops) != len(b.Hops) {
			return len(a.Hops) < len(b.Hops)
		}
		if a.Score() != b.Score() {
			return a.Score() > b.Score()
		}
		return a.ID() < b.ID()
	})
}

// Reachable returns the ids of every service reachable from `from` within
// opts.MaxHops, in catalog order.
func Reachable(c *catalog.Catalog, from string, opts Options) []string {
	var out []string
	for _, s := range c.Services {
		if s.ID == from || (s.Retired() && !opts.IncludeRetired) {
			continue
		}
		if rs, err := Find(c, from, s.ID, opts); err == nil && len(rs) > 0 {
			out = append(out, s.ID)
		}
	}
	return out
}

// Describe renders a route as "AWS IoT Core → Amazon Data Firehose → Amazon S3".
func Describe(c *catalog.Catalog, r Route) string {
	names := r.Services()
	for i, id := range names {
		names[i] = c.Service(id).Name
	}
	return strings.Join(names, " → ")
}

// Short renders a route with service ids: "iot → firehose → s3".
func Short(r Route) string { return strings.Join(r.Services(), " → ") }
