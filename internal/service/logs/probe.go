package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the CloudWatch Logs client the verify probe
// uses.
type ProbeAPI interface {
	CreateLogStream(ctx context.Context, in *cloudwatchlogs.CreateLogStreamInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogStreamOutput, error)
	PutLogEvents(ctx context.Context, in *cloudwatchlogs.PutLogEventsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutLogEventsOutput, error)
}

// Probe is the verify probe of the route's log group: it writes the
// canary as a log event, which the subscription filter sends on. A log
// group is only ever a route's source.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(cloudwatchlogs.NewFromConfig(cfg)) }

var _ service.Probe = (*Probe)(nil)

// VerifyStream is the log stream verify writes its canary to; it goes
// with the log group on destroy.
const VerifyStream = "wireup-verify"

// Inject implements service.Probe: it creates the verify log stream
// (once) and puts the canary into it as one log event.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	group := aws.String(c.Out(plan.IDLogGroup, "name"))
	_, err := p.c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String(VerifyStream)})
	if err != nil && service.ErrorCode(err) != "ResourceAlreadyExistsException" {
		return time.Now(), fmt.Errorf("create log stream %s: %w", VerifyStream, err)
	}
	start := time.Now()
	out, err := p.c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: aws.String(VerifyStream),
		LogEvents: []cwltypes.InputLogEvent{{Message: aws.String(string(bytes.TrimSpace(c.Body))), Timestamp: aws.Int64(start.UnixMilli())}}})
	if err != nil {
		return start, fmt.Errorf("put canary log event: %w", err)
	}
	if r := out.RejectedLogEventsInfo; r != nil && (r.TooOldLogEventEndIndex != nil || r.TooNewLogEventStartIndex != nil || r.ExpiredLogEventEndIndex != nil) {
		return start, fmt.Errorf("put canary log event: CloudWatch Logs rejected it (too old %v, too new %v, expired %v): check the clock of this machine",
			aws.ToInt32(r.TooOldLogEventEndIndex), aws.ToInt32(r.TooNewLogEventStartIndex), aws.ToInt32(r.ExpiredLogEventEndIndex))
	}
	return start, nil
}

// Await implements service.Probe: nothing delivers into a log group on a
// route.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New("a log group is a route's source: wireup looks for the canary where its subscription filter sends it")
}
