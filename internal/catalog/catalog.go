// Package catalog is wireup's model of AWS big-data integrations: the services
// (nodes) and the integrations between them (edges), loaded from the embedded,
// human-readable catalog.yaml and validated on load.
//
// The catalog is data: the route finder, the generator, the planner, the
// wizard and the docs all read it. Adding an integration starts here.
package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed catalog.yaml
var catalogYAML []byte

// SeedSections is the number of sections in the seed document
// (aws-bigdata-integration.txt); every one must be represented.
const SeedSections = 16

// Kind says what a node is.
type Kind string

// Node kinds.
const (
	KindService  Kind = "service"  // an AWS service
	KindApp      Kind = "app"      // the user's own application code
	KindTool     Kind = "tool"     // a library or agent (KPL, KCL, Kinesis Agent, Spark)
	KindExternal Kind = "external" // a system outside AWS (Splunk, Kafka, SaaS)
)

// Handling says how wireup handles an integration.
type Handling string

// Handlings.
const (
	HandlingDeploy Handling = "deploy" // wired by AWS API calls
	HandlingCode   Handling = "code"   // generated application code
	HandlingConfig Handling = "config" // a generated configuration file
	HandlingGuide  Handling = "guide"  // manual steps only
)

// Status is a lifecycle status.
type Status string

// Lifecycle statuses.
const (
	StatusAvailable Status = "available"
	StatusRenamed   Status = "renamed"
	StatusRetired   Status = "retired"
)

// Lifecycle records whether a service is still offered and what replaced it.
type Lifecycle struct {
	Status      Status `yaml:"status" json:"status"`
	Replacement string `yaml:"replacement,omitempty" json:"replacement,omitempty"`
	Date        string `yaml:"date,omitempty" json:"date,omitempty"`
	Note        string `yaml:"note,omitempty" json:"note,omitempty"`
	// Route is the generatable integration wireup offers in a retired
	// service's place (glue-to-s3 for Data Pipeline), or "".
	Route string `yaml:"route,omitempty" json:"route,omitempty"`
}

// Service is a node of the integration graph.
type Service struct {
	ID          string    `yaml:"id" json:"id"`
	Name        string    `yaml:"name" json:"name"`
	Kind        Kind      `yaml:"kind" json:"kind"`
	Group       string    `yaml:"group" json:"group"`
	Aliases     []string  `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Description string    `yaml:"description" json:"description"`
	Lifecycle   Lifecycle `yaml:"lifecycle,omitempty" json:"lifecycle"`
}

// Retired reports whether the service is closed to new customers.
func (s *Service) Retired() bool { return s.Lifecycle.Status == StatusRetired }

// Integration is a directed edge: data moves From one node To another by
// Mechanism.
type Integration struct {
	ID          string   `yaml:"id" json:"id"`
	From        string   `yaml:"from" json:"from"`
	To          string   `yaml:"to" json:"to"`
	Mechanism   string   `yaml:"mechanism" json:"mechanism"`
	Handling    Handling `yaml:"handling" json:"handling"`
	Sections    []int    `yaml:"sections" json:"sections"`
	Score       int      `yaml:"score,omitempty" json:"score"`
	Transform   bool     `yaml:"transform,omitempty" json:"transform,omitempty"`
	Metadata    bool     `yaml:"metadata,omitempty" json:"metadata,omitempty"`
	Description string   `yaml:"description" json:"description"`
	// Lifecycle is derived on load: the most retired of the two ends.
	Lifecycle Lifecycle `yaml:"-" json:"lifecycle"`

	// Generate marks an integration wireup generates and deploys; `wireup
	// catalog --json` reports it (as "generate") beside the targets.
	Generate bool `yaml:"generate,omitempty" json:"-"`
	// Continues marks a generatable integration that cannot start a
	// route: its source holds no data of its own for a producer to send
	// (Athena and Redshift query, EMR runs over, Glue catalogs what an
	// earlier hop wrote), so a route starts where data enters before it.
	Continues bool `yaml:"continues,omitempty" json:"continues,omitempty"`
}

// StartsRoute reports whether a route may start with the integration.
func (i *Integration) StartsRoute() bool { return !i.Continues }

// Retired reports whether either end of the integration is retired.
func (i *Integration) Retired() bool { return i.Lifecycle.Status == StatusRetired }

// Catalog is the validated set of services and integrations.
type Catalog struct {
	Services     []*Service     `yaml:"services" json:"services"`
	Integrations []*Integration `yaml:"integrations" json:"integrations"`

	byID    map[string]*Service
	byAlias map[string]*Service
	integ   map[string]*Integration
	out     map[string][]*Integration
}

// Load parses and validates the embedded catalog.
func Load() (*Catalog, error) {
	return Parse(catalogYAML)
}

// Parse parses and validates a catalog document.
func Parse(data []byte) (*Catalog, error) {
	var c Catalog
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("parse catalog: %w", err)
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	return &c, nil
}

// index validates the catalog and builds its lookup tables.
func (c *Catalog) index() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }

	c.byID = map[string]*Service{}
	c.byAlias = map[string]*Service{}
	for _, s := range c.Services {
		if s.Lifecycle.Status == "" {
			s.Lifecycle.Status = StatusAvailable
		}
		switch {
		case s.ID == "" || s.Name == "" || s.Description == "":
			bad("service %q: id, name and description are required", s.ID)
		case c.byID[s.ID] != nil:
			bad("service %q: duplicate id", s.ID)
		}
		switch s.Kind {
		case KindService, KindApp, KindTool, KindExternal:
		default:
			bad("service %q: unknown kind %q", s.ID, s.Kind)
		}
		switch s.Lifecycle.Status {
		case StatusAvailable:
		case StatusRenamed, StatusRetired:
			if s.Lifecycle.Replacement == "" {
				bad("service %q: %s lifecycle needs a replacement", s.ID, s.Lifecycle.Status)
			}
		default:
			bad("service %q: unknown lifecycle status %q", s.ID, s.Lifecycle.Status)
		}
		c.byID[s.ID] = s
		for _, a := range s.Aliases {
			if other := c.byAlias[a]; other != nil {
				bad("alias %q used by %q and %q", a, other.ID, s.ID)
			}
			c.byAlias[a] = s
		}
	}
	for a, s := range c.byAlias {
		if t := c.byID[a]; t != nil && t != s {
			bad("alias %q of %q is also a service id", a, s.ID)
		}
	}

	c.integ = map[string]*Integration{}
	c.out = map[string][]*Integration{}
	seen := map[int]bool{}
	for _, in := range c.Integrations {
		if in.ID == "" || in.Mechanism == "" || in.Description == "" {
			bad("integration %q: id, mechanism and description are required", in.ID)
		}
		if c.integ[in.ID] != nil {
			bad("integration %q: duplicate id", in.ID)
		}
		c.integ[in.ID] = in
		from, to := c.byID[in.From], c.byID[in.To]
		if from == nil {
			bad("integration %q: unknown source service %q", in.ID, in.From)
		}
		if to == nil {
			bad("integration %q: unknown destination service %q", in.ID, in.To)
		}
		if in.From == in.To {
			bad("integration %q: source and destination are the same", in.ID)
		}
		switch in.Handling {
		case HandlingDeploy, HandlingCode, HandlingConfig, HandlingGuide:
		default:
			bad("integration %q: unknown handling %q", in.ID, in.Handling)
		}
		// A metadata hop (a crawler, Athena reading the catalog) is a route
		// hop too; a transform is an option on another hop.
		if in.Generate && in.Transform {
			bad("integration %q: generate applies to a route hop, not a transform", in.ID)
		}
		if len(in.Sections) == 0 {
			bad("integration %q: no seed section", in.ID)
		}
		for _, n := range in.Sections {
			if n < 1 || n > SeedSections {
				bad("integration %q: seed section %d out of range 1-%d", in.ID, n, SeedSections)
			}
			seen[n] = true
		}
		if from != nil && to != nil {
			in.Lifecycle = Lifecycle{Status: StatusAvailable}
			for _, s := range []*Service{from, to} {
				if s.Retired() {
					in.Lifecycle = s.Lifecycle
				}
			}
			c.out[in.From] = append(c.out[in.From], in)
		}
	}
	for _, s := range c.Services {
		if r := s.Lifecycle.Route; r != "" && (c.integ[r] == nil || !c.integ[r].Generate) {
			bad("service %q: lifecycle route %q is not a generatable integration", s.ID, r)
		}
	}
	for n := 1; n <= SeedSections; n++ {
		if !seen[n] {
			bad("seed section %d has no integration", n)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid catalog:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

// Service returns the service with the given id or alias, or nil.
func (c *Catalog) Service(name string) *Service {
	name = strings.ToLower(strings.TrimSpace(name))
	if s := c.byID[name]; s != nil {
		return s
	}
	return c.byAlias[name]
}

// Integration returns the integration with the given id, or nil.
func (c *Catalog) Integration(id string) *Integration { return c.integ[id] }

// Generatable reports whether wireup generates and deploys the integration
// id (its catalog entry says generate: true).
func (c *Catalog) Generatable(id string) bool {
	in := c.integ[id]
	return in != nil && in.Generate
}

// Ungeneratable returns the integration ids in route that wireup cannot
// generate yet, in route order; none means the whole route can be.
func (c *Catalog) Ungeneratable(route []string) []string {
	var out []string
	for _, id := range route {
		if !c.Generatable(id) {
			out = append(out, id)
		}
	}
	return out
}

// From returns the integrations leaving a service, in catalog order.
func (c *Catalog) From(serviceID string) []*Integration { return c.out[serviceID] }

// Resolve returns the service for a user-typed name, or an error that lists
// the closest valid names.
func (c *Catalog) Resolve(name string) (*Service, error) {
	if s := c.Service(name); s != nil {
		return s, nil
	}
	return nil, &UnknownServiceError{Name: name, Suggestions: c.closest(name, 3)}
}

// UnknownServiceError is returned for a service name the catalog does not know.
type UnknownServiceError struct {
	Name        string
	Suggestions []string
}

// Error names the unknown service, the closest valid names and where to
// find them all.
func (e *UnknownServiceError) Error() string {
	msg := fmt.Sprintf("unknown service %q", e.Name)
	if len(e.Suggestions) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(e.Suggestions, ", "))
	} else {
		msg += "."
	}
	return msg + " Run `wireup catalog --services` for every name."
}

// closest returns up to n service ids whose id or alias is nearest to name.
//
// Names that start with what was typed come first (`ki` is the start of
// kinesis, not a typo of kda): ids before aliases, then the service with
// more integrations, the one people mean more often. Then typos: an edit
// distance of at most a third of the typed length (at least 1), so that a
// short unrelated word (`pipes`) suggests nothing rather than `saas`.
func (c *Catalog) closest(name string, n int) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return nil
	}
	const (
		tierIDPrefix = iota
		tierAliasPrefix
		tierTypo
	)
	type cand struct {
		id         string
		tier, dist int
	}
	best := map[string]cand{}
	better := func(a, b cand) bool {
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		return a.dist < b.dist
	}
	cutoff := max(1, len(name)/3)
	consider := func(key, id string, tier int) {
		var cd cand
		switch {
		case strings.HasPrefix(key, name):
			cd = cand{id: id, tier: tier}
		default:
			d := levenshtein(name, key)
			if d > cutoff {
				return
			}
			cd = cand{id: id, tier: tierTypo, dist: d}
		}
		if old, ok := best[id]; !ok || better(cd, old) {
			best[id] = cd
		}
	}
	for _, s := range c.Services {
		consider(s.ID, s.ID, tierIDPrefix)
		for _, a := range s.Aliases {
			consider(a, s.ID, tierAliasPrefix)
		}
	}
	degree := map[string]int{}
	for _, in := range c.Integrations {
		degree[in.From]++
		degree[in.To]++
	}
	cands := make([]cand, 0, len(best))
	for _, cd := range best {
		cands = append(cands, cd)
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.tier != b.tier || a.dist != b.dist {
			return better(a, b)
		}
		if degree[a.id] != degree[b.id] {
			return degree[a.id] > degree[b.id]
		}
		return a.id < b.id
	})
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].id)
	}
	return out
}

// levenshtein is the edit distance between a and b.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Filter selects integrations. Empty fields match everything.
type Filter struct {
	From, To, Service string // service ids
	IncludeRetired    bool
}

// Neighbours returns the ids of the services that serviceID sends data to
// (out) or receives data from (!out), each once, in catalog order. Retired
// integrations count only with includeRetired.
func (c *Catalog) Neighbours(serviceID string, out, includeRetired bool) []string {
	f := Filter{To: serviceID, IncludeRetired: includeRetired}
	if out {
		f = Filter{From: serviceID, IncludeRetired: includeRetired}
	}
	var ids []string
	for _, in := range c.Select(f) {
		id := in.From
		if out {
			id = in.To
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// EmptyError explains a filter that selects no integration (for
// `wireup catalog` and `wireup routes`): what the
// service connects to in the other direction, or that nothing starts or
// ends there, or that only retired integrations were left out.
func (c *Catalog) EmptyError(f Filter) error {
	var what string
	switch {
	case f.From != "" && f.To != "":
		what = fmt.Sprintf("from %s to %s", f.From, f.To)
	case f.From != "":
		what = "starts from " + f.From
	case f.To != "":
		what = "ends at " + f.To
	case f.Service != "":
		what = "touches " + f.Service
	}
	if !f.IncludeRetired {
		all := f
		all.IncludeRetired = true
		if len(c.Select(all)) > 0 {
			return fmt.Errorf("no integration %s but retired ones: drop --exclude-retired to list them", what)
		}
	}
	switch {
	case f.From != "" && f.To != "" && len(c.Select(Filter{From: f.From, IncludeRetired: f.IncludeRetired})) == 0:
		return c.EmptyError(Filter{From: f.From, IncludeRetired: f.IncludeRetired})
	case f.From != "" && f.To != "" && len(c.Select(Filter{To: f.To, IncludeRetired: f.IncludeRetired})) == 0:
		return c.EmptyError(Filter{To: f.To, IncludeRetired: f.IncludeRetired})
	case f.From != "" && f.To != "":
		return fmt.Errorf("no integration %s. `wireup routes --from %s --to %s` finds routes of several hops", what, f.From, f.To)
	case f.From != "":
		if in := c.Neighbours(f.From, false, f.IncludeRetired); len(in) > 0 {
			return fmt.Errorf("no integration %s: it only receives data, from %s. `wireup catalog --to %s` lists those integrations",
				what, strings.Join(in, ", "), f.From)
		}
	case f.To != "":
		if out := c.Neighbours(f.To, true, f.IncludeRetired); len(out) > 0 {
			return fmt.Errorf("no integration %s: it only sends data, to %s. `wireup catalog --from %s` lists those integrations",
				what, strings.Join(out, ", "), f.To)
		}
	case f.Service == "":
		return errors.New("the catalog holds no integration")
	}
	return fmt.Errorf("no integration %s: nothing starts or ends there. `wireup catalog --services` lists every service", what)
}

// Select returns the integrations matching f, in catalog order.
func (c *Catalog) Select(f Filter) []*Integration {
	var out []*Integration
	for _, in := range c.Integrations {
		if f.From != "" && in.From != f.From {
			continue
		}
		if f.To != "" && in.To != f.To {
			continue
		}
		if f.Service != "" && in.From != f.Service && in.To != f.Service {
			continue
		}
		if in.Retired() && !f.IncludeRetired {
			continue
		}
		out = append(out, in)
	}
	return out
}
