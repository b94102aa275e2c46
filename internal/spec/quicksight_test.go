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
	table, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"})
	if err != nil {
		t.Fatal(err)
	}
	q := table.QuickSight
	if q.DataSet != "demo-events" || q.DataSource != "demo-athena" || q.ImportMode != "DIRECT_QUERY" || q.Role != "demo-quicksight" ||
		q.Principal != (QuickSightPrincipal{Namespace: "default"}) {
		t.Errorf("defaults %+v", q)
	}
	crawled, err := New(c, "demo", "us-east-1", []string{"app-to-s3", "s3-to-glue", "glue-to-athena", "athena-to-quicksight"})
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
			err := Validate(c, &s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want an error naming %q", err, tt.want)
			}
		})
	}
	ok := *table
	qs := *ok.QuickSight
	qs.Principal.Group = "analysts"
	ok.QuickSight = &qs
	if err := Validate(c, &ok); err != nil {
		t.Errorf("Validate with a group principal: %v", err)
	}
}
