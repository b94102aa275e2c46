package logs

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

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// This file is what `wireup logs` reads: the project's log groups and a
// tailer over FilterLogEvents.

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

// NewTailer returns a tailer of groups on cfg's CloudWatch Logs: events to
// out (JSON lines when json is set), notes to notes.
func NewTailer(cfg aws.Config, groups []Group, out, notes io.Writer, json bool) *Tailer {
	return &Tailer{Client: cloudwatchlogs.NewFromConfig(cfg), Groups: groups, Out: out, Notes: notes, JSON: json}
}
