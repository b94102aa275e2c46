// Package destroycmd implements `wireup destroy`: delete what deploy
// created, in reverse dependency order, then check nothing is left.
package destroycmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// DestroyOptions are the inputs of `wireup destroy`.
type DestroyOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	Flags   deploycmd.TargetFlags
	Yes     bool
	JSON    bool
}

// NewCmdDestroy returns `wireup destroy`.
func NewCmdDestroy(f *cmdutil.Factory, runF func(context.Context, *DestroyOptions) error) *cobra.Command {
	opts := &DestroyOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "destroy",
		Short: "Delete everything deploy created",
		Long: `Destroy deletes the project's resources in reverse dependency order:
mappings, subscriptions, notifications and permissions first, buckets emptied
(all versions), role policies before roles. It works from .wireup/state.json,
and from the wireup:project tag when the state is lost. Afterwards it lists
the target and fails if anything of the project is left.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return destroyRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask before changing a real AWS account")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print progress as JSON events, one per line")
	return cmd
}

func destroyRun(ctx context.Context, opts *DestroyOptions) error {
	s, err := deploycmd.Open(ctx, opts.Factory, opts.Flags)
	if err != nil {
		return err
	}
	s.Banner(opts.IO.ErrOut, "Destroying")
	if err := s.Confirm(opts.IO, opts.Yes, "destroy"); err != nil {
		return err
	}
	v := deploycmd.ViewFor(opts.IO, opts.JSON)
	_, err = s.Engine(v).Destroy(ctx, s.Plan)
	v.Close()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %v", cmdutil.ErrCancel, err)
		}
		return fmt.Errorf("destroy failed: %w", err)
	}
	if !opts.JSON {
		fmt.Fprintf(opts.IO.ErrOut, "Nothing of %s is left on %s.\n", s.Plan.Project, s.Conn.Info)
	}
	return nil
}
