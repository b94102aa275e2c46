package sns

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the SNS client the verify probe uses.
type ProbeAPI interface {
	Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// Probe is the verify probe of the route's topic: it publishes the canary.
// A topic is never a sink verify can read: what arrives there is delivered
// to the subscribers, and a route that ends at the topic has none.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(sns.NewFromConfig(cfg)) }

var (
	_ service.Probe = (*Probe)(nil)
	_ service.Blind = (*Probe)(nil)
)

// unobservable is why verify cannot see the canary reach a topic.
const unobservable = "nothing on this route subscribes to the topic, so wireup has nowhere to read the canary from"

// Inject implements service.Probe.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	if _, err := p.c.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(c.Out(plan.IDTopic, "arn")), Message: aws.String(string(c.Body))}); err != nil {
		return start, fmt.Errorf("publish canary: %w", err)
	}
	return start, nil
}

// Blind implements service.Blind: a route that ends at the topic has no
// subscriber to read from.
func (*Probe) Blind(*service.Canary) string { return unobservable }

// Await implements service.Probe; see Blind.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New(unobservable)
}
