package kinesis

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the data stream.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "kinesis" }

// WriteTarget implements plan.Writable: a producer or an IoT rule puts
// records on the stream.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().Kinesis
	if s == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDStream, Kind: plan.KindStream, Name: s.Stream, Settings: map[string]string{
		"mode": s.Mode, "shards": plan.ItoA(s.Shards), "retentionHours": plan.ItoA(s.RetentionHours),
		"encryption": plan.BoolString(s.Encryption),
	}})
	return nil
}
