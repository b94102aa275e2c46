// Package logscmd implements `wireup logs`: the events of the project's
// CloudWatch Logs log groups (its Lambda functions', its Firehose delivery
// errors', its own), read where the project is deployed.
package logscmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/service/logs"
)

// DefaultSince is how far back logs reads without --since, as `sam logs`.
const DefaultSince = 10 * time.Minute

// LogsOptions are the inputs of `wireup logs`.
type LogsOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	Flags   deploycmd.TargetFlags
	Follow  bool
	Since   string
	Group   string
	JSON    bool
}

// NewCmdLogs returns `wireup logs`.
func NewCmdLogs(f *cmdutil.Factory, runF func(context.Context, *LogsOptions) error) *cobra.Command {
	opts := &LogsOptions{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Print the events of the project's CloudWatch Logs log groups",
		Long: `Logs prints the events of the project's log groups, oldest first: each
Lambda function's /aws/lambda/<function>, the Firehose delivery error group
/aws/kinesisfirehose/<stream>, and a log group the route starts at. It reads
where the project is deployed (.wireup/state.json), as status does.

--since takes a duration (10m, 2h) or an RFC 3339 time; the default is the
last 10 minutes. --follow keeps polling for new events, less often while
none come, until Ctrl-C or SIGTERM, which end it with exit 0. A log group
that does not exist yet (a function that has not run) is reported, and
--follow waits for it.`,
		Example: `  wireup logs
  wireup logs --since 1h --group /aws/lambda/demo-consumer
  wireup logs --follow --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return logsRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	fl := cmd.Flags()
	fl.BoolVarP(&opts.Follow, "follow", "f", false, "keep printing new events until Ctrl-C")
	fl.StringVar(&opts.Since, "since", "", "print events from this `duration` ago (10m, 2h) or RFC 3339 time (default 10m)")
	fl.StringVar(&opts.Group, "group", "", "read only this log `group` (its name, or the function or stream name it ends with)")
	fl.BoolVar(&opts.JSON, "json", false, "print one JSON object per event, one per line")
	return cmd
}

// pick returns the group --group names: its full name, or the last
// element of it (a function or delivery stream name).
func pick(gs []logs.Group, name string) ([]logs.Group, error) {
	if name == "" {
		return gs, nil
	}
	for _, g := range gs {
		if g.Name == name || g.Name[strings.LastIndex(g.Name, "/")+1:] == name {
			return []logs.Group{g}, nil
		}
	}
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Name
	}
	return nil, cmdutil.FlagErrorf("--group %s is not one of the project's log groups: %s", name, strings.Join(names, ", "))
}

// ParseSince reads --since: a positive duration before now, or an RFC 3339
// time; "" is DefaultSince.
func ParseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now.Add(-DefaultSince), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, cmdutil.FlagErrorf("--since %s: a duration must be positive, such as 10m or 2h", s)
		}
		return now.Add(-d), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, cmdutil.FlagErrorf("--since %q is neither a duration (10m, 2h) nor an RFC 3339 time (2026-12-02T05:00:00Z)", s)
	}
	return t, nil
}

func logsRun(ctx context.Context, opts *LogsOptions) error {
	now := time.Now
	if opts.Factory.Now != nil {
		now = opts.Factory.Now
	}
	since, err := ParseSince(opts.Since, now())
	if err != nil {
		return err
	}
	s, err := deploycmd.Open(ctx, opts.Factory, opts.Flags)
	if err != nil {
		return err
	}
	gs := logs.Groups(s.Plan)
	if len(gs) == 0 {
		return fmt.Errorf("%s has no log groups: its route (%s) has no Lambda function, no Firehose delivery stream and no source log group", s.Plan.Project, s.Plan.RouteID())
	}
	if gs, err = pick(gs, opts.Group); err != nil {
		return err
	}
	st, err := deploy.LoadState(s.State)
	if err != nil {
		return err
	}
	if !st.Deployed() {
		return fmt.Errorf("%s is not deployed (%s records nothing): run `wireup deploy` first", s.Plan.Project, s.State)
	}
	t := logs.NewTailer(s.Conn.Config, gs, opts.IO.Out, opts.IO.ErrOut, opts.JSON)
	if !opts.Follow {
		return t.Read(ctx, since)
	}
	return t.Follow(ctx, since)
}
