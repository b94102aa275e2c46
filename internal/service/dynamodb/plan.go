package dynamodb

import (
	"strconv"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the table and its stream.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "dynamodb" }

// WriteTarget implements plan.Writable: a producer or an IoT rule puts items
// in the table.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindDynamoDB, Name: s.DynamoDB.Table}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().DynamoDB
	if s == nil {
		return nil
	}
	settings := map[string]string{
		"partitionKey": s.PartitionKey, "sortKey": s.SortKey,
		"billingMode": s.BillingMode, "streamViewType": s.StreamViewType,
	}
	if s.BillingMode == "PROVISIONED" {
		settings["readCapacityUnits"] = strconv.Itoa(s.ReadCapacityUnits)
		settings["writeCapacityUnits"] = strconv.Itoa(s.WriteCapacityUnits)
	}
	if s.PointInTimeRecovery {
		settings["pointInTimeRecovery"] = "true"
	}
	b.Add(&plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: s.Table, Settings: settings})
	return nil
}
