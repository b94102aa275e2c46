// Package plancmd implements `wireup plan`: every resource and wiring call
// a deploy makes, in dependency order, with the IAM attached and what it
// costs on AWS.
package plancmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/awserr"
	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/service/registry"
)

// PlanOptions are the inputs of `wireup plan`.
type PlanOptions struct {
	IO       *iostreams.IOStreams
	Factory  *cmdutil.Factory
	Flags    deploycmd.TargetFlags
	JSON     bool
	Policies bool
}

// NewCmdPlan returns `wireup plan`.
func NewCmdPlan(f *cmdutil.Factory, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	opts := &PlanOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:     "plan",
		Example: "  wireup plan\n  wireup plan --policies=false\n  wireup plan --json --spec demo/wireup.yaml",
		Short:   "Show the resources and calls deploy would make, and their cost",
		Long: `Plan prints the project's resource graph in dependency order: each
resource, what it depends on, and the IAM attached (role trust and inline
policies, queue and topic policies, Lambda permissions). Resources on the
same step are created concurrently. Policies name the account STS reports
for the target; without credentials the plan uses a placeholder account.

In a project deployed on the target, plan also compares the target with
the state and says what deploy would do to each resource: create (never
deployed, or deleted outside wireup), update (deployed from another spec,
or changed outside wireup: the field is named), no-op, or leave (the
project's, but no longer planned: deploy never deletes; destroy does).
deploy prints the same list before it starts.

A "costs" section follows: for each resource, the prices that apply on AWS
(us-east-1 list prices, each with its AWS pricing page and the date it was
taken), whether it bills while idle, per run (a crawl, a query, a job: with
the minimum a run bills) or only by use, and the idle floor per month. A
deploy to AWS of a plan with an idle floor or a per-run cost asks to accept
it (--accept-cost).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return planRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the plan as JSON")
	cmd.Flags().BoolVar(&opts.Policies, "policies", true, "print the IAM documents under each resource")
	return cmd
}

// placeholderAccount stands in for the account when STS cannot be asked.
const placeholderAccount = "111111111111"

func planRun(ctx context.Context, opts *PlanOptions) error {
	s, err := deploycmd.OpenForDeploy(ctx, opts.Factory, opts.Flags)
	var p *plan.Plan
	if err != nil {
		kind := awserr.KindOf(err)
		if kind != awserr.KindUnreachable && kind != awserr.KindCredentials {
			return err
		}
		// Planning needs no AWS; only the account in the policies does.
		c, cerr := opts.Factory.Catalog()
		if cerr != nil {
			return cerr
		}
		proj, perr := project.Load(c, opts.Flags.Spec)
		if perr != nil {
			return perr
		}
		fmt.Fprintf(opts.IO.ErrOut, "note: %v\nnote: planning with placeholder account %s\n", err, placeholderAccount)
		region := opts.Flags.Target.Region
		if region == "" {
			region = proj.Spec.Region
		}
		if p, err = registry.Plan(proj.Spec, c, plan.Env{Region: region, AccountID: placeholderAccount}); err != nil {
			return err
		}
	} else {
		p = s.Plan
	}
	var changes *deploy.Changes
	if s != nil {
		if changes, err = s.Changes(ctx); err != nil {
			return err
		}
	}
	costs := cost.Estimate(p)
	if opts.JSON {
		return cmdutil.WriteJSON(opts.IO.Out, planJSON{Plan: p, Changes: changes, Costs: costs})
	}
	if err := p.WriteText(opts.IO.Out, opts.Policies); err != nil {
		return err
	}
	if changes != nil {
		fmt.Fprintln(opts.IO.Out)
		changes.WriteText(opts.IO.Out)
	}
	fmt.Fprintln(opts.IO.Out)
	return costs.WriteText(opts.IO.Out)
}

// planJSON is the plan's JSON with its costs beside the resources, so a
// reader of the plan's own fields sees them unchanged.
type planJSON struct {
	*plan.Plan
	// Changes is what deploy would do on the target, for a project
	// deployed there; absent before the first deploy.
	Changes *deploy.Changes `json:"changes,omitempty"`
	Costs   *cost.Costs     `json:"costs"`
}
