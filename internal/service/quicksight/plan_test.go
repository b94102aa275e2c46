package quicksight_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/quicksight"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// On a serverless workgroup QuickSight signs in with a secret of its own
// read-only user, which only its secrets role may read, never with the
// admin secret; on a cluster it has a role and no secret. Either way a
// route Firehose loads the table on gets the dataset over it.
func TestRedshiftSignIn(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{spec.RedshiftServerless, spec.RedshiftProvisioned} {
		s, err := registry.New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"})
		if err != nil {
			t.Fatal(err)
		}
		s.Redshift.Mode = mode
		if err := registry.Validate(c, s); err != nil {
			t.Fatal(err)
		}
		p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "111111111111"})
		if err != nil {
			t.Fatal(err)
		}
		ds, sec := p.Resource(plan.IDDataSource), p.Resource(plan.IDQuickSightSecret)
		if set := p.Resource(plan.IDDataSet); set == nil || set.Settings["table"] != "events" {
			t.Errorf("%s: dataset %+v, want one over the events table Firehose loads", mode, set)
		}
		if mode == spec.RedshiftProvisioned {
			if sec != nil || ds.Refs["roleArn"] != plan.IDRoleQuickSight+".arn" || ds.Settings["databaseUser"] != "quicksight" {
				t.Errorf("cluster: secret %+v, data source refs %v settings %v", sec, ds.Refs, ds.Settings)
			}
			continue
		}
		if ds.Refs["secretArn"] != plan.IDQuickSightSecret+".arn" {
			t.Errorf("workgroup: the data source signs in with %q, want its own secret", ds.Refs["secretArn"])
		}
		if sec == nil || sec.Kind != plan.KindSecret || sec.Name != "demo-redshift-quicksight" ||
			sec.Settings["username"] != "quicksight" || sec.Settings["field"] != "password" {
			t.Fatalf("workgroup: secret %+v", sec)
		}
		for k, v := range sec.Settings {
			if k == "password" || strings.Contains(v, "Wx7") {
				t.Errorf("workgroup: the plan holds a password: %s=%q", k, v)
			}
		}
		var doc iam.Document
		if err := json.Unmarshal(sec.Policy, &doc); err != nil {
			t.Fatal(err)
		}
		st := doc.Statement
		if len(st) != 1 || st[0].Principal == nil || len(st[0].Principal.AWS) != 1 ||
			st[0].Principal.AWS[0] != "arn:aws:iam::111111111111:root" ||
			strings.Join(st[0].Condition["ArnLike"]["aws:PrincipalArn"], ",") != "arn:aws:iam::111111111111:role/*/"+quicksight.SecretsRoleName+",arn:aws:iam::111111111111:role/"+quicksight.SecretsRoleName ||
			strings.Join(st[0].Action, ",") != "secretsmanager:GetSecretValue" ||
			strings.Join(st[0].Resource, ",") != "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo-redshift-quicksight-??????" {
			t.Errorf("workgroup: secret policy %s", sec.Policy)
		}
	}
}
