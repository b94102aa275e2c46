package quicksight

import (
	"errors"
	"regexp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/secretsmanager"
	"github.com/wireup/wireup/internal/spec"
)

// quickSightIDRe is wireup's rule for data source and dataset ids: AWS
// takes any string unique in the account and Region
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSource.html);
// these stay readable in an ARN and a URL.
var quickSightIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// quickSightNameRe is QuickSight's user, group and namespace name rule
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeUser.html:
// [\u0020-\u00FF]+ for users; groups and namespaces are narrower, checked
// by QuickSight itself).
var quickSightNameRe = regexp.MustCompile(`^[\x{0020}-\x{00FF}]{1,256}$`)

// redshiftUserRe is Redshift's rule for a user name, lowercased
// (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).
var redshiftUserRe = regexp.MustCompile(`^[a-z_][a-z0-9_$]{0,63}$`)

// vpcConnectionRe is a QuickSight VPC connection's ARN
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_VpcConnectionProperties.html).
var vpcConnectionRe = regexp.MustCompile(`^arn:aws[a-z-]*:quicksight:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:vpcConnection/[A-Za-z0-9_-]{1,1000}$`)

// SpecRule checks the spec's quicksight section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	q := v.Spec.QuickSight
	if q == nil {
		return
	}
	id := func(s string) error {
		if !quickSightIDRe.MatchString(s) {
			return errors.New("must be 1-128 letters, digits, '_' and '-' (wireup's rule for ids in QuickSight ARNs and URLs)")
		}
		return nil
	}
	v.Name("quicksight.dataSource", q.DataSource, id)
	warehouse := v.Spec.HasHop(v.Catalog, "redshift", "quicksight")
	hasTable := v.Spec.Glue != nil && v.Spec.Glue.Table != ""
	if warehouse {
		hasTable = v.Spec.Redshift.CreatesTable()
	}
	switch {
	case hasTable:
		v.Name("quicksight.dataSet", q.DataSet, id)
	case q.DataSet != "" && warehouse:
		v.Add("quicksight.dataSet", q.DataSet, "must be empty unless the route has "+spec.HopName(v.Catalog, "s3", "redshift")+", "+spec.HopName(v.Catalog, "firehose", "redshift")+" or "+spec.HopName(v.Catalog, "redshift", "s3")+": the dataset reads the table the project's SQL creates")
	case q.DataSet != "":
		v.Add("quicksight.dataSet", q.DataSet, "must be empty unless the route has "+spec.HopName(v.Catalog, "s3", "athena")+": the dataset reads that hop's Glue table (a crawler's tables exist only after a crawl: make the dataset in the console then)")
	}
	switch {
	case warehouse && !redshiftUserRe.MatchString(q.DatabaseUser):
		v.Add("quicksight.databaseUser", q.DatabaseUser, "must be the Redshift user QuickSight connects as: 1-64 lowercase letters, digits, '_' or '$', a letter or '_' first (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
	case warehouse && v.Spec.Redshift.Firehose() && q.DatabaseUser == v.Spec.Redshift.FirehoseUser:
		v.Add("quicksight.databaseUser", q.DatabaseUser, "must differ from redshift.firehoseUser: QuickSight's user may only read the table, Firehose's only insert into it")
	case warehouse && q.DatabaseUser == v.Spec.Redshift.AdminUser:
		v.Add("quicksight.databaseUser", q.DatabaseUser, "must differ from redshift.adminUser: QuickSight signs in as a read-only user of its own")
	case !warehouse && q.DatabaseUser != "":
		v.Add("quicksight.databaseUser", q.DatabaseUser, "must be empty unless the route has "+spec.HopName(v.Catalog, "redshift", "quicksight"))
	}
	switch {
	case warehouse && !v.Spec.Redshift.Provisioned() && v.Spec.Redshift.Firehose() && q.Secret == v.Spec.Redshift.FirehoseSecret:
		v.Add("quicksight.secret", q.Secret, "must differ from redshift.firehoseSecret: each database user has a secret of its own")
	case warehouse && !v.Spec.Redshift.Provisioned():
		v.Name("quicksight.secret", q.Secret, secretsmanager.SecretName)
	case !warehouse && q.Secret != "":
		v.Add("quicksight.secret", q.Secret, "must be empty unless the route has "+spec.HopName(v.Catalog, "redshift", "quicksight")+": it holds the password of QuickSight's user on a serverless workgroup")
	}
	switch {
	case q.VPCConnection != "" && !warehouse:
		v.Add("quicksight.vpcConnection", q.VPCConnection, "must be empty unless the route has "+spec.HopName(v.Catalog, "redshift", "quicksight")+": QuickSight reaches Athena without one")
	case q.VPCConnection != "" && !vpcConnectionRe.MatchString(q.VPCConnection):
		v.Add("quicksight.vpcConnection", q.VPCConnection, "must be the ARN of a QuickSight VPC connection, arn:PARTITION:quicksight:REGION:ACCOUNT:vpcConnection/ID (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_VpcConnectionProperties.html)")
	}
	v.Name("quicksight.role", q.Role, spec.RoleName)
	switch q.ImportMode {
	case "DIRECT_QUERY", "SPICE":
	default:
		v.Add("quicksight.importMode", q.ImportMode, "must be DIRECT_QUERY (every visual queries Athena) or SPICE (a copy in QuickSight's store, billed per GB) (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSet.html)")
	}
	p := q.Principal
	switch {
	case p.User != "" && p.Group != "":
		v.Add("quicksight.principal", p.User+", "+p.Group, "must name a user or a group, not both")
	case p.User != "" && !quickSightNameRe.MatchString(p.User):
		v.Add("quicksight.principal.user", p.User, "must be a QuickSight user name (Manage QuickSight → Manage users)")
	case p.Group != "" && !quickSightNameRe.MatchString(p.Group):
		v.Add("quicksight.principal.group", p.Group, "must be a QuickSight group name")
	}
	if p.Namespace == "" || !quickSightNameRe.MatchString(p.Namespace) {
		v.Add("quicksight.principal.namespace", p.Namespace, "must be the QuickSight namespace of the principal, usually default")
	}
}

// SpecDefault fills the quicksight section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["quicksight"] {
		// DIRECT_QUERY: SPICE bills capacity for a copy of the table. The
		// principal is the user's own QuickSight user or group, which
		// wireup cannot guess: deploy refuses to start until it is set.
		s.QuickSight = &spec.QuickSight{DataSource: n + "-athena", ImportMode: "DIRECT_QUERY", Role: n + "-quicksight",
			Principal: spec.QuickSightPrincipal{Namespace: "default"}}
		if s.Glue != nil && s.Glue.Table != "" {
			// A dataset over the route's explicit table; a crawler's
			// tables exist only after a crawl, so on those routes the
			// dataset is made in the console once they do.
			s.QuickSight.DataSet = n + "-events"
		}
	}
}

// RedshiftSpecDefault makes QuickSight read the warehouse of a route with
// redshift-to-quicksight, a spec.Default that registry.New runs after
// the redshift section is filled.
func RedshiftSpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if s.QuickSight != nil && s.HasHop(c, "redshift", "quicksight") {
		// QuickSight reads the warehouse as a read-only user of its own:
		// a dataset over the table the project's SQL creates, when the
		// route loads or unloads it; on a serverless workgroup the
		// user's password is in a secret deploy generates.
		q := s.QuickSight
		q.DataSource, q.DataSet, q.DatabaseUser, q.Secret = n+"-redshift", "", "quicksight", n+"-redshift-quicksight"
		if s.Redshift.CreatesTable() {
			q.DataSet = n + "-events"
		}
	}
}
