// Package verifycmd implements `wireup verify`: send a canary through the
// deployed route and time each hop, or say plainly that the target cannot
// move data on it.
package verifycmd

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
	"github.com/wireup/wireup/internal/verify"
)

// VerifyOptions are the inputs of `wireup verify`.
type VerifyOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	Flags   deploycmd.TargetFlags
	Timeout time.Duration
	JSON    bool
}

// NewCmdVerify returns `wireup verify`.
func NewCmdVerify(f *cmdutil.Factory, runF func(context.Context, *VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:     "verify",
		Example: "  wireup verify\n  wireup verify --timeout 2m --target kumo",
		Short:   "Send a canary event through the deployed route and time each hop",
		Long: `Verify sends an event with a unique id into the route's source and polls
the destination until it appears, printing how long each hop took.

Emulators do not move data on every path (see wireup catalog). Where the
target cannot, verify says "wired, data flow not verifiable on <target>" with
the reason and exits 3: it never reports a pass for data that did not move.
Where a route ends in a Lambda function on AWS or LocalStack, verify looks
for the canary's id in the function's CloudWatch Logs (the generated handler
logs the id of every event). On kumo a Lambda function really runs: verify
starts the built handler against kumo's Runtime API. For a route that starts
at IoT Core, verify publishes the canary to the rule's topic through the IoT
data plane's HTTPS API, as the generated producer does.

Where the target cannot run the route's end (no emulator runs an Athena
query), verify still sends the canary as far as the target moves it and
runs a stand-in check there, reported beside the hops and never as a pass:
for a table a delivery stream fills, lakecheck (tools/lakecheck, DuckDB)
reads the objects against the table's definition. A failed check is exit 1.

Exit codes: 0 verified, 1 the canary did not arrive or a stand-in check
failed, 3 not verifiable here.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Timeout <= 0 {
				return cmdutil.FlagErrorf("--timeout must be positive, such as 30s or 2m; it is how long verify waits for the canary at each hop")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return verifyRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 30*time.Second, "how long to wait for the canary at each hop")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	return cmd
}

func verifyRun(ctx context.Context, opts *VerifyOptions) error {
	s, err := deploycmd.Open(ctx, opts.Factory, opts.Flags)
	if err != nil {
		return err
	}
	vo := verify.Options{Target: s.Conn.Target, Timeout: opts.Timeout, ProjectDir: s.Project.Dir}
	if r := s.Plan.Resource(plan.IDFunction); r != nil && s.Conn.Target == targets.Kumo {
		zip, err := build.Function(ctx, s.Project.Dir, r.Settings["package"])
		if err != nil {
			return err
		}
		vo.Handler = zip
	}
	rep, err := s.Verifier().Verify(ctx, s.Plan, vo)
	if opts.JSON && rep != nil {
		_ = cmdutil.WriteJSON(opts.IO.Out, rep)
	} else if rep != nil {
		for _, h := range rep.Hops {
			fmt.Fprintf(opts.IO.Out, "✓ %-24s %8s  %s\n", h.Path, h.Took.Round(time.Millisecond), h.Detail)
		}
		for _, c := range rep.Checks {
			fmt.Fprintf(opts.IO.Out, "~ %s: %s (stand-in, not verification): %s\n", c.Name, c.Status, c.Detail)
			if c.Proves != "" {
				fmt.Fprintf(opts.IO.Out, "  what it shows: %s\n", c.Proves)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("verify failed: %w", err)
	}
	if !rep.Verified {
		return &cmdutil.ExitError{Code: cmdutil.ExitUnverified,
			Err: fmt.Errorf("wired, data flow not verifiable on %s: %s", s.Conn.Target, rep.Reason)}
	}
	if !opts.JSON {
		fmt.Fprintf(opts.IO.Out, "Verified: canary %s went through %s on %s.\n", rep.Canary, s.Plan.RouteID(), s.Conn.Target)
	}
	return nil
}
