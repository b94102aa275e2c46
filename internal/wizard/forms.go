package wizard

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard/field"
)

// groups is the order the source and destination lists follow.
var groups = []string{"ingest", "streaming", "storage", "databases", "analytics"}

// lineWidth is the width of the wizard's own lines (option labels, notes,
// the review) before the terminal says its size (see field.LineWidth).
const lineWidth = field.LineWidth

// listHeight is how many options a list shows before the terminal says its
// size (accessible mode never does), so the whole form fits 24 lines.
const listHeight = 12

const notGeneratable = "generation not available yet"

// buildSourceForm asks where the data comes from: every service with an
// outgoing integration that is not retired, grouped, filterable with "/".
func buildSourceForm(c *catalog.Catalog) (*huh.Form, *string) {
	v := new(string)
	sel := field.NewRankedSelect(sourceTitle, sourceEntries(c), v)
	sel.Description(field.FilterHint)
	sel.Height(listHeight + 2)
	return filterForm(huh.NewGroup(sel.Validate(nil))), v
}

const (
	sourceTitle      = "Source: where does the data come from?"
	destinationTitle = "Destination: where should the data go?"
)

// filterForm is a form of one ranked select. Letters go to the filter, so
// the keymap binds no letter ("k" must not scroll), and "/" is not bound
// either: it would be typed into the filter.
func filterForm(g *huh.Group) *huh.Form {
	return huh.NewForm(g).WithKeyMap(field.KeyMap())
}

// buildDestinationForm asks where the data goes: only services reachable
// from source. Retired services are not offered; the description says why
// and what replaced them.
func buildDestinationForm(c *catalog.Catalog, source string) (*huh.Form, *string) {
	es, _ := destinationEntries(c, source)
	desc := "Reachable from " + c.Service(source).Name + ". " + field.FilterHint
	notes := retiredNotes(c, source, lineWidth, false)
	// The whole form fits 24 lines: help (2), group title (1), the notes and
	// their separator, the filter line and description, then the options.
	noteLines := 0
	if notes != "" {
		noteLines = strings.Count(notes, "\n") + 2 + 2
	}
	v := new(string)
	sel := field.NewRankedSelect(destinationTitle, es, v)
	sel.Description(desc)
	sel.Height(max(6, 24-3-noteLines-1))
	// A destination wireup cannot generate is still chosen: the next form
	// says what can be done instead and leads back.
	sel.Validate(nil)
	fields := []huh.Field{sel}
	if notes != "" {
		// A note, not the select's description, so accessible mode reads it too.
		note := field.NewPlainNote("Not offered", func(w int) string { return retiredNotes(c, source, w, false) }, false)
		fields = []huh.Field{note, sel}
		sel.Reserve = func(w, h int) int {
			n := retiredNotes(c, source, w, false)
			if lines := strings.Count(n, "\n") + 1; lines > h/4 {
				// A short terminal: one line a note, so the list keeps room.
				n = retiredNotes(c, source, w, true)
			}
			note.Description(n)
			// The note as the theme draws it, and the gap after it.
			return lipgloss.Height(note.View()) + 2
		}
	}
	return filterForm(huh.NewGroup(fields...)), v
}

// sourceEntries are the source list's options, in list order.
func sourceEntries(c *catalog.Catalog) []field.Entry {
	var es []field.Entry
	for _, s := range byGroup(sources(c)) {
		label := serviceLabel(s)
		if r := replacement(c, s.ID); r != nil {
			label = replacementLabel(c, s, *r)
		}
		es = append(es, serviceEntry(s, label))
	}
	return es
}

// destinationEntries are the destination list's options, in list order:
// the services wireup can generate a route to first, then the rest, marked;
// can says which are which.
func destinationEntries(c *catalog.Catalog, source string) (es []field.Entry, can map[string]bool) {
	var svcs []*catalog.Service
	for _, id := range routes.Reachable(c, source, routes.Options{}) {
		svcs = append(svcs, c.Service(id))
	}
	can = map[string]bool{}
	var later []field.Entry
	for _, s := range byGroup(svcs) {
		label := serviceLabel(s)
		rs, _ := routes.Find(c, source, s.ID, routes.Options{})
		can[s.ID] = len(generatableRoutes(rs)) > 0
		if !can[s.ID] {
			label = func(w int) string {
				return truncate(fmt.Sprintf("%-9s %s · %s", s.Group, s.Name, notGeneratable), w)
			}
			later = append(later, serviceEntry(s, label))
			continue
		}
		es = append(es, serviceEntry(s, label))
	}
	return append(es, later...), can
}

// retiredNotes explains the retired services the source could otherwise
// reach, one line each.
// Short notes name only what replaced each service, for a short terminal.
func retiredNotes(c *catalog.Catalog, source string, width int, short bool) string {
	var lines []string
	for _, id := range routes.Reachable(c, source, routes.Options{IncludeRetired: true}) {
		s := c.Service(id)
		if !s.Retired() {
			continue
		}
		line := s.Name + " is retired"
		if s.Lifecycle.Date != "" {
			line += " (" + s.Lifecycle.Date + ")"
		}
		line += "; use " + s.Lifecycle.Replacement + "."
		if r := replacement(c, id); r != nil {
			line += " wireup generates " + routes.Describe(c, *r) + " (start from " + c.Service(r.Services()[0]).Name + ")."
		}
		if short {
			line = s.Name + " is retired; use " + s.Lifecycle.Replacement + "."
		}
		lines = append(lines, field.Wrap(line, width, "  "))
	}
	return strings.Join(lines, "\n")
}

// buildRouteForm asks which route to take, ranked as `wireup routes` ranks
// them, the top one selected. Routes with hops wireup cannot generate are
// shown, marked, and refused with the reason.
func buildRouteForm(c *catalog.Catalog, rs []routes.Route) (*huh.Form, *string) {
	v := new(string)
	for _, r := range rs {
		if routeGeneratable(r) {
			*v = r.ID()
			break
		}
	}
	es := routeEntries(c, rs)
	byID := map[string]routes.Route{}
	for _, r := range rs {
		byID[r.ID()] = r
	}
	sel := field.NewRankedSelect("Route: how should the data travel?", es, v)
	sel.Description("Ranked: fewest hops first, then managed batching and retries. Type to filter.")
	sel.Height(min(2*len(es), listHeight) + 2)
	sel.Rows = 2 * len(es)
	sel.Validate(func(id string) error {
		if r, ok := byID[id]; ok && !routeGeneratable(r) {
			return &spec.NotGeneratableError{IDs: missingHops(r)}
		}
		return nil
	})
	return filterForm(huh.NewGroup(sel)), v
}

// routeEntries are the route list's options, found by the integration ids
// and the services' ids, aliases and names.
func routeEntries(c *catalog.Catalog, rs []routes.Route) []field.Entry {
	var es []field.Entry
	for _, r := range rs {
		label := func(w int) string {
			return routeLabel(c, r, w) + "\n   " + truncate(routeReason(r), w-3)
		}
		e := field.Entry{Opt: huh.NewOption(label(lineWidth), r.ID()), Label: label, IDs: r.IntegrationIDs()}
		for _, id := range r.Services() {
			s := c.Service(id)
			e.IDs = append(append(e.IDs, s.ID), s.Aliases...)
			e.Names = append(e.Names, s.Name)
		}
		es = append(es, e)
	}
	return es
}

// routeLabel is the route with the services' names, shortened (no "Amazon"
// or "AWS") when the full names do not fit on one line.
func routeLabel(c *catalog.Catalog, r routes.Route, width int) string {
	full := routes.Describe(c, r)
	if utf8.RuneCountInString(full) <= width {
		return full
	}
	names := r.Services()
	for i, id := range names {
		n := c.Service(id).Name
		n = strings.TrimPrefix(strings.TrimPrefix(n, "Amazon "), "AWS ")
		names[i] = n
	}
	return truncate(strings.Join(names, " → "), width)
}

// routeReason is the one line that says why to pick a route: the hop count
// and what its best hop does.
func routeReason(r routes.Route) string {
	best := r.Hops[len(r.Hops)-1]
	for _, h := range r.Hops {
		if h.Score > best.Score {
			best = h
		}
	}
	n := fmt.Sprintf("%d hops", len(r.Hops))
	if len(r.Hops) == 1 {
		n = "direct"
	}
	reason := n + ": " + strings.TrimSuffix(best.Description, ".")
	if !routeGeneratable(r) {
		reason = notGeneratable + " (" + strings.Join(missingHops(r), ", ") + ")"
	}
	return reason
}

// buildNameForm asks for the project name. Enter alone takes the suggested
// name, shown as the placeholder. With inDir the name is also the project
// directory: one that exists and is not empty is refused as it is typed,
// with a free name to take instead, not after every other answer.
func buildNameForm(source, destination string, inDir bool) (*huh.Form, *string) {
	suggested := suggestName(source, destination, inDir)
	v := new(string)
	rule := field.Optional(spec.ProjectName)
	if inDir {
		rule = func(s string) error {
			if err := field.Optional(spec.ProjectName)(s); err != nil {
				return err
			}
			if s == "" {
				return nil
			}
			if err := dirAvailable(s); err != nil {
				return fmt.Errorf("./%s already exists and is not empty: type another name (%s is free)", s, freeName(s))
			}
			return nil
		}
	}
	in := huh.NewInput().
		Title("Project name (enter for "+suggested+")").
		Placeholder(suggested).
		CharLimit(spec.MaxProjectNameLen).
		Value(v).
		Validate(rule).
		DescriptionFunc(func() string {
			if err := rule(*v); err != nil {
				return field.RuleStatus(err)
			}
			return "Prefixes every AWS resource name; also the directory name."
		}, v)
	return huh.NewForm(huh.NewGroup(in)).WithKeyMap(field.KeyMap()), v
}

// suggestName is a valid project name from the route's ends; with inDir,
// one whose directory is free.
func suggestName(source, destination string, inDir bool) string {
	n := "wireup-project"
	for _, cand := range []string{source + "-to-" + destination, source + "-" + destination} {
		if spec.ProjectName(cand) == nil {
			n = cand
			break
		}
	}
	if inDir {
		return freeName(n)
	}
	return n
}

// freeName is name, or name-2, name-3, ... : the first that is a valid
// project name whose directory is free.
func freeName(name string) string {
	if dirAvailable(name) == nil {
		return name
	}
	for i := 2; i < 100; i++ {
		suffix := fmt.Sprintf("-%d", i)
		base := name
		if r := []rune(base); len(r)+len(suffix) > spec.MaxProjectNameLen {
			base = strings.TrimRight(string(r[:spec.MaxProjectNameLen-len(suffix)]), "-")
		}
		if cand := base + suffix; spec.ProjectName(cand) == nil && dirAvailable(cand) == nil {
			return cand
		}
	}
	return name
}

const (
	reviewGenerate = "generate"
	reviewChange   = "change"
)

// buildReviewForm asks to generate the project or change its options. The
// review itself (Review) is printed above it: with every chosen option it
// is taller than a small terminal, and inside the form its top would
// scroll away.
func buildReviewForm(dir string) (*huh.Form, *string) {
	v := new(string)
	*v = reviewGenerate
	sel := field.NewChoice("Generate this project? (the review is above)", v,
		huh.NewOption("Generate the project in "+displayDir(dir), reviewGenerate),
		huh.NewOption("Change options (name, directory, region, each resource)", reviewChange))
	return huh.NewForm(huh.NewGroup(sel)).WithKeyMap(field.KeyMap()), v
}

func displayDir(dir string) string {
	if strings.HasPrefix(dir, "/") || strings.HasPrefix(dir, ".") {
		return dir
	}
	return "./" + dir
}

// projectAnswers are the project-wide options.
type projectAnswers struct {
	Name, Dir, Region, Module string
}

// buildProjectForm asks for the project name, directory, region and Go
// module path, each validated as it is typed. An empty answer keeps the current value.
func buildProjectForm(cur projectAnswers) (*huh.Form, *projectAnswers) {
	v := cur
	name, _ := field.LiveInput("Project name", &v.Name, spec.ProjectName)
	dir, _ := field.LiveInput("Directory", &v.Dir, func(d string) error {
		if d == cur.Dir {
			return nil
		}
		return dirAvailable(d)
	})
	region, _ := field.LiveInput("AWS region", &v.Region, spec.Region)
	module, _ := field.LiveInput("Go module path", &v.Module, spec.ModulePath)
	f := huh.NewForm(huh.NewGroup(name.CharLimit(spec.MaxProjectNameLen), dir, region, module).Title("Project")).WithKeyMap(field.KeyMap())
	return f, &v
}

// orCurrent fills the answers left empty with the current values.
func (p projectAnswers) orCurrent(cur projectAnswers) projectAnswers {
	if p.Name == "" {
		p.Name = cur.Name
	}
	if p.Dir == "" {
		p.Dir = cur.Dir
	}
	if p.Region == "" {
		p.Region = cur.Region
	}
	if p.Module == "" {
		p.Module = cur.Module
	}
	return p
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// serviceLabel is a service's option: group, name and as much of its
// description as a line of width w holds.
func serviceLabel(s *catalog.Service) func(w int) string {
	return func(w int) string {
		return truncate(fmt.Sprintf("%-9s %s — %s", s.Group, s.Name, strings.TrimSuffix(s.Description, ".")), w)
	}
}

// serviceEntry is a service's option in a list, found by its id and
// aliases, its name, and its group and description.
func serviceEntry(s *catalog.Service, label func(width int) string) field.Entry {
	return field.Entry{
		Opt:   huh.NewOption(label(lineWidth), s.ID),
		Label: label,
		IDs:   append([]string{s.ID}, s.Aliases...),
		Names: []string{s.Name},
		Other: []string{s.Group, s.Description},
	}
}

// sources lists the services that can start a route, and the retired
// ones the catalog names a generatable replacement for (Data Pipeline):
// choosing one offers the replacement.
func sources(c *catalog.Catalog) []*catalog.Service {
	var out []*catalog.Service
	for _, s := range c.Services {
		if replacement(c, s.ID) != nil {
			out = append(out, s)
			continue
		}
		if s.Retired() {
			continue
		}
		for _, in := range c.From(s.ID) {
			if !in.Transform && !in.Retired() {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// byGroup orders services by group, then catalog order.
func byGroup(svcs []*catalog.Service) []*catalog.Service {
	var out []*catalog.Service
	seen := map[string]bool{}
	for _, g := range groups {
		for _, s := range svcs {
			if s.Group == g {
				out = append(out, s)
				seen[s.ID] = true
			}
		}
	}
	for _, s := range svcs {
		if !seen[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

func routeGeneratable(r routes.Route) bool { return len(missingHops(r)) == 0 }

// missingHops are the hops of r wireup cannot generate yet, in route order;
// a first hop that cannot start a route (Athena → S3: its source holds no
// data of its own) is one of them.
func missingHops(r routes.Route) []string {
	var out []string
	for i, h := range r.Hops {
		if !h.Generate || i == 0 && !h.StartsRoute() {
			out = append(out, h.ID)
		}
	}
	return out
}

func generatableRoutes(rs []routes.Route) []routes.Route {
	var out []routes.Route
	for _, r := range rs {
		if routeGeneratable(r) {
			out = append(out, r)
		}
	}
	return out
}

func splitRouteID(id string) []string { return strings.Split(id, "+") }

// routeFromIDs checks that the integration ids exist and connect.
func routeFromIDs(c *catalog.Catalog, ids []string) (routes.Route, error) {
	var r routes.Route
	for i, id := range ids {
		in := c.Integration(id)
		if in == nil {
			return r, &spec.FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id, Rule: "is not an integration id in the catalog (see `wireup catalog`)"}
		}
		if i > 0 && r.Hops[i-1].To != in.From {
			return r, &spec.FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id,
				Rule: fmt.Sprintf("does not start where %s ends (%s)", ids[i-1], r.Hops[i-1].To)}
		}
		r.Hops = append(r.Hops, in)
	}
	return r, nil
}
