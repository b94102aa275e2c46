package iot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iot"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// PublishAPI publishes to a topic through the IoT data plane
// (publish.go: the SDK's iotdataplane client is not available) and
// returns the HTTP status.
type PublishAPI interface {
	Publish(ctx context.Context, topic string, payload []byte) (int, error)
}

// Probe is the verify probe of IoT Core: it publishes the canary to the
// topic the route's rule selects from, as the generated producer does.
type Probe struct{ c PublishAPI }

// NewProbe returns the probe on c.
func NewProbe(c PublishAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe publishing with cfg's credentials:
// on an emulator the data plane is the emulator itself; on AWS it is the
// account's ATS endpoint, looked up on first publish.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(&Publisher{Endpoint: awsconfig.TargetOf(cfg).Endpoint, Describer: iot.NewFromConfig(cfg), Config: cfg})
}

var (
	_ service.Probe  = (*Probe)(nil)
	_ service.Prover = (*Probe)(nil)
	_ service.Blind  = (*Probe)(nil)
)

// Inject implements service.Probe, and records the publish as a hop.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	topic := c.In(plan.IDTopicRule, "topic")
	if topic == "" {
		return time.Time{}, errors.New("the deployed topic rule records no topic: run `wireup deploy` again")
	}
	start := time.Now()
	code, err := p.c.Publish(ctx, topic, c.Body)
	if err != nil {
		return start, fmt.Errorf("publish canary: %w", err)
	}
	c.Hop("publish → iot", start, fmt.Sprintf("topic %s accepted the canary (HTTP %d)", topic, code))
	return start, nil
}

// Proves implements service.Prover: the data plane's answer proves the
// rule's topic takes the canary, even where no rule action fires. A route
// without a rule (the application publishes, nothing reads) names no
// topic to publish to.
func (*Probe) Proves(c *service.Canary) bool { return c.Has(plan.IDTopicRule) }

// unobservable is why verify cannot see the canary reach a topic.
const unobservable = "wireup cannot subscribe to an MQTT topic, so it has nowhere to read the canary from where the route ends at IoT Core"

// Blind implements service.Blind: a route that ends at a topic leaves the
// canary where only an MQTT subscriber sees it.
func (*Probe) Blind(*service.Canary) string { return unobservable }

// Await implements service.Probe; see Blind.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New(unobservable)
}
