package wizard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/wizard/field"
)

// What the replacement form offers.
const (
	replacementBack        = "back:source"
	replacementRoutePrefix = "route:"
)

// replacement is the generatable route the catalog names in place of a
// retired service (Data Pipeline → glue-to-s3), or nil.
func replacement(c *catalog.Catalog, id string) *routes.Route {
	s := c.Service(id)
	if s == nil || !s.Retired() || s.Lifecycle.Route == "" {
		return nil
	}
	r, err := routeFromIDs(c, []string{s.Lifecycle.Route})
	if err != nil {
		return nil
	}
	return &r
}

// replacementLabel is a retired service's line in the source list: what
// wireup generates instead.
func replacementLabel(c *catalog.Catalog, s *catalog.Service, r routes.Route) func(w int) string {
	return func(w int) string {
		return truncate(fmt.Sprintf("%-9s %s — retired; wireup generates %s instead", s.Group, s.Name, routeLabel(c, r, w)), w)
	}
}

// buildReplacementForm says that a retired service takes no new customers
// and offers the route AWS names in its place, or the source list again.
func buildReplacementForm(c *catalog.Catalog, retired string, r routes.Route) (*huh.Form, *string) {
	s := c.Service(retired)
	var b strings.Builder
	fmt.Fprintf(&b, "%s is retired", s.Name)
	if s.Lifecycle.Date != "" {
		fmt.Fprintf(&b, " (%s)", s.Lifecycle.Date)
	}
	fmt.Fprintf(&b, ": %s", strings.TrimSuffix(s.Lifecycle.Note, "."))
	fmt.Fprintf(&b, ".\n\nwireup generates its replacement: %s — %s", routes.Describe(c, r), strings.TrimSuffix(r.Hops[0].Description, "."))
	fmt.Fprintf(&b, ". Other replacements (%s) stay by hand.", s.Lifecycle.Replacement)
	v := new(string)
	*v = replacementRoutePrefix + r.ID()
	note := field.NewPlainNote("Closed to new customers", field.Paragraphs(b.String()), true)
	sel := field.NewChoice("What next?", v,
		huh.NewOption(truncate("Generate "+routeLabel(c, r, lineWidth), lineWidth), replacementRoutePrefix+r.ID()),
		huh.NewOption("Back: choose another source", replacementBack))
	return huh.NewForm(huh.NewGroup(note, sel)).WithKeyMap(field.KeyMap()), v
}
