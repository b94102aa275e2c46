package spec

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
)

// NotGeneratableError names the hops of a route wireup cannot generate yet.
type NotGeneratableError struct{ IDs []string }

// Error says which hops cannot be generated and where to look instead.
func (e *NotGeneratableError) Error() string {
	return fmt.Sprintf("generation is not available yet for %s; "+
		"`wireup catalog --json` shows how each integration is handled, and `wireup routes` may offer another way",
		strings.Join(e.IDs, ", "))
}

// Default fills a new spec's section of one service when the route uses
// it (and what that changes in the sections filled before it); on holds
// the services the route uses, and a section may turn another on (the
// bucket Firehose backs an HTTP endpoint's or Splunk's records up to).
// Each service package holds its own (s3.SpecDefault, ...);
// registry.New passes every service's, in the order they depend on each
// other.
type Default func(c *catalog.Catalog, s *Spec, on map[string]bool)

// New returns a spec for the route with secure defaults derived from the
// project name, each section filled by its service's Default. The name
// must pass ProjectName and the region Region (an Errors names each that
// does not), and the route must be connected and made of generatable
// hops; then the spec registry.New returns passes registry.Validate.
// Without defaults it fills nothing and says so: call registry.New.
func New(c *catalog.Catalog, name, region string, route []string, defaults ...Default) (*Spec, error) {
	if len(defaults) == 0 {
		return nil, errors.New("new spec: no service defaults given: call registry.New, which fills every service's section")
	}
	var errs Errors
	if err := ProjectName(name); err != nil {
		errs = append(errs, &FieldError{Field: "name", Value: name, Rule: err.Error()})
	}
	if err := Region(region); err != nil {
		errs = append(errs, &FieldError{Field: "region", Value: region, Rule: err.Error()})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s := &Spec{Version: Version, Name: name, Region: region, Route: CompleteRoute(c, route)}
	if err := checkRoute(c, s.Route); err != nil {
		return nil, err
	}
	on := map[string]bool{}
	for _, id := range s.Services(c) {
		on[id] = true
	}
	if s.Tags == nil {
		s.Tags = map[string]string{}
	}
	for _, d := range defaults {
		d(c, s, on)
	}
	return s, nil
}

// checkRoute checks that every hop exists, is generatable and connects, and
// that no service other than the user's app appears twice (a spec has one
// section per service).
func checkRoute(c *catalog.Catalog, route []string) error {
	if len(route) == 0 {
		return &FieldError{Field: "route", Value: "[]", Rule: "needs at least one integration id"}
	}
	seen := map[string]int{}
	for i, id := range route {
		in := c.Integration(id)
		if in == nil {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id, Rule: "is not an integration id in the catalog (see `wireup catalog`)"}
		}
		if i > 0 && c.Integration(route[i-1]).To != in.From {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id,
				Rule: fmt.Sprintf("does not start where %s ends (%s)", route[i-1], c.Integration(route[i-1]).To)}
		}
		if i == 0 {
			seen[in.From] = i
		}
		if j, ok := seen[in.To]; ok && in.To != "app" {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id,
				Rule: fmt.Sprintf("visits %s a second time (route[%d] already does); a project has one resource per service", in.To, j)}
		}
		seen[in.To] = i
	}
	if missing := c.Ungeneratable(route); len(missing) > 0 {
		return &NotGeneratableError{IDs: missing}
	}
	if first := c.Integration(route[0]); !first.StartsRoute() {
		rule := fmt.Sprintf("cannot start a route: %s holds no data of its own, it works on what an earlier hop wrote; start where the data enters",
			c.Service(first.From).Name)
		if r := startingRoute(c, route); r != nil {
			rule += ", such as `wireup new --route " + strings.Join(r, ",") + "`"
		} else {
			rule += " (`wireup routes --to " + c.Integration(route[len(route)-1]).To + "` lists the routes there)"
		}
		return &FieldError{Field: "route[0]", Value: first.ID, Rule: rule}
	}
	if last := c.Integration(route[len(route)-1]); last.To == "firehose" {
		return &FieldError{Field: fmt.Sprintf("route[%d]", len(route)-1), Value: last.ID,
			Rule: "ends at a Firehose delivery stream, which needs a destination: add " + HopName(c, "firehose", "s3") + " to the route"}
	}
	return nil
}

// startingRoute returns the best-ranked generatable route from the
// application that ends with route, or nil.
func startingRoute(c *catalog.Catalog, route []string) []string {
	rs, err := routes.Find(c, "app", c.Integration(route[len(route)-1]).To, routes.Options{})
	if err != nil {
		return nil
	}
	for _, r := range rs {
		ids := r.IntegrationIDs()
		if len(ids) > len(route) && slices.Equal(ids[len(ids)-len(route):], route) && len(c.Ungeneratable(ids)) == 0 && r.Hops[0].StartsRoute() {
			return ids
		}
	}
	return nil
}

// CompleteRoute returns route with the hops AWS requires after its end: a
// Firehose delivery stream cannot exist without a destination, so a route
// that ends at Firehose continues to S3
// (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html).
// Callers compare the lengths to tell the user what was added.
func CompleteRoute(c *catalog.Catalog, route []string) []string {
	out := append([]string(nil), route...)
	if len(out) == 0 {
		return out
	}
	if last := c.Integration(out[len(out)-1]); last != nil && last.To == "firehose" {
		if next := HopName(c, "firehose", "s3"); c.Generatable(next) {
			out = append(out, next)
		}
	}
	return out
}

// LakePrefix is the Firehose prefix of a route that continues into Glue or
// Athena, and the prefix the table and the crawler read.
const LakePrefix = "data/"

// Lake reports whether the route's S3 data continues into the Data
// Catalog: a table or a crawler reads it.
func (s *Spec) Lake(c *catalog.Catalog) bool {
	return s.HasHop(c, "s3", "athena") || s.HasHop(c, "s3", "glue") || s.GlueJobs(c) || s.HasHop(c, "s3", "redshift")
}

// Copies reports whether the warehouse loads the route's S3 objects with
// COPY.
func (s *Spec) Copies(c *catalog.Catalog) bool { return s.HasVia(c, "s3", "redshift", "redshift-copy") }

// Spectrum reports whether the warehouse queries the route's S3 objects in
// place, through a Data Catalog table.
func (s *Spec) Spectrum(c *catalog.Catalog) bool {
	return s.HasVia(c, "s3", "redshift", "redshift-spectrum")
}

// IsSource reports whether service id feeds the next hop (it has an outgoing
// hop on the route) with events: a bucket notifies, a table streams. A hop
// into the Data Catalog, Athena or a SageMaker training job reads the data
// where it lies instead.
func (s *Spec) IsSource(c *catalog.Catalog, id string) bool {
	for _, h := range s.Route {
		if in := c.Integration(h); in != nil && in.From == id && !in.Metadata && in.To != "athena" && in.To != "sagemaker" && in.To != "emr" && in.To != "redshift" {
			return true
		}
	}
	return false
}

// EnableTransform adds a Firehose Lambda transform with defaults.
func (s *Spec) EnableTransform() {
	if s.Firehose == nil || s.Firehose.Transform != nil {
		return
	}
	s.Firehose.Transform = &Transform{
		Function: s.Name + "-transform", Role: s.Name + "-transform",
		MemoryMiB: 256, TimeoutSeconds: 60, BufferSizeMiB: 1,
	}
}
