package logs

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
)

// fakeLogs is CloudWatch Logs' FilterLogEvents over in-memory groups: it
// returns the events at or after StartTime, two per page, as the real API
// pages (with a NextToken while more remain).
type fakeLogs struct {
	mu     sync.Mutex
	groups map[string][]types.FilteredLogEvent
	calls  []string // group of each call
	// onCall runs before each answer (a test adds events or cancels).
	onCall func(n int)
}

func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.mu.Lock()
	f.calls = append(f.calls, aws.ToString(in.LogGroupName))
	n := len(f.calls)
	f.mu.Unlock()
	if f.onCall != nil {
		f.onCall(n)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	evs, ok := f.groups[aws.ToString(in.LogGroupName)]
	if !ok {
		return nil, &types.ResourceNotFoundException{Message: aws.String("The specified log group does not exist.")}
	}
	var match []types.FilteredLogEvent
	for _, e := range evs {
		if aws.ToInt64(e.Timestamp) >= aws.ToInt64(in.StartTime) {
			match = append(match, e)
		}
	}
	from := 0
	if in.NextToken != nil {
		from, _ = strconv.Atoi(*in.NextToken)
	}
	to := min(from+2, len(match))
	out := &cloudwatchlogs.FilterLogEventsOutput{Events: match[from:to]}
	if to < len(match) {
		out.NextToken = aws.String(strconv.Itoa(to))
	}
	return out, nil
}

func (f *fakeLogs) add(group string, ms int64, id, msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.groups == nil {
		f.groups = map[string][]types.FilteredLogEvent{}
	}
	f.groups[group] = append(f.groups[group], types.FilteredLogEvent{Timestamp: aws.Int64(ms), EventId: aws.String(id),
		LogStreamName: aws.String("s1"), Message: aws.String(msg)})
}

const (
	fnGroup = "/aws/lambda/demo-consumer"
	fhGroup = "/aws/kinesisfirehose/demo-delivery"
)

// t0 is 2026-12-02T05:00:00Z in milliseconds.
var t0 = time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC).UnixMilli()

func TestGroups(t *testing.T) {
	p := &plan.Plan{Resources: []*plan.Resource{
		{ID: "bucket", Kind: plan.KindBucket, Name: "demo-bucket"},
		{ID: plan.IDFirehoseLogGroup, Kind: plan.KindLogGroup, Name: fhGroup},
		{ID: "function", Kind: plan.KindFunction, Name: "demo-consumer"},
		{ID: plan.IDLogGroup, Kind: plan.KindLogGroup, Name: "/wireup/demo"},
	}}
	want := []Group{
		{Name: fhGroup, What: "Firehose delivery errors"},
		{Name: fnGroup, What: "Lambda function demo-consumer"},
		{Name: "/wireup/demo", What: "log group /wireup/demo"},
	}
	if diff := cmp.Diff(want, Groups(p)); diff != "" {
		t.Errorf("Groups (-want +got):\n%s", diff)
	}
	if gs := Groups(&plan.Plan{Resources: []*plan.Resource{{Kind: plan.KindQueue, Name: "q"}}}); len(gs) != 0 {
		t.Errorf("a plan without functions or log groups has groups %v", gs)
	}
}

func TestRead(t *testing.T) {
	f := &fakeLogs{}
	f.add(fhGroup, t0-1, "old", "before since")
	f.add(fhGroup, t0+2000, "h1", "delivery failed\n")
	f.add(fnGroup, t0+1000, "f1", "START RequestId: 1")
	f.add(fnGroup, t0+3000, "f2", "got record")
	f.add(fnGroup, t0+4000, "f3", "END RequestId: 1")
	var out, notes bytes.Buffer
	tl := &Tailer{Client: f, Groups: []Group{{Name: fhGroup}, {Name: fnGroup, What: "Lambda function demo-consumer"}, {Name: "/aws/lambda/demo-transform", What: "Lambda function demo-transform"}},
		Out: &out, Notes: &notes}
	if err := tl.Read(context.Background(), time.UnixMilli(t0)); err != nil {
		t.Fatal(err)
	}
	want := `2026-12-02T05:00:01.000Z /aws/lambda/demo-consumer START RequestId: 1
2026-12-02T05:00:02.000Z /aws/kinesisfirehose/demo-delivery delivery failed
2026-12-02T05:00:03.000Z /aws/lambda/demo-consumer got record
2026-12-02T05:00:04.000Z /aws/lambda/demo-consumer END RequestId: 1
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if got := strings.Count(strings.Join(f.calls, " "), fnGroup); got != 2 {
		t.Errorf("%d calls for %s (3 events, 2 per page), want 2", got, fnGroup)
	}
	if n := notes.String(); !strings.Contains(n, "/aws/lambda/demo-transform (Lambda function demo-transform) does not exist yet") {
		t.Errorf("notes = %q", n)
	}
}

// The --json line shape is pinned: one object per line, these fields.
func TestReadJSON(t *testing.T) {
	f := &fakeLogs{}
	f.add(fnGroup, t0+1500, "f1", "hello")
	var out bytes.Buffer
	tl := &Tailer{Client: f, Groups: []Group{{Name: fnGroup}}, Out: &out, JSON: true}
	if err := tl.Read(context.Background(), time.UnixMilli(t0)); err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2026-12-02T05:00:01.5Z","group":"/aws/lambda/demo-consumer","stream":"s1","message":"hello","eventId":"f1","timestamp":1796187601500}` + "\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// Follow prints what exists, then each new event once (events sharing the
// newest timestamp included), backs off while nothing comes, polls again at
// the first wait after events, and returns nil when cancelled (Ctrl-C).
func TestFollow(t *testing.T) {
	f := &fakeLogs{}
	f.add(fnGroup, t0+1000, "a", "one")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var waits []time.Duration
	polls := 0
	sleep := func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		polls++
		switch polls {
		case 1: // a second event at the same millisecond, and a later one
			f.add(fnGroup, t0+1000, "b", "two")
			f.add(fnGroup, t0+2000, "c", "three")
		case 5:
			f.add(fnGroup, t0+5000, "d", "four")
		case 7:
			cancel()
		}
		return ctx.Err()
	}
	var out bytes.Buffer
	tl := &Tailer{Client: f, Groups: []Group{{Name: fnGroup}}, Out: &out, Sleep: sleep}
	if err := tl.Follow(ctx, time.UnixMilli(t0)); err != nil {
		t.Fatalf("Follow after cancel = %v, want nil (exit 0)", err)
	}
	var msgs []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		msgs = append(msgs, l[strings.LastIndex(l, " ")+1:])
	}
	if diff := cmp.Diff([]string{"one", "two", "three", "four"}, msgs); diff != "" {
		t.Errorf("events (-want +got):\n%s\n%s", diff, out.String())
	}
	s := time.Second
	if diff := cmp.Diff([]time.Duration{s, s, 2 * s, 4 * s, 8 * s, s, 2 * s}, waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// Follow waits for a group that does not exist yet, saying so once, and
// prints its events once it appears.
func TestFollowWaitsForGroup(t *testing.T) {
	f := &fakeLogs{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls := 0
	sleep := func(ctx context.Context, _ time.Duration) error {
		polls++
		switch polls {
		case 3:
			f.add(fnGroup, t0+1000, "a", "first run")
		case 4:
			cancel()
		}
		return ctx.Err()
	}
	var out, notes bytes.Buffer
	tl := &Tailer{Client: f, Groups: []Group{{Name: fnGroup, What: "Lambda function demo-consumer"}}, Out: &out, Notes: &notes, Sleep: sleep}
	if err := tl.Follow(ctx, time.UnixMilli(t0)); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(notes.String(), "does not exist yet"); n != 1 {
		t.Errorf("note said %d times, want once:\n%s", n, notes.String())
	}
	if !strings.HasSuffix(out.String(), " first run\n") {
		t.Errorf("output = %q", out.String())
	}
}

// An error other than a missing group ends the command and names the group.
func TestReadError(t *testing.T) {
	tl := &Tailer{Client: errLogs{}, Groups: []Group{{Name: fnGroup, What: "Lambda function demo-consumer"}}, Out: &bytes.Buffer{}}
	err := tl.Read(context.Background(), time.UnixMilli(t0))
	if err == nil || !strings.Contains(err.Error(), "read log group "+fnGroup+" (Lambda function demo-consumer): boom") {
		t.Errorf("err = %v", err)
	}
}

type errLogs struct{}

func (errLogs) FilterLogEvents(context.Context, *cloudwatchlogs.FilterLogEventsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	return nil, errors.New("boom")
}
