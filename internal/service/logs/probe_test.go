package logs

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// probeLogs keeps the streams of one group and the messages put into them.
type probeLogs struct {
	streams map[string][]string
	reject  bool
}

func (f *probeLogs) CreateLogStream(_ context.Context, in *cloudwatchlogs.CreateLogStreamInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogStreamOutput, error) {
	n := aws.ToString(in.LogGroupName) + "|" + aws.ToString(in.LogStreamName)
	if _, ok := f.streams[n]; ok {
		return nil, &cwltypes.ResourceAlreadyExistsException{Message: aws.String("The specified log stream already exists")}
	}
	f.streams[n] = nil
	return &cloudwatchlogs.CreateLogStreamOutput{}, nil
}

func (f *probeLogs) PutLogEvents(_ context.Context, in *cloudwatchlogs.PutLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutLogEventsOutput, error) {
	n := aws.ToString(in.LogGroupName) + "|" + aws.ToString(in.LogStreamName)
	if _, ok := f.streams[n]; !ok {
		return nil, &cwltypes.ResourceNotFoundException{Message: aws.String("The specified log stream does not exist.")}
	}
	if f.reject {
		return &cloudwatchlogs.PutLogEventsOutput{RejectedLogEventsInfo: &cwltypes.RejectedLogEventsInfo{TooOldLogEventEndIndex: aws.Int32(1)}}, nil
	}
	for _, e := range in.LogEvents {
		f.streams[n] = append(f.streams[n], aws.ToString(e.Message))
	}
	return &cloudwatchlogs.PutLogEventsOutput{}, nil
}

// The probe creates its log stream once and puts the canary (without its
// trailing newline) as a log event, each time verify runs; an event
// CloudWatch Logs rejects fails the injection.
func TestProbe(t *testing.T) {
	f := &probeLogs{streams: map[string][]string{}}
	c := &service.Canary{ID: "wireup-canary-1", Body: []byte("{\"id\":\"wireup-canary-1\"}\n"), Route: []string{"cloudwatch-logs-to-firehose"}, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDLogGroup: {Outputs: map[string]string{"name": "/wireup/demo"}}}}
	p := NewProbe(f)
	for range 2 {
		if _, err := p.Inject(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	got := f.streams["/wireup/demo|"+VerifyStream]
	if len(got) != 2 || got[0] != `{"id":"wireup-canary-1"}` {
		t.Errorf("put %q, want the canary twice", got)
	}
	f.reject = true
	if _, err := p.Inject(context.Background(), c); err == nil {
		t.Error("Inject passed although CloudWatch Logs rejected the event")
	}
	if err := p.Await(context.Background(), c, "app", time.Now()); err == nil {
		t.Error("Await at a log group passed")
	}
}
