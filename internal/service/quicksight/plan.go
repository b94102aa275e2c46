package quicksight

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the data source, its role and the dataset of the spec's
// quicksight section, over Athena or over the Redshift warehouse.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "quicksight" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	if s.QuickSight == nil {
		return nil
	}
	if s.Redshift != nil && s.Has(redshiftHop) {
		return redshiftResources(b, s)
	}
	q := s.QuickSight
	b.Add(&plan.Resource{ID: plan.IDRoleQuickSight, Kind: plan.KindRole, Name: q.Role, Integration: athenaHop})
	ds := b.Add(&plan.Resource{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: q.DataSource, Integration: athenaHop,
		Settings: account.PrincipalSettings(q, map[string]string{"type": "ATHENA"})})
	b.Ref(ds, "workGroup", plan.IDWorkGroup, "name")
	b.Ref(ds, "roleArn", plan.IDRoleQuickSight, "arn")
	if q.DataSet == "" {
		return nil
	}
	set := b.Add(&plan.Resource{ID: plan.IDDataSet, Kind: plan.KindDataSet, Name: q.DataSet, Integration: athenaHop,
		Settings: account.PrincipalSettings(q, map[string]string{"importMode": q.ImportMode, "columns": glue.EventColumns})})
	b.Ref(set, "dataSourceArn", plan.IDDataSource, "arn")
	b.Ref(set, "database", plan.IDGlueDatabase, "name")
	b.Ref(set, "table", plan.IDGlueTable, "name")
	return nil
}

// The hops the planner wires.
const (
	athenaHop   = "athena-to-quicksight"
	redshiftHop = "redshift-to-quicksight"
)

// redshiftSchema is the schema the project's SQL creates its table in:
// Redshift's default search path
// (https://docs.aws.amazon.com/redshift/latest/dg/r_search_path.html).
const redshiftSchema = "public"

// redshiftResources plans a REDSHIFT data source: on a provisioned
// cluster QuickSight signs in with temporary IAM credentials as the
// role the plan passes it (RedshiftIAMParameters); on a serverless
// workgroup, which RedshiftIAMParameters does not document, with a
// secret of its own read-only database user (DataSourceCredentials.
// SecretArn), whose password deploy generates into the secret and never
// records, and which only QuickSight's secrets role may read
// (SecretPolicy). The project's SQL creates that user and grants it
// SELECT on the table (redshift.Steps).
func redshiftResources(b *plan.Builder, s *spec.Spec) error {
	q, r := s.QuickSight, s.Redshift
	settings := account.PrincipalSettings(q, map[string]string{"type": "REDSHIFT", "database": r.Database, "vpcConnectionArn": q.VPCConnection})
	var ds *plan.Resource
	if r.Provisioned() {
		b.Add(&plan.Resource{ID: plan.IDRoleQuickSight, Kind: plan.KindRole, Name: q.Role, Integration: redshiftHop})
		settings["databaseUser"] = q.DatabaseUser
		ds = b.Add(&plan.Resource{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: q.DataSource, Integration: redshiftHop, Settings: settings})
		b.Ref(ds, "clusterId", plan.IDCluster, "name")
		b.Ref(ds, "roleArn", plan.IDRoleQuickSight, "arn")
	} else {
		b.Add(&plan.Resource{ID: plan.IDQuickSightSecret, Kind: plan.KindSecret, Name: q.Secret, Integration: redshiftHop, Settings: map[string]string{
			"field": "password", "username": q.DatabaseUser,
			"description": "Redshift user " + q.DatabaseUser + " QuickSight reads workgroup " + r.Workgroup + " as, for wireup project " + s.Name,
		}})
		rp, err := SecretPolicy(b.IAMEnv(), q.Secret)
		if err := b.SetResourcePolicy(plan.IDQuickSightSecret, rp, err); err != nil {
			return err
		}
		ds = b.Add(&plan.Resource{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: q.DataSource, Integration: redshiftHop, Settings: settings})
		b.Ref(ds, "host", plan.IDServerlessWorkgroup, "endpoint")
		b.Ref(ds, "port", plan.IDServerlessWorkgroup, "port")
		b.Ref(ds, "secretArn", plan.IDQuickSightSecret, "arn")
	}
	if q.DataSet == "" {
		return nil
	}
	set := b.Add(&plan.Resource{ID: plan.IDDataSet, Kind: plan.KindDataSet, Name: q.DataSet, Integration: redshiftHop,
		Settings: account.PrincipalSettings(q, map[string]string{"importMode": q.ImportMode, "columns": glue.EventColumns,
			"engine": "REDSHIFT", "database": redshiftSchema, "table": r.Table})})
	b.Ref(set, "dataSourceArn", plan.IDDataSource, "arn")
	return nil
}

// Wire implements plan.Wirer: QuickSight queries Athena or the warehouse
// through the data source, planned with it.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	return (in.From == "athena" || in.From == "redshift") && in.To == "quicksight" && b.Resource(plan.IDDataSource) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the role QuickSight assumes for the
// data source (none for a serverless warehouse, reached with a secret).
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.QuickSight == nil {
		return nil
	}
	if s.Redshift != nil && s.Has(redshiftHop) {
		if !s.Redshift.Provisioned() {
			return nil
		}
		return b.SetRole(plan.IDRoleQuickSight)(RedshiftRole(b.IAMEnv(), RedshiftRoleInputFor(s)))
	}
	return b.SetRole(plan.IDRoleQuickSight)(Role(b.IAMEnv(), RoleInputFor(s)))
}
