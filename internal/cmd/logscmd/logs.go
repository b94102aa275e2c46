// Package logscmd implements `wireup logs`: the events of the project's
// CloudWatch Logs log groups (its Lambda functions', its Firehose delivery
// errors', its own), read where the project is deployed.
package logscmd

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
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

// Group is one log group of the project, and what writes to it.
type Group struct {
	Name string
	What string
}

// Groups lists the log groups of the plan, in plan order: a log group
// wireup creates (Firehose's delivery errors, a route's source group) and
// the group each Lambda function logs to.
func Groups(p *plan.Plan) []Group {
	var gs []Group
	for _, r := range p.Resources {
		switch r.Kind {
		case plan.KindLogGroup:
			what := "log group " + r.Name
			if r.ID == plan.IDFirehoseLogGroup {
				what = "Firehose delivery errors"
			}
			gs = append(gs, Group{Name: r.Name, What: what})
		case plan.KindFunction:
			gs = append(gs, Group{Name: "/aws/lambda/" + r.Name, What: "Lambda function " + r.Name})
		}
	}
	return gs
}

// pick returns the group --group names: its full name, or the last
// element of it (a function or delivery stream name).
func pick(gs []Group, name string) ([]Group, error) {
	if name == "" {
		return gs, nil
	}
	for _, g := range gs {
		if g.Name == name || g.Name[strings.LastIndex(g.Name, "/")+1:] == name {
			return []Group{g}, nil
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
	gs := Groups(s.Plan)
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
	t := &Tailer{Client: cloudwatchlogs.NewFromConfig(s.Conn.Config), Groups: gs, Out: opts.IO.Out, Notes: opts.IO.ErrOut, JSON: opts.JSON}
	if !opts.Follow {
		return t.Read(ctx, since)
	}
	return t.Follow(ctx, since)
}

// Tailer reads log groups through FilterLogEvents.
type Tailer struct {
	Client cloudwatchlogs.FilterLogEventsAPIClient
	Groups []Group
	Out    io.Writer // the events
	Notes  io.Writer // what is not an event: a group that does not exist yet
	JSON   bool
	// Sleep waits between polls of Follow (tests replace it); nil sleeps
	// on the clock, ending early when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error

	missing map[string]bool // groups reported as not existing yet
}

// Event is one log event, as --json prints it.
type Event struct {
	Time      time.Time `json:"time"`
	Group     string    `json:"group"`
	Stream    string    `json:"stream"`
	Message   string    `json:"message"`
	EventID   string    `json:"eventId"`
	Timestamp int64     `json:"timestamp"` // milliseconds since the epoch, as CloudWatch Logs has it
}

// Read prints the events since the time, oldest first, and returns.
func (t *Tailer) Read(ctx context.Context, since time.Time) error {
	evs, err := t.fetch(ctx, since.UnixMilli(), nil)
	if err != nil {
		return err
	}
	return t.print(evs)
}

// Poll bounds: the first wait after events came, and the longest wait
// while none do.
const (
	minPoll = time.Second
	maxPoll = 10 * time.Second
)

// Follow prints the events since the time, then polls for new ones,
// waiting twice as long after each empty poll (up to maxPoll), until ctx
// ends: that is the way to stop it, and it returns nil then.
func (t *Tailer) Follow(ctx context.Context, since time.Time) error {
	start := since.UnixMilli()
	// seen holds the ids of the events at the newest timestamp printed:
	// the next poll starts at that timestamp (later events may share it)
	// and skips them.
	seen := map[string]bool{}
	wait := minPoll
	for {
		evs, err := t.fetch(ctx, start, seen)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		if err := t.print(evs); err != nil {
			return err
		}
		if len(evs) > 0 {
			last := evs[len(evs)-1].Timestamp
			if last > start {
				clear(seen)
				start = last
			}
			for _, e := range evs {
				if e.Timestamp == start {
					seen[e.Group+"\x00"+e.EventID] = true
				}
			}
			wait = minPoll
		} else {
			wait = min(wait*2, maxPoll)
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil
		}
	}
}

func (t *Tailer) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	return service.Sleep(ctx, d)
}

// fetch returns the events of every group from start (milliseconds),
// oldest first, leaving out those in skip.
func (t *Tailer) fetch(ctx context.Context, start int64, skip map[string]bool) ([]Event, error) {
	var evs []Event
	for _, g := range t.Groups {
		p := cloudwatchlogs.NewFilterLogEventsPaginator(t.Client, &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String(g.Name), StartTime: aws.Int64(start)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if service.IsNotFound(err) {
				t.noteMissing(g)
				break
			}
			if err != nil {
				return nil, fmt.Errorf("read log group %s (%s): %w", g.Name, g.What, err)
			}
			delete(t.missing, g.Name)
			for _, e := range out.Events {
				ev := Event{Group: g.Name, Stream: aws.ToString(e.LogStreamName), Message: strings.TrimRight(aws.ToString(e.Message), "\r\n"),
					EventID: aws.ToString(e.EventId), Timestamp: aws.ToInt64(e.Timestamp)}
				ev.Time = time.UnixMilli(ev.Timestamp).UTC()
				if !skip[ev.Group+"\x00"+ev.EventID] {
					evs = append(evs, ev)
				}
			}
		}
	}
	slices.SortStableFunc(evs, func(a, b Event) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
	return evs, nil
}

// noteMissing says once that a group does not exist yet.
func (t *Tailer) noteMissing(g Group) {
	if t.missing == nil {
		t.missing = map[string]bool{}
	}
	if t.missing[g.Name] || t.Notes == nil {
		return
	}
	t.missing[g.Name] = true
	why := "does not exist yet: Lambda creates it on the function's first run"
	if !strings.HasPrefix(g.What, "Lambda") {
		why = "does not exist: it was deleted outside wireup, or the deploy did not finish; `wireup status` shows what is missing"
	}
	fmt.Fprintf(t.Notes, "note: log group %s (%s) %s\n", g.Name, g.What, why)
}

func (t *Tailer) print(evs []Event) error {
	for _, e := range evs {
		var err error
		if t.JSON {
			var b []byte
			if b, err = json.Marshal(e); err == nil {
				_, err = fmt.Fprintf(t.Out, "%s\n", b)
			}
		} else {
			_, err = fmt.Fprintf(t.Out, "%s %s %s\n", e.Time.Format("2006-01-02T15:04:05.000Z07:00"), e.Group, e.Message)
		}
		if err != nil {
			return fmt.Errorf("print log events: %w", err)
		}
	}
	return nil
}
