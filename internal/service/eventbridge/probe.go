package eventbridge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the EventBridge client the verify probe uses.
type ProbeAPI interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// Probe is the verify probe of the route's rule: it puts the canary on the
// rule's event bus with the source and detail-type the producer uses, so
// the rule's pattern matches it. An event bus is never a sink verify reads:
// what arrives there goes on to the rule's target.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(eventbridge.NewFromConfig(cfg)) }

var _ service.Probe = (*Probe)(nil)

// Inject implements service.Probe: PutEvents answers 200 even when it
// refuses the event, so a failed entry is an error too
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html).
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	out, err := p.c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		EventBusName: aws.String(c.In(plan.IDRule, "eventBus")),
		Source:       aws.String(c.In(plan.IDRule, "source")),
		DetailType:   aws.String(c.In(plan.IDRule, "detailType")),
		Detail:       aws.String(string(bytes.TrimSpace(c.Body))),
	}}})
	if err != nil {
		return start, fmt.Errorf("put canary event: %w", err)
	}
	if out.FailedEntryCount > 0 {
		for _, e := range out.Entries {
			if e.ErrorCode != nil {
				return start, fmt.Errorf("put canary event: refused: %s: %s", aws.ToString(e.ErrorCode), aws.ToString(e.ErrorMessage))
			}
		}
		return start, errors.New("put canary event: refused without a reason")
	}
	return start, nil
}

// Await implements service.Probe: it cannot.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New("wireup reads no event bus: the rule sends what arrives there on to its target")
}
