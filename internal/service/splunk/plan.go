package splunk

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the secret holding the user's HEC token. The delivery
// stream's Splunk destination is the firehose package's wiring.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return Service }

// Resources implements plan.Planner: the token's secret, whose value
// deploy reads from spec.SplunkTokenEnv (checked before anything is
// created, secretsmanager.Secret.Precheck).
func (Planner) Resources(b *plan.Builder) error {
	sp := b.Spec().Splunk
	if sp == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDSplunkSecret, Kind: plan.KindSecret, Name: sp.Secret, Settings: map[string]string{
		"field": SecretField, "description": "Splunk HEC token of wireup project " + b.Spec().Name,
		"valueEnv": spec.SplunkTokenEnv, "valueWhat": "the token of your Splunk HTTP Event Collector, with indexer acknowledgment on,",
	}})
	return nil
}

// Wire implements plan.Wirer: Splunk makes no wiring call of its own.
func (Planner) Wire(*plan.Builder, *catalog.Integration) (bool, error) { return false, nil }
