package sqs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the SQS client the verify probe uses.
type ProbeAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// Probe is the verify probe of the route's queue: it sends the canary as a
// message and receives it back.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(sqs.NewFromConfig(cfg)) }

var _ service.Probe = (*Probe)(nil)

// Inject implements service.Probe.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	if _, err := p.c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(c.Out(plan.IDQueue, "url")), MessageBody: aws.String(string(c.Body))}); err != nil {
		return start, fmt.Errorf("send canary into sqs: %w", err)
	}
	return start, nil
}

// Await implements service.Probe: it receives from the queue until a
// message mentions the canary, and deletes that message. Other messages (an
// s3:TestEvent, a producer's events) become visible again at once.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	q := aws.String(c.Out(plan.IDQueue, "url"))
	deadline := time.Now().Add(c.Timeout)
	for time.Now().Before(deadline) {
		out, err := p.c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 2})
		if err != nil {
			return fmt.Errorf("receive from queue: %w", err)
		}
		for _, m := range out.Messages {
			if strings.Contains(aws.ToString(m.Body), c.ID) {
				c.Hop(c.Path(), start, "message "+aws.ToString(m.MessageId))
				_, _ = p.c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q, ReceiptHandle: m.ReceiptHandle})
				return nil
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary %s did not arrive within %s", c.Path(), c.ID, c.Timeout)
}
