package wizard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/wizard/field"
)

// What the dead-end form offers.
const (
	deadEndDestination = "back:destination"
	deadEndSource      = "back:source"
	deadEndRoutePrefix = "route:"
	deadEndDestPrefix  = "destination:"
)

// nearestPrefix is the generatable start of the best-ranked route in rs
// that has one: a project wireup can generate that stops short of the
// destination. The rest are the hops left to wire by hand.
func nearestPrefix(rs []routes.Route) (prefix routes.Route, rest []*catalog.Integration) {
	for _, r := range rs {
		n := 0
		for n < len(r.Hops) && r.Hops[n].Generate && (n > 0 || r.Hops[0].StartsRoute()) {
			n++
		}
		if n > 0 {
			return routes.Route{Hops: r.Hops[:n]}, r.Hops[n:]
		}
	}
	return prefix, nil
}

// completed is r as the project would generate it: spec.New adds the hops
// a route cannot end without (a Firehose stream needs a destination).
func completed(c *catalog.Catalog, r routes.Route) routes.Route {
	if len(r.Hops) == 0 {
		return r
	}
	s, err := registry.New(c, "nearest", DefaultRegion, r.IntegrationIDs())
	if err != nil {
		return r
	}
	if full, err := routeFromIDs(c, s.Route); err == nil {
		return full
	}
	return r
}

// buildDeadEndForm says why wireup cannot generate a route from source to
// destination and what the user can do instead: generate the nearest route
// and wire the rest by hand, pick a generatable service of the same group,
// or go back to the destination or source list. It never ends the wizard.
func buildDeadEndForm(c *catalog.Catalog, source, destination string) (*huh.Form, *string) {
	rs, _ := routes.Find(c, source, destination, routes.Options{})
	src, dst := c.Service(source), c.Service(destination)
	var b strings.Builder
	fmt.Fprintf(&b, "wireup cannot generate a route from %s to %s yet.", src.Name, dst.Name)
	if len(rs) > 0 {
		fmt.Fprintf(&b, " The best one, %s, needs %s.", routes.Describe(c, rs[0]), strings.Join(missingHops(rs[0]), ", "))
	}
	fmt.Fprintf(&b, " Run wireup routes --from %s --to %s to see every way they connect.", source, destination)
	v := new(string)
	*v = deadEndDestination
	var opts []huh.Option[string]
	prefix, rest := nearestPrefix(rs)
	prefix = completed(c, prefix)
	if len(prefix.Hops) > 0 {
		var steps []string
		for _, h := range rest {
			steps = append(steps, strings.TrimSuffix(h.Description, "."))
		}
		fmt.Fprintf(&b, "\n\nNearest generatable route: %s. Then wire by hand: %s.",
			routes.Describe(c, prefix), strings.Join(steps, "; "))
		opts = append(opts, huh.NewOption(truncate("Generate "+routeLabel(c, prefix, lineWidth)+", wire the rest by hand", lineWidth),
			deadEndRoutePrefix+prefix.ID()))
	}
	if alt := sameGroupGeneratable(c, source, dst); alt != nil {
		opts = append(opts, huh.NewOption(truncate("Send to "+alt.Name+" instead (same group, generatable)", lineWidth),
			deadEndDestPrefix+alt.ID))
	}
	opts = append(opts,
		huh.NewOption("Back: choose another destination", deadEndDestination),
		huh.NewOption("Back: choose another source", deadEndSource))
	note := field.NewPlainNote("Not generatable yet", field.Paragraphs(b.String()), true)
	sel := field.NewChoice("What next?", v, opts...)
	return huh.NewForm(huh.NewGroup(note, sel)).WithKeyMap(field.KeyMap()), v
}

// sameGroupGeneratable is the first service of dst's group that wireup can
// generate a route to from source, or nil.
func sameGroupGeneratable(c *catalog.Catalog, source string, dst *catalog.Service) *catalog.Service {
	es, can := destinationEntries(c, source)
	for _, e := range es {
		if s := c.Service(e.Opt.Value); can[s.ID] && s.Group == dst.Group && s.ID != dst.ID {
			return s
		}
	}
	return nil
}
