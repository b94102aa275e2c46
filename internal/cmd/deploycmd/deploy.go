// Package deploycmd implements `wireup deploy`: plan the project for the
// target, build its Lambda handlers, then create what is missing.
package deploycmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
)

// DeployOptions are the inputs of `wireup deploy`.
type DeployOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	// Prompter asks the confirmations (the Factory's).
	Prompter cmdutil.Prompter
	Flags    TargetFlags
	Yes      bool
	// AcceptCost accepts, for a deploy to real AWS, the plan's idle floor
	// and per-run costs (see ConfirmCost).
	AcceptCost bool
	JSON       bool
}

// NewCmdDeploy returns `wireup deploy`.
func NewCmdDeploy(f *cmdutil.Factory, runF func(context.Context, *DeployOptions) error) *cobra.Command {
	opts := &DeployOptions{IO: f.IOStreams, Factory: f, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Create the project's resources on AWS, LocalStack or an emulator",
		Long: `Deploy creates every resource of the project's plan (see wireup plan),
independent ones concurrently, and waits until each is usable. State is kept
in .wireup/state.json: a second deploy changes nothing, and an interrupted
deploy is finished by running it again. Ctrl-C and SIGTERM stop it without
losing track of anything: the calls in flight are answered and recorded,
and it exits 130 saying what is left. A state that cannot be written stops
it before the first create.

deploy and destroy lock the project (.wireup/lock) while they run: another
one started meanwhile is refused, naming the command that holds the lock.
A lock left by a command that was killed is taken over, with a note.

Before changing anything it prints the target (endpoint, or account and
region). A real AWS account needs --yes or the account id typed at a prompt.

On real AWS it also prints what the project bills without use: resources
with an idle floor (a stream, a domain, a provisioned cluster bill every
hour they exist) and those billed per run with a minimum (a crawl, a query,
a job). Creating any of them needs --accept-cost or "accept" typed at a
prompt; without a terminal and without the flag, deploy exits 2 having
created nothing. Resources deployed unchanged are not asked about again, and
emulators never ask. wireup plan lists every price with its source.

The region is wireup.yaml's: AWS_REGION and a profile's region are not
used. --region deploys elsewhere, confirmed with --yes or the region typed
at a prompt (on an emulator too). Once deployed, the project's commands go
where .wireup/state.json says (endpoint, region, account) with no
AWS_ENDPOINT_URL needed, and refuse a flag or variable that names another
place; --state FILE keeps a separate deployment.`,
		Example: `  AWS_ENDPOINT_URL=http://127.0.0.1:5000 wireup deploy
  wireup deploy --profile prod --yes --accept-cost --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return deployRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask before changing a real AWS account or deploying outside wireup.yaml's region")
	cmd.Flags().BoolVar(&opts.AcceptCost, "accept-cost", false, "accept, on real AWS, the idle floor and per-run costs wireup plan lists")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print progress as JSON events, one per line")
	return cmd
}

// Run is `wireup deploy` with opts, for `wireup new --deploy`.
func Run(ctx context.Context, opts *DeployOptions) error { return deployRun(ctx, opts) }

func deployRun(ctx context.Context, opts *DeployOptions) error {
	s, err := open(ctx, opts.Factory, opts.Flags, true, "deploy")
	if err != nil {
		return err
	}
	defer s.Close()
	return deploySession(ctx, opts, s)
}

// deploySession deploys the opened session's plan: the banner, the
// confirmations, the build, then the engine.
func deploySession(ctx context.Context, opts *DeployOptions, s *Session) error {
	costs := cost.Estimate(s.Plan)
	s.Banner(opts.IO.ErrOut, "Deploying")
	// A deployed project: say what this deploy changes before it asks or
	// starts, as `wireup plan` shows it.
	changes, err := s.Changes(ctx)
	if err != nil {
		return err
	}
	if changes != nil && !opts.JSON {
		changes.WriteText(opts.IO.ErrOut)
		fmt.Fprintln(opts.IO.ErrOut)
	}
	s.CostBanner(opts.IO.ErrOut, costs)
	if err := s.ConfirmCost(ctx, opts.Prompter, opts.IO, costs, opts.AcceptCost, opts.Yes); err != nil {
		return err
	}
	if err := s.Confirm(ctx, opts.Prompter, opts.IO, opts.Yes, "deploy"); err != nil {
		return err
	}
	v := ViewFor(opts.IO, opts.JSON)
	artifacts, err := s.Project.Build(ctx, s.Plan, v)
	if err != nil {
		v.Close()
		return err
	}
	e := s.Engine(v)
	e.Artifacts = artifacts
	_, err = e.Apply(ctx, s.Plan)
	v.Close()
	if err != nil {
		var unwritable *deploy.StateWriteError
		if ctx.Err() != nil || errors.As(err, &unwritable) {
			// The engine's error says what happened and how to finish:
			// after an interrupt it wraps context.Canceled, which app
			// prints with the cancel exit code.
			return err
		}
		return fmt.Errorf("deploy failed: %w", err)
	}
	return nil
}
