// Package cost prices a plan before it is deployed: what each resource
// bills while the project sits idle, what each run of a crawl, query or job
// bills at least, and what is billed only by use. The prices are one
// static table (Table) of us-east-1 list prices, each row with its AWS
// pricing page and the date it was taken: an estimate to decide with, not
// a bill. `wireup plan` prints it, and `wireup deploy` to AWS asks before
// creating anything with an idle floor or a per-run minimum.
package cost

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/wireup/wireup/internal/plan"
)

// Line is one price that applies to one planned resource.
type Line struct {
	Resource string    `json:"resource"`
	Kind     plan.Kind `json:"kind"`
	Name     string    `json:"name"`
	Price    Price     `json:"price"`
	// Count is how many of the price's unit the resource runs (shards,
	// base RPUs, instances), and CountKnown whether the plan says; an
	// unknown count leaves the amounts below at zero.
	Count      float64 `json:"count"`
	CountKnown bool    `json:"countKnown"`
	// IdleMonthlyUSD is an Idle line's cost for a month deployed;
	// RunMinimumUSD a PerRun line's least cost of one run.
	IdleMonthlyUSD float64 `json:"idleMonthlyUSD,omitempty"`
	RunMinimumUSD  float64 `json:"runMinimumUSD,omitempty"`
}

// Unpriced is a planned resource the table has no row for.
type Unpriced struct {
	Resource string    `json:"resource"`
	Kind     plan.Kind `json:"kind"`
	Name     string    `json:"name"`
	Why      string    `json:"why"`
}

// Costs is a plan's estimate.
type Costs struct {
	// Region is the plan's; the prices are PriceRegion's.
	Region      string `json:"region"`
	PriceRegion string `json:"priceRegion"`
	// AsOf is the oldest date among the lines' prices.
	AsOf     string     `json:"asOf"`
	Lines    []Line     `json:"lines"`
	Unpriced []Unpriced `json:"unpriced,omitempty"`
	// IdleMonthlyUSD is the sum of the idle lines whose count is known;
	// IdleLowerBound says some idle count is unknown, so the project
	// costs at least that.
	IdleMonthlyUSD float64 `json:"idleMonthlyUSD"`
	IdleLowerBound bool    `json:"idleLowerBound,omitempty"`
	// NeedsAcceptance says a deploy to AWS must be accepted: some resource
	// has an idle floor or a per-run cost, or no known price.
	NeedsAcceptance bool `json:"needsAcceptance"`
}

// Estimate prices every resource of p with the table: each resource gets
// the rows of its kind whose When settings it has, or is listed as
// unpriced.
func Estimate(p *plan.Plan) *Costs {
	return estimate(p.Env.Region, p.Resources, Table())
}

func estimate(region string, resources []*plan.Resource, table []Price) *Costs {
	c := &Costs{Region: region, PriceRegion: PriceRegion, Lines: []Line{}}
	byKind := map[plan.Kind][]Price{}
	for _, row := range table {
		byKind[row.Kind] = append(byKind[row.Kind], row)
	}
	for _, r := range resources {
		// Rows with When settings are the kind's variants (a mode, an
		// instance type): a resource that matches none of them has no
		// known price for its main item, whatever else applies.
		rows := byKind[r.Kind]
		variants, matched := 0, 0
		for _, row := range rows {
			if len(row.When) > 0 {
				variants++
			}
			if !applies(row, r) {
				continue
			}
			if len(row.When) > 0 {
				matched++
			}
			c.add(r, row)
		}
		switch {
		case len(rows) == 0:
			c.Unpriced = append(c.Unpriced, Unpriced{r.ID, r.Kind, r.Name, fmt.Sprintf("the price table has no row for kind %s", r.Kind)})
		case variants > 0 && matched == 0:
			c.Unpriced = append(c.Unpriced, Unpriced{r.ID, r.Kind, r.Name, fmt.Sprintf("the price table has no row for %s with %s", r.Kind, settingsOf(rows, r))})
		}
	}
	c.NeedsAcceptance = len(c.Unpriced) > 0
	for _, l := range c.Lines {
		if c.AsOf == "" || l.Price.AsOf < c.AsOf {
			c.AsOf = l.Price.AsOf
		}
		if l.Price.Charge == Idle || l.Price.Charge == PerRun || l.Price.Charge == PerUser {
			c.NeedsAcceptance = true
		}
	}
	return c
}

func applies(row Price, r *plan.Resource) bool {
	for k, v := range row.When {
		if r.Settings[k] != v {
			return false
		}
	}
	return true
}

// settingsOf says what r has for the settings the kind's rows select on,
// for the unpriced message.
func settingsOf(rows []Price, r *plan.Resource) string {
	seen := map[string]bool{}
	var parts []string
	for _, row := range rows {
		for k := range row.When {
			if !seen[k] {
				seen[k] = true
				parts = append(parts, fmt.Sprintf("%s=%q", k, r.Settings[k]))
			}
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func (c *Costs) add(r *plan.Resource, row Price) {
	l := Line{Resource: r.ID, Kind: r.Kind, Name: r.Name, Price: row, Count: 1, CountKnown: true}
	if row.Count != "" {
		l.Count, l.CountKnown = row.CountDefault, row.CountDefault > 0
		if v, err := strconv.ParseFloat(r.Settings[row.Count], 64); err == nil && v > 0 {
			l.Count, l.CountKnown = v, true
		}
	}
	switch row.Charge {
	case Idle:
		if !l.CountKnown {
			c.IdleLowerBound = true
			break
		}
		l.IdleMonthlyUSD = row.USD * l.Count
		if row.Hourly {
			l.IdleMonthlyUSD *= HoursPerMonth
		}
		c.IdleMonthlyUSD += l.IdleMonthlyUSD
	case PerRun:
		if l.CountKnown {
			l.RunMinimumUSD = row.USD * row.MinUnits * l.Count
		}
	}
	c.Lines = append(c.Lines, l)
}

// Gating is what a deploy must have accepted: the idle and per-run lines
// and the unpriced resources, without those for which deployed returns
// true (they already exist: their cost was accepted when they were
// created). It is nil when nothing needs accepting.
func (c *Costs) Gating(deployed func(resourceID string) bool) *Costs {
	g := &Costs{Region: c.Region, PriceRegion: c.PriceRegion, AsOf: c.AsOf, Lines: []Line{}}
	for _, l := range c.Lines {
		if (l.Price.Charge == Idle || l.Price.Charge == PerRun || l.Price.Charge == PerUser) && !deployed(l.Resource) {
			g.Lines = append(g.Lines, l)
			if l.Price.Charge == Idle {
				g.IdleMonthlyUSD += l.IdleMonthlyUSD
				g.IdleLowerBound = g.IdleLowerBound || !l.CountKnown
			}
		}
	}
	for _, u := range c.Unpriced {
		if !deployed(u.Resource) {
			g.Unpriced = append(g.Unpriced, u)
		}
	}
	if len(g.Lines) == 0 && len(g.Unpriced) == 0 {
		return nil
	}
	g.NeedsAcceptance = true
	return g
}

// Summary is the gate's one-line account of c: each idle and per-run line
// with its resource, each unpriced resource, then the idle floor when more
// than one line makes it up.
func (c *Costs) Summary() string {
	var parts []string
	idleLines := 0
	for _, l := range c.Lines {
		switch l.Price.Charge {
		case Idle:
			idleLines++
			what := "idle " + approx(l.IdleMonthlyUSD) + "/month"
			if !l.CountKnown {
				what = fmt.Sprintf("idle %s per %s (the plan does not set %s)", dollars(l.Price.USD), l.Price.Unit, l.Price.Count)
			}
			parts = append(parts, fmt.Sprintf("%s (%s) %s", l.Resource, l.Kind, what))
		case PerRun:
			parts = append(parts, fmt.Sprintf("%s (%s) %s", l.Resource, l.Kind, runCost(l)))
		case PerUser:
			parts = append(parts, fmt.Sprintf("%s (%s) %s per %s %s", l.Resource, l.Kind, dollars(l.Price.USD), l.Price.Unit, perUser))
		}
	}
	for _, u := range c.Unpriced {
		parts = append(parts, fmt.Sprintf("%s (%s) has no known price", u.Resource, u.Kind))
	}
	if idle := c.idleTotal(); idleLines > 1 {
		parts = append(parts, "idle floor "+idle)
	}
	return strings.Join(parts, "; ")
}

// idleTotal is the idle floor in words, or "" when there is none.
func (c *Costs) idleTotal() string {
	idle := false
	for _, l := range c.Lines {
		idle = idle || l.Price.Charge == Idle
	}
	if !idle {
		return ""
	}
	s := approx(c.IdleMonthlyUSD) + "/month until `wireup destroy`"
	if c.IdleLowerBound {
		s = "at least " + s + " (some counts are not in the plan)"
	}
	return s
}

// WriteBrief prints what bills without use, one line each under indent:
// the idle and per-run lines, the unpriced resources and the idle floor;
// or that only use is billed. It is the deploy banner's account of c.
func (c *Costs) WriteBrief(w io.Writer, indent string) {
	fmt.Fprintf(w, "%scosts on AWS (%s list prices as of %s; `wireup plan` lists each with its source):\n", indent, c.PriceRegion, c.AsOf)
	n := 0
	for _, l := range c.Lines {
		if l.Price.Charge == Idle || l.Price.Charge == PerRun || l.Price.Charge == PerUser {
			fmt.Fprintf(w, "%s  %s (%s): %s %s per %s, %s\n", indent, l.Resource, l.Kind, l.Price.Charge, dollars(l.Price.USD), l.Price.Unit, amount(l))
			n++
		}
	}
	for _, u := range c.Unpriced {
		fmt.Fprintf(w, "%s  %s (%s): no known price\n", indent, u.Resource, u.Kind)
		n++
	}
	if n == 0 {
		fmt.Fprintf(w, "%s  nothing bills while idle or per run: only what the project sends and stores\n", indent)
		return
	}
	if idle := c.idleTotal(); idle != "" {
		fmt.Fprintf(w, "%s  idle floor: %s\n", indent, idle)
	}
}

// WriteText prints the estimate for humans: one line per price that
// applies, the free resources on one line, the unpriced ones, then the
// idle floor. Figures not confirmed on their source are marked with *.
func (c *Costs) WriteText(w io.Writer) error {
	differ := ""
	if c.Region != "" && c.Region != c.PriceRegion {
		differ = fmt.Sprintf("; prices in %s differ", c.Region)
	}
	asOf := c.AsOf
	if asOf == "" {
		asOf = "the table's date"
	}
	fmt.Fprintf(w, "Costs on AWS (%s list prices as of %s, see each URL%s):\n", c.PriceRegion, asOf, differ)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var free []string
	unconfirmed := false
	for _, l := range c.Lines {
		if l.Price.Charge == Free {
			free = append(free, l.Resource)
			continue
		}
		mark := ""
		if !l.Price.Confirmed {
			mark, unconfirmed = "*", true
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s %s%s\t%s\t%s\n", l.Resource, l.Kind, l.Price.Charge, dollars(l.Price.USD), "per "+l.Price.Unit+" ("+l.Price.Item+")", mark, amount(l), l.Price.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(free) > 0 {
		sort.Strings(free)
		fmt.Fprintf(w, "  no charge of their own: %s\n", strings.Join(free, ", "))
	}
	for _, u := range c.Unpriced {
		fmt.Fprintf(w, "  no known price: %s (%s): %s; check its AWS pricing page\n", u.Resource, u.Kind, u.Why)
	}
	if idle := c.idleTotal(); idle != "" {
		fmt.Fprintf(w, "Idle floor: %s.\n", idle)
	} else if slices.ContainsFunc(c.Lines, func(l Line) bool { return l.Price.Charge == PerUser }) {
		// A subscription bills its users whether the project is deployed
		// or not: it is no floor of the project's, but "nothing bills"
		// would be wrong.
		fmt.Fprintln(w, "Idle floor: none of the project's own; the per-user subscription above bills whether it is deployed or not.")
	} else {
		fmt.Fprintln(w, "Idle floor: none: nothing bills while the project is idle.")
	}
	if unconfirmed {
		fmt.Fprintln(w, "* not confirmed on the AWS page: check the URL before relying on it.")
	}
	if c.NeedsAcceptance {
		fmt.Fprintln(w, "A deploy to AWS asks to accept these costs (or pass --accept-cost).")
	}
	return nil
}

// amount is what a line comes to: a month idle, a run's minimum, or how it
// is billed.
func amount(l Line) string {
	count := ""
	if l.Price.Count != "" {
		if l.CountKnown {
			count = "× " + strconv.FormatFloat(l.Count, 'f', -1, 64) + " "
		} else {
			count = fmt.Sprintf("× ? (the plan does not set %s) ", l.Price.Count)
		}
	}
	switch l.Price.Charge {
	case Idle:
		if !l.CountKnown {
			return count + "per month: unknown"
		}
		return count + approx(l.IdleMonthlyUSD) + "/month"
	case PerRun:
		return count + runCost(l)
	case PerUser:
		return perUser
	}
	return "by use; nothing while idle"
}

// perUser is how a PerUser line is billed.
const perUser = "each user of the subscription, deployed or not; destroy does not end it"

// runCost is a per-run line's least cost of a run, in words: rounded down
// to the cent, since it is a floor.
func runCost(l Line) string {
	switch {
	case l.Price.MinUnits == 0:
		return "per run: " + l.Price.Minimum
	case !l.CountKnown:
		return "per run: at least " + l.Price.Minimum
	case l.RunMinimumUSD < 0.01:
		return fmt.Sprintf("per run: at least %s, under $0.01", l.Price.Minimum)
	}
	return fmt.Sprintf("per run: at least $%.2f (%s)", math.Floor(l.RunMinimumUSD*100)/100, l.Price.Minimum)
}

// dollars prints a list price as the table has it, with at least cents.
func dollars(usd float64) string {
	s := strconv.FormatFloat(usd, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	return "$" + whole + "." + frac
}

// approx prints an estimate to the cent, saying it is one.
func approx(usd float64) string {
	if usd < 0.01 {
		return "< $0.01"
	}
	return fmt.Sprintf("≈ $%.2f", usd)
}
