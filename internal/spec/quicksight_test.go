package spec

import (
	"strings"
	"testing"
)

// The quicksight section's defaults and rules: a dataset only over
// s3-to-athena's table, DIRECT_QUERY by default, one principal, and no
// default principal (deploy asks for it).
func TestQuickSightSection(t *testing.T) {
	c := loadCatalog(t)
	table, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	q := table.QuickSight
	if q.DataSet != "demo-events" || q.DataSource != "demo-athena" || q.ImportMode != "DIRECT_QUERY" || q.Role != "demo-quicksight" ||
		q.Principal != (QuickSightPrincipal{Namespace: "default"}) {
		t.Errorf("defaults %+v", q)
	}
	crawled, err := New(c, "demo", "us-east-1", []string{"app-to-s3", "s3-to-glue", "glue-to-athena", "athena-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if crawled.QuickSight.DataSet != "" {
		t.Errorf("a crawler route got dataset %q before any crawl", crawled.QuickSight.DataSet)
	}
	for _, tt := range []struct {
		name string
		s    *Spec
		edit func(*QuickSight)
		want string
	}{
		{"both principals", table, func(q *QuickSight) { q.Principal.User, q.Principal.Group = "jane", "bi" }, "a user or a group, not both"},
		{"SPICE typo", table, func(q *QuickSight) { q.ImportMode = "SPICEY" }, "quicksight.importMode"},
		{"no namespace", table, func(q *QuickSight) { q.Principal.Namespace = "" }, "quicksight.principal.namespace"},
		{"bad id", table, func(q *QuickSight) { q.DataSource = "has space" }, "quicksight.dataSource"},
		{"no dataset id", table, func(q *QuickSight) { q.DataSet = "" }, "quicksight.dataSet"},
		{"dataset without a table", crawled, func(q *QuickSight) { q.DataSet = "demo-events" }, "must be empty unless the route has s3-to-athena"},
		{"bad role", table, func(q *QuickSight) { q.Role = "role/x" }, "quicksight.role"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := *tt.s
			qs := *s.QuickSight
			tt.edit(&qs)
			s.QuickSight = &qs
			err := Validate(c, &s, testRules...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want an error naming %q", err, tt.want)
			}
		})
	}
	ok := *table
	qs := *ok.QuickSight
	qs.Principal.Group = "analysts"
	ok.QuickSight = &qs
	if err := Validate(c, &ok, testRules...); err != nil {
		t.Errorf("Validate with a group principal: %v", err)
	}
}

// Over Redshift: a data source of its own name, a dataset over the table
// the SQL creates (none when the route creates no table), the database
// user QuickSight signs in to a cluster as, and a VPC connection only as
// a QuickSight VPC connection's ARN, only on a Redshift route.
func TestQuickSightOverRedshift(t *testing.T) {
	c := loadCatalog(t)
	w, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if q := w.QuickSight; q.DataSource != "demo-redshift" || q.DataSet != "demo-events" || q.DatabaseUser != "quicksight" || q.Secret != "demo-redshift-quicksight" || q.VPCConnection != "" {
		t.Errorf("defaults %+v", q)
	}
	// Firehose's COPY loads the table cmd/sql creates, so QuickSight
	// gets a dataset over it too.
	fh, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if q := fh.QuickSight; q.DataSet != "demo-events" || q.DatabaseUser != "quicksight" || q.Secret != "demo-redshift-quicksight" {
		t.Errorf("firehose-to-redshift route: quicksight %+v, want dataset demo-events over the table Firehose loads", q)
	}
	alone, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift-spectrum", "redshift-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if alone.QuickSight.DataSet != "" {
		t.Errorf("a route that creates no table got dataset %q", alone.QuickSight.DataSet)
	}
	athena, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	prov := *w
	r := *w.Redshift
	r.Mode = RedshiftProvisioned
	prov.Redshift = &r
	const vpc = "arn:aws:quicksight:us-east-1:123456789012:vpcConnection/demo-vpc"
	for _, tt := range []struct {
		name string
		s    *Spec
		edit func(*QuickSight)
		want string
	}{
		{"dataset without a table", alone, func(q *QuickSight) { q.DataSet = "demo-events" }, "must be empty unless the route has s3-to-redshift"},
		{"no database user on a cluster", &prov, func(q *QuickSight) { q.DatabaseUser = "" }, "quicksight.databaseUser"},
		{"no database user on a workgroup", w, func(q *QuickSight) { q.DatabaseUser = "" }, "quicksight.databaseUser"},
		{"database user is the admin", w, func(q *QuickSight) { q.DatabaseUser = "admin" }, "must differ from redshift.adminUser"},
		{"database user is Firehose's", fh, func(q *QuickSight) { q.DatabaseUser = "firehose" }, "must differ from redshift.firehoseUser"},
		{"no secret on a workgroup", w, func(q *QuickSight) { q.Secret = "" }, "quicksight.secret"},
		{"secret is Firehose's", fh, func(q *QuickSight) { q.Secret = "demo-redshift-firehose" }, "must differ from redshift.firehoseSecret"},
		{"secret on Athena", athena, func(q *QuickSight) { q.Secret = "demo-qs" }, "quicksight.secret"},
		{"database user uppercase", &prov, func(q *QuickSight) { q.DatabaseUser = "QuickSight" }, "quicksight.databaseUser"},
		{"database user on Athena", athena, func(q *QuickSight) { q.DatabaseUser = "quicksight" }, "quicksight.databaseUser"},
		{"VPC connection not an ARN", w, func(q *QuickSight) { q.VPCConnection = "demo-vpc" }, "quicksight.vpcConnection"},
		{"VPC connection on Athena", athena, func(q *QuickSight) { q.VPCConnection = vpc }, "must be empty unless the route has redshift-to-quicksight"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := *tt.s
			qs := *s.QuickSight
			tt.edit(&qs)
			s.QuickSight = &qs
			if err := Validate(c, &s, testRules...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want an error naming %q", err, tt.want)
			}
		})
	}
	ok := prov
	qs := *ok.QuickSight
	qs.VPCConnection = vpc
	ok.QuickSight = &qs
	if err := Validate(c, &ok, testRules...); err != nil {
		t.Errorf("Validate with a VPC connection on a cluster: %v", err)
	}
}
