package firehose

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the Firehose client the verify probe uses.
type ProbeAPI interface {
	PutRecord(ctx context.Context, in *firehose.PutRecordInput, optFns ...func(*firehose.Options)) (*firehose.PutRecordOutput, error)
}

// Probe is the verify probe of the route's delivery stream: it puts the
// canary as a record. A delivery stream holds nothing a reader can get
// back: verify finds the canary where the stream delivers it (the S3
// probe waits out its buffer).
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(firehose.NewFromConfig(cfg)) }

var _ service.Probe = (*Probe)(nil)

// Inject implements service.Probe.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	if _, err := p.c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: aws.String(c.Out(plan.IDDeliveryStream, "name")),
		Record: &fhtypes.Record{Data: c.Body}}); err != nil {
		return start, fmt.Errorf("put canary record: %w", err)
	}
	return start, nil
}

// Await implements service.Probe: it cannot.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New("wireup cannot read a record back from a delivery stream: it looks for the canary where the stream delivers it, and this route ends at the stream")
}
