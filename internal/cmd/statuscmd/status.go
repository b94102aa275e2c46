// Package statuscmd implements `wireup status`: what exists on the target
// compared with the plan.
package statuscmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// StatusOptions are the inputs of `wireup status`.
type StatusOptions struct {
	IO       *iostreams.IOStreams
	Factory  *cmdutil.Factory
	Flags    deploycmd.TargetFlags
	JSON     bool
	ExitCode bool
}

// NewCmdStatus returns `wireup status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(context.Context, *StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:     "status",
		Example: "  wireup status\n  wireup status --exit-code --json",
		Short:   "Compare what exists on the target with the plan",
		Long: `Status lists every planned resource as ok, missing (not deployed, or
deleted outside wireup) or changed (deployed from an older spec or handler),
and resources tagged for the project that the plan no longer has as extra.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return statusRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.ExitCode, "exit-code", false, "exit 1 when anything differs from the plan")
	return cmd
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	s, err := deploycmd.Open(ctx, opts.Factory, opts.Flags)
	if err != nil {
		return err
	}
	rep, err := s.Engine(nil).Status(ctx, s.Plan)
	if err != nil {
		return err
	}
	if opts.JSON {
		if err := cmdutil.WriteJSON(opts.IO.Out, rep); err != nil {
			return err
		}
	} else {
		rep.WriteText(opts.IO.Out)
	}
	if opts.ExitCode && len(rep.Drift()) > 0 {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: cmdutil.ErrSilent}
	}
	return nil
}
