package dynamodb

import "github.com/wireup/wireup/internal/plan"

// Planner plans the table and its stream.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "dynamodb" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().DynamoDB
	if s == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: s.Table, Settings: map[string]string{
		"partitionKey": s.PartitionKey, "sortKey": s.SortKey,
		"billingMode": s.BillingMode, "streamViewType": s.StreamViewType,
	}})
	return nil
}
