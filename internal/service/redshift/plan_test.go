package redshift_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// updating reports the package's -update flag (iam_test.go defines it).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// planCase is one route's plan, in a mode.
type planCase struct {
	name        string
	route       []string
	provisioned bool
}

var planCases = []planCase{
	{"plan-copy-serverless", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, false},
	{"plan-copy-provisioned", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, true},
	{"plan-spectrum", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift-spectrum"}, false},
	{"plan-glue-unload", []string{"dynamodb-to-glue", "glue-to-redshift", "redshift-to-s3"}, false},
	// A warehouse the route only reads: no role; QuickSight's data source
	// on the cluster, with a role of its own.
	{"plan-quicksight-provisioned", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}, true},
	{"plan-read-only", []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"}, true},
	// On a workgroup QuickSight signs in with a secret of its own user.
	{"plan-quicksight-serverless", []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"}, false},
	{"plan-firehose-serverless", []string{"app-to-firehose", "firehose-to-redshift"}, false},
	{"plan-firehose-provisioned", []string{"app-to-firehose", "firehose-to-redshift"}, true},
}

func planOf(t *testing.T, pc planCase) (*plan.Plan, *spec.Spec) {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", pc.route)
	if err != nil {
		t.Fatal(err)
	}
	if pc.provisioned {
		s.Redshift.Mode = spec.RedshiftProvisioned
		if err := registry.Validate(c, s); err != nil {
			t.Fatal(err)
		}
	}
	p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

// TestPlanGolden compares each route's plan and costs with
// testdata/CASE.txt. Run `go test ./internal/service/redshift -run
// TestPlanGolden -update` to accept new output.
func TestPlanGolden(t *testing.T) {
	for _, pc := range planCases {
		t.Run(pc.name, func(t *testing.T) {
			p, _ := planOf(t, pc)
			var b bytes.Buffer
			if err := p.WriteText(&b, false); err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n")
			if err := cost.Estimate(p).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", pc.name+".txt")
			if updating() {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), b.String()); d != "" {
				t.Errorf("%s (-want +got):\n%s", golden, d)
			}
		})
	}
}

// The provisioned cluster is an idle cost the deploy gate must show; the
// serverless workgroup bills per run, and its usage limit caps it. Either
// way a deploy to AWS needs --accept-cost.
func TestPlanCostsGate(t *testing.T) {
	for _, pc := range planCases[:2] {
		p, _ := planOf(t, pc)
		c := cost.Estimate(p)
		if !c.NeedsAcceptance {
			t.Errorf("%s: a Redshift warehouse does not need --accept-cost", pc.name)
		}
		var b bytes.Buffer
		if err := c.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		switch {
		case pc.provisioned && !strings.Contains(out, "redshift.cluster") || pc.provisioned && c.IdleMonthlyUSD < 180:
			t.Errorf("%s: want the cluster's ≈ $182.50/month idle floor:\n%s", pc.name, out)
		case !pc.provisioned && (!strings.Contains(out, "redshift-serverless.workgroup") || strings.Contains(out, "unknown")):
			t.Errorf("%s: want the workgroup's per-run price:\n%s", pc.name, out)
		}
	}
}

// The serverless plan's usage limit depends on the workgroup, and the
// workgroup on the namespace, which depends on its role: destroy deletes
// them in the reverse order, the role last.
func TestPlanOrder(t *testing.T) {
	p, _ := planOf(t, planCases[0])
	deps := map[string][]string{}
	for _, r := range p.Resources {
		deps[r.ID] = r.DependsOn
	}
	for id, on := range map[string]string{plan.IDUsageLimit: plan.IDServerlessWorkgroup, plan.IDServerlessWorkgroup: plan.IDNamespace, plan.IDNamespace: plan.IDRoleRedshift} {
		if !strings.Contains(strings.Join(deps[id], ","), on) {
			t.Errorf("%s depends on %v, want %s", id, deps[id], on)
		}
	}
}

// The plan wires the stream to the cluster or the workgroup, whichever
// the mode deploys, and makes only that warehouse publicly accessible.
func TestRedshiftWiring(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{spec.RedshiftServerless, spec.RedshiftProvisioned} {
		s, err := registry.New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-redshift"})
		if err != nil {
			t.Fatal(err)
		}
		s.Redshift.Mode = mode
		p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "111111111111"})
		if err != nil {
			t.Fatal(err)
		}
		wh := plan.IDServerlessWorkgroup
		if mode == spec.RedshiftProvisioned {
			wh = plan.IDCluster
		}
		ds := p.Resource(plan.IDDeliveryStream)
		if ds.Refs["endpoint"] != wh+".endpoint" || ds.Refs["secretArn"] != plan.IDRedshiftFirehoseSecret+".arn" || ds.Refs["bucketArn"] != plan.IDStagingBucket+".arn" {
			t.Errorf("%s: refs %v", mode, ds.Refs)
		}
		if p.Resource(wh).Settings["publiclyAccessible"] != "true" {
			t.Errorf("%s: the warehouse is not publicly accessible", mode)
		}
		if p.Resource(plan.IDRoleRedshift) != nil {
			t.Errorf("%s: a warehouse role nothing uses", mode)
		}
	}
}
