package quicksight

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the data source, its role and the dataset of the spec's
// quicksight section.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "quicksight" }

// principalSettings are the owner's settings every QuickSight kind reads.
func principalSettings(q *spec.QuickSight, into map[string]string) map[string]string {
	into["principalUser"], into["principalGroup"], into["namespace"] = q.Principal.User, q.Principal.Group, q.Principal.Namespace
	return into
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	q := s.QuickSight
	if q == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDRoleQuickSight, Kind: plan.KindRole, Name: q.Role, Integration: "athena-to-quicksight"})
	ds := b.Add(&plan.Resource{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: q.DataSource, Integration: "athena-to-quicksight",
		Settings: principalSettings(q, map[string]string{"type": "ATHENA"})})
	b.Ref(ds, "workGroup", plan.IDWorkGroup, "name")
	b.Ref(ds, "roleArn", plan.IDRoleQuickSight, "arn")
	if q.DataSet == "" {
		return nil
	}
	set := b.Add(&plan.Resource{ID: plan.IDDataSet, Kind: plan.KindDataSet, Name: q.DataSet, Integration: "athena-to-quicksight",
		Settings: principalSettings(q, map[string]string{"importMode": q.ImportMode, "columns": glue.EventColumns})})
	b.Ref(set, "dataSourceArn", plan.IDDataSource, "arn")
	b.Ref(set, "database", plan.IDGlueDatabase, "name")
	b.Ref(set, "table", plan.IDGlueTable, "name")
	return nil
}

// Wire implements plan.Wirer: QuickSight queries Athena through the data
// source, planned with it.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	return in.From == "athena" && in.To == "quicksight" && b.Resource(plan.IDDataSource) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the role QuickSight assumes for the
// data source.
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.QuickSight == nil {
		return nil
	}
	return b.SetRole(plan.IDRoleQuickSight)(Role(b.IAMEnv(), RoleInputFor(s)))
}
