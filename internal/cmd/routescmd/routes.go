// Package routescmd implements `wireup routes`: every way to move data from
// one service to another, ranked.
package routescmd

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/routes"
)

// maxHopsLimit is the largest --max-hops the command accepts.
const maxHopsLimit = 6

// RoutesOptions are the inputs of `wireup routes`.
type RoutesOptions struct {
	IO      *iostreams.IOStreams
	Catalog func() (*catalog.Catalog, error)

	From, To       string
	MaxHops        int
	IncludeRetired bool
	JSON           bool
}

// NewCmdRoutes returns `wireup routes`.
func NewCmdRoutes(f *cmdutil.Factory, runF func(*RoutesOptions) error) *cobra.Command {
	opts := &RoutesOptions{IO: f.IOStreams, Catalog: f.Catalog}
	cmd := &cobra.Command{
		Use:   "routes --from <service> --to <service>",
		Short: "List the routes between two services, ranked",
		Long: `List every route of up to --max-hops integrations from one service to
another. Routes rank by fewest hops, then by the sum of the hops' catalog
scores (managed batching and retries score higher than one call or one object
per event), then by id. Retired services are left out unless --include-retired.`,
		Example: `  wireup routes --from iot --to s3
  wireup routes --from app --to lambda --json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if opts.From == "" || opts.To == "" {
				return cmdutil.FlagErrorf("both --from and --to are required")
			}
			if opts.MaxHops < 1 || opts.MaxHops > maxHopsLimit {
				return cmdutil.FlagErrorf("--max-hops must be between 1 and %d, not %d", maxHopsLimit, opts.MaxHops)
			}
			if runF != nil {
				return runF(opts)
			}
			return routesRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "source `service` (id or alias)")
	cmd.Flags().StringVar(&opts.To, "to", "", "destination `service` (id or alias)")
	cmd.Flags().IntVar(&opts.MaxHops, "max-hops", routes.MaxHops, "longest route to consider")
	cmd.Flags().BoolVar(&opts.IncludeRetired, "include-retired", false, "include retired services")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

// jsonRoute is the JSON shape of a route.
type jsonRoute struct {
	ID       string                 `json:"id"`
	Hops     int                    `json:"hops"`
	Score    int                    `json:"score"`
	Services []string               `json:"services"`
	Steps    []*catalog.Integration `json:"steps"`
}

func routesRun(opts *RoutesOptions) error {
	c, err := opts.Catalog()
	if err != nil {
		return err
	}
	from, err := c.Resolve(opts.From)
	if err != nil {
		return err
	}
	to, err := c.Resolve(opts.To)
	if err != nil {
		return err
	}
	rs, err := routes.Find(c, from.ID, to.ID, routes.Options{MaxHops: opts.MaxHops, IncludeRetired: opts.IncludeRetired})
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]jsonRoute, 0, len(rs))
		for _, r := range rs {
			out = append(out, jsonRoute{ID: r.ID(), Hops: len(r.Hops), Score: r.Score(), Services: r.Services(), Steps: r.Hops})
		}
		if err := cmdutil.WriteJSON(opts.IO.Out, out); err != nil {
			return err
		}
	}
	if len(rs) == 0 {
		// With --json too: scripts see the empty list and the same exit
		// code as without it.
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: noRouteError(c, from, to, opts)}
	}
	if opts.JSON {
		return nil
	}
	w := opts.IO.Out
	for i, r := range rs {
		fmt.Fprintf(w, "%d. %s  (%d hop%s, score %d)\n", i+1, routes.Short(r), len(r.Hops), plural(len(r.Hops)), r.Score())
		for _, h := range r.Hops {
			fmt.Fprintf(w, "   %-28s %s → %s by %s [%s]: %s\n", h.ID, h.From, h.To, h.Mechanism, h.Handling, h.Description)
		}
	}
	return nil
}

// noRouteError says that there is no route, why when a retired service is
// the reason, and what to try: a --max-hops that finds one, or the
// integrations out of the source.
func noRouteError(c *catalog.Catalog, from, to *catalog.Service, opts *RoutesOptions) error {
	msg := fmt.Sprintf("no route from %s to %s within %d hop%s", from.ID, to.ID, opts.MaxHops, plural(opts.MaxHops))
	var why []string
	for _, s := range []*catalog.Service{from, to} {
		if s.Retired() && !opts.IncludeRetired {
			w := fmt.Sprintf("%s is retired (replacement: %s), add --include-retired to see its routes", s.ID, s.Lifecycle.Replacement)
			if r := s.Lifecycle.Route; r != "" {
				w += fmt.Sprintf("; wireup generates %s in its place: `wireup new --route %s`", r, r)
			}
			why = append(why, w)
		}
	}
	if len(why) > 0 {
		return errors.New(msg + ": " + strings.Join(why, "; "))
	}
	// A service that is only a sink (or only a source) is the usual reason:
	// say so, and where it connects instead.
	for _, f := range []catalog.Filter{{From: from.ID}, {To: to.ID}} {
		f.IncludeRetired = opts.IncludeRetired
		if len(c.Select(f)) == 0 {
			return fmt.Errorf("%s: %w", msg, c.EmptyError(f))
		}
	}
	if opts.MaxHops < maxHopsLimit {
		longer, err := routes.Find(c, from.ID, to.ID, routes.Options{MaxHops: maxHopsLimit, IncludeRetired: opts.IncludeRetired})
		if err == nil && len(longer) > 0 {
			n := len(longer[0].Hops) // ranked: fewest hops first
			return fmt.Errorf("%s. Try --max-hops %d: the shortest route has %d hops", msg, n, n)
		}
	}
	return fmt.Errorf("%s: routes from %s reach %s; %s is fed by %s. `wireup catalog --from %s` and `wireup catalog --to %s` list those integrations",
		msg, from.ID, list(reachable(c, from.ID, opts)), to.ID,
		list(c.Neighbours(to.ID, false, opts.IncludeRetired)), from.ID, to.ID)
}

// reachable returns the services that routes of up to --max-hops reach
// from a service (routes.Find decides what a route may pass through),
// nearest first, in catalog order within a distance.
func reachable(c *catalog.Catalog, from string, opts *RoutesOptions) []string {
	type hit struct {
		id   string
		hops int
	}
	var hits []hit
	for _, s := range c.Services {
		if s.ID == from {
			continue
		}
		rs, err := routes.Find(c, from, s.ID, routes.Options{MaxHops: opts.MaxHops, IncludeRetired: opts.IncludeRetired})
		if err == nil && len(rs) > 0 {
			hits = append(hits, hit{s.ID, len(rs[0].Hops)}) // ranked: fewest hops first
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].hops < hits[j].hops })
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.id
	}
	return out
}

// list joins names, the first few of them when there are many.
func list(names []string) string {
	const most = 6
	if len(names) == 0 {
		return "nothing"
	}
	if len(names) > most {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:most], ", "), len(names)-most)
	}
	return strings.Join(names, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
