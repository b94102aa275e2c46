package splunk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/targets"
)

// BucketAwaiter is the part of the S3 verify probe the Splunk probe uses:
// finding the canary where a delivery stream writes into the bucket.
type BucketAwaiter interface {
	Await(ctx context.Context, c *service.Canary, from string, start time.Time) error
}

// Probe is the verify probe of Splunk. wireup cannot search Splunk, but
// the delivery stream writes every record it sends there into the
// project's bucket too (S3BackupMode AllEvents): on AWS the probe finds
// the canary there, which proves Firehose took the record and forwarded
// it. That Splunk indexed it is Splunk's acknowledgment, shown by the
// stream's CloudWatch metric DeliveryToSplunk.Success; the hop's detail
// says so.
type Probe struct{ bucket BucketAwaiter }

// NewProbe returns the probe looking in the bucket with b.
func NewProbe(b BucketAwaiter) *Probe { return &Probe{bucket: b} }

// NewProbeFromConfig returns the probe on the S3 probe built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(s3.NewProbeFromConfig(cfg)) }

var (
	_ service.Probe = (*Probe)(nil)
	_ service.Blind = (*Probe)(nil)
)

// Inject implements service.Probe: it cannot; Splunk is where a delivery
// stream ends.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Now(), errors.New("wireup cannot send a canary into Splunk: it is where a delivery stream ends")
}

// Blind implements service.Blind: only AWS delivers to Splunk and writes
// the copy wireup looks at.
func (*Probe) Blind(c *service.Canary) string {
	if c.Target == targets.AWS {
		return ""
	}
	return fmt.Sprintf("wireup sees the canary only in the copy a delivery stream on AWS writes to the bucket while it sends to Splunk; %s sends nothing to Splunk or the bucket on this path", c.Target)
}

// Await implements service.Probe: the canary under the stream's prefix in
// the bucket, within the bucket's buffer interval.
func (p *Probe) Await(ctx context.Context, c *service.Canary, from string, start time.Time) error {
	if from != "firehose" {
		return fmt.Errorf("wireup knows only a delivery stream's way into Splunk, not %s's", from)
	}
	stream := c.Out(plan.IDDeliveryStream, "name")
	proven := *c
	proven.OnHop = func(path string, took time.Duration, detail string) {
		if c.OnHop == nil {
			return
		}
		c.OnHop(path, took, fmt.Sprintf("Firehose took the canary and forwarded it to %s: its copy is at %s (S3BackupMode AllEvents). That Splunk indexed it is shown by the CloudWatch metric AWS/Firehose %s of delivery stream %s, not by wireup",
			c.In(plan.IDDeliveryStream, "hecEndpoint"), detail, SuccessMetric, stream))
	}
	if err := p.bucket.Await(ctx, &proven, "firehose", start); err != nil {
		return fmt.Errorf("%w (the copy of every record sent to Splunk; check the delivery stream's error log %s)", err, c.In(plan.IDDeliveryStream, "errorLogGroup"))
	}
	return nil
}
