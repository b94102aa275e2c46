// Package catalogcmd implements `wireup catalog`: the integrations wireup
// knows, as a table, JSON or a Mermaid graph.
package catalogcmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/targets"
)

// CatalogOptions are the inputs of `wireup catalog`.
type CatalogOptions struct {
	IO      *iostreams.IOStreams
	Catalog func() (*catalog.Catalog, error)

	From, To, Service string
	JSON              bool
	Format            string // table or mermaid
	Services          bool
	ExcludeRetired    bool
	Targets           bool
}

// NewCmdCatalog returns `wireup catalog`. runF replaces the run function in tests.
func NewCmdCatalog(f *cmdutil.Factory, runF func(*CatalogOptions) error) *cobra.Command {
	opts := &CatalogOptions{IO: f.IOStreams, Catalog: f.Catalog}
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List the AWS big-data integrations wireup knows",
		Long: `List every integration of the catalog: from, to, how AWS wires it
(mechanism), how wireup handles it (deploy, code, config, guide) and its
lifecycle (retired services show their replacement).`,
		Example: `  wireup catalog --from kinesis
  wireup catalog --service s3 --format mermaid
  wireup catalog --json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if opts.JSON && opts.Format != "table" {
				return cmdutil.FlagErrorf("--json and --format %s cannot be combined", opts.Format)
			}
			if opts.Format != "table" && opts.Format != "mermaid" {
				return cmdutil.FlagErrorf("--format must be table or mermaid, not %q", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return catalogRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "only integrations from this `service`")
	cmd.Flags().StringVar(&opts.To, "to", "", "only integrations into this `service`")
	cmd.Flags().StringVar(&opts.Service, "service", "", "only integrations touching this `service`")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output `format`: table or mermaid")
	cmd.Flags().BoolVar(&opts.Services, "services", false, "list services instead of integrations")
	cmd.Flags().BoolVar(&opts.ExcludeRetired, "exclude-retired", false, "hide integrations of retired services")
	cmd.Flags().BoolVar(&opts.Targets, "targets", false, "show what each deploy target can prove (deploy read back, data flow)")
	return cmd
}

func catalogRun(opts *CatalogOptions) error {
	c, err := opts.Catalog()
	if err != nil {
		return err
	}
	filter := catalog.Filter{IncludeRetired: !opts.ExcludeRetired}
	for _, f := range []struct {
		name string
		dst  *string
	}{{opts.From, &filter.From}, {opts.To, &filter.To}, {opts.Service, &filter.Service}} {
		if f.name == "" {
			continue
		}
		s, err := c.Resolve(f.name)
		if err != nil {
			return err
		}
		*f.dst = s.ID
	}
	if opts.Services {
		return printServices(opts, c)
	}
	ins := c.Select(filter)
	table, err := registry.Targets()
	if err != nil {
		return err
	}
	var empty error
	if len(ins) == 0 {
		// An empty answer is not a table with no rows: say why, and where
		// the service connects instead. It exits 1, like `wireup routes`
		// finding no route; --json still prints its (empty) lists.
		empty = &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: c.EmptyError(filter)}
	}
	switch {
	case opts.JSON:
		out := make([]jsonIntegration, len(ins))
		for i, in := range ins {
			out[i] = jsonIntegration{Integration: in, Generate: in.Generate, Targets: capabilities(table, in)}
		}
		if err := cmdutil.WriteJSON(opts.IO.Out, catalogJSON{servicesOf(c, ins), out}); err != nil {
			return err
		}
		return empty
	case empty != nil:
		return empty
	case opts.Format == "mermaid":
		_, err := io.WriteString(opts.IO.Out, Mermaid(c, ins))
		return err
	}
	if opts.Targets {
		return printTargets(opts, table, ins)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFROM\tTO\tMECHANISM\tHANDLING\tLIFECYCLE")
	for _, in := range ins {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", in.ID, in.From, in.To, in.Mechanism, in.Handling, lifecycle(in.Lifecycle))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "\n%d integrations. `wireup routes --from A --to B` finds multi-hop routes.\n", len(ins))
	}
	return nil
}

// jsonIntegration is an integration with what wireup can do with it: whether
// `wireup new` generates it, and per deploy target what can be proven.
// catalogJSON is the shape of `wireup catalog --json` (docs/json/catalog.md).
type catalogJSON struct {
	Services     []*catalog.Service `json:"services"`
	Integrations []jsonIntegration  `json:"integrations"`
}

type jsonIntegration struct {
	*catalog.Integration
	Generate bool                          `json:"generate"`
	Targets  map[string]targets.Capability `json:"targets,omitempty"`
}

// capabilities returns, for an integration wireup generates and deploys,
// what each target can prove; nil for the others (nothing is deployed).
func capabilities(table targets.Table, in *catalog.Integration) map[string]targets.Capability {
	if !in.Generate {
		return nil
	}
	out := map[string]targets.Capability{}
	for _, t := range targets.All {
		out[string(t)] = table.For(t, in.ID)
	}
	return out
}

// printTargets shows, per integration wireup deploys, what each target can
// prove: "data" (deploy read back and an event verified end to end),
// "wired" (deployed and read back; data flow not verifiable there), "no"
// (cannot be deployed there). The reasons are in --json.
func printTargets(opts *CatalogOptions, table targets.Table, ins []*catalog.Integration) error {
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	header := "ID"
	for _, t := range targets.All {
		header += "\t" + strings.ToUpper(string(t))
	}
	fmt.Fprintln(tw, header)
	for _, in := range ins {
		caps := capabilities(table, in)
		if caps == nil {
			continue
		}
		row := in.ID
		for _, t := range targets.All {
			c := caps[string(t)]
			switch {
			case c.Deploy && c.Data:
				row += "\tdata"
			case c.Deploy:
				row += "\twired"
			default:
				row += "\tno"
			}
		}
		fmt.Fprintln(tw, row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, "\ndata: deploy read back and an event verified end to end; wired: deployed and read back, data flow not verifiable there; no: cannot be deployed there. moto and kumo are measured; LocalStack and AWS follow their documentation. `--json` gives the reasons.")
	return nil
}

func printServices(opts *CatalogOptions, c *catalog.Catalog) error {
	if opts.JSON {
		return cmdutil.WriteJSON(opts.IO.Out, c.Services)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tGROUP\tLIFECYCLE\tALIASES")
	for _, s := range c.Services {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Name, s.Kind, s.Group, lifecycle(s.Lifecycle), strings.Join(s.Aliases, ","))
	}
	return tw.Flush()
}

func lifecycle(l catalog.Lifecycle) string {
	switch l.Status {
	case catalog.StatusRetired:
		return "retired → " + l.Replacement
	case catalog.StatusRenamed:
		return "renamed " + l.Date
	}
	return string(l.Status)
}

// servicesOf returns the services that the integrations touch, in catalog order.
func servicesOf(c *catalog.Catalog, ins []*catalog.Integration) []*catalog.Service {
	used := map[string]bool{}
	for _, in := range ins {
		used[in.From], used[in.To] = true, true
	}
	out := []*catalog.Service{} // JSON [] rather than null for no service
	for _, s := range c.Services {
		if used[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// Mermaid draws the integrations as a Mermaid flowchart. Retired integrations
// are dotted.
func Mermaid(c *catalog.Catalog, ins []*catalog.Integration) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, s := range servicesOf(c, ins) {
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", nodeID(s.ID), s.Name)
	}
	for _, in := range ins {
		arrow := "-->"
		if in.Retired() {
			arrow = "-.->"
		}
		fmt.Fprintf(&b, "  %s %s|%s| %s\n", nodeID(in.From), arrow, in.Mechanism, nodeID(in.To))
	}
	return b.String()
}

// nodeID makes a service id safe as a Mermaid node id.
func nodeID(id string) string { return strings.ReplaceAll(id, "-", "_") }
