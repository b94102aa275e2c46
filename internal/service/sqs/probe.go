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
	"github.com/wireup/wireup/internal/service/s3"
)

// ProbeAPI is the part of the SQS client the verify probe uses.
type ProbeAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// Probe is the verify probe of the route's queue: it sends the canary as a
// message and receives it back.
type Probe struct {
	c ProbeAPI
	// Objects, when set, reads the objects an S3 event notification
	// names: where the canary came through S3 inside an object another
	// service wrote (Firehose), the notification does not mention it.
	Objects ObjectReader
}

// ObjectReader finds id in the objects an S3 event notification body names
// (s3.NotifiedObjects).
type ObjectReader interface {
	Mention(ctx context.Context, body, id string) (string, bool, error)
}

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return &Probe{c: sqs.NewFromConfig(cfg), Objects: s3.NotifiedObjectsFromConfig(cfg)}
}

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
// message mentions the canary, or names an S3 object holding it (with
// Objects, each notification read once), and deletes that message. Other
// messages (an s3:TestEvent, a producer's events) become visible again at
// once.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	q := aws.String(c.Out(plan.IDQueue, "url"))
	deadline := time.Now().Add(c.Timeout)
	read := map[string]bool{}
	for time.Now().Before(deadline) {
		out, err := p.c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 2})
		if err != nil {
			return fmt.Errorf("receive from queue: %w", err)
		}
		for _, m := range out.Messages {
			id, body := aws.ToString(m.MessageId), aws.ToString(m.Body)
			detail := "message " + id
			found := strings.Contains(body, c.ID)
			if !found && p.Objects != nil && !read[id] {
				read[id] = true
				where, ok, err := p.Objects.Mention(ctx, body, c.ID)
				if err != nil {
					return err
				}
				found, detail = ok, detail+" notifying "+where
			}
			if found {
				c.Hop(c.Path(), start, detail)
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
