package plancmd

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// planOf runs `wireup plan args...` on a kinesis → firehose → s3 project
// with no AWS credentials anywhere, so the plan uses the placeholder
// account and the output is the same on every machine.
func planOf(t *testing.T, args ...string) string {
	t.Helper()
	return planOfRoute(t, []string{"app-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}, args...)
}

// planOfRoute is planOf on a project of route.
func planOfRoute(t *testing.T, route []string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "WIREUP_TARGET"} {
		t.Setenv(k, "")
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, spec.FileName)
	if err := os.WriteFile(specPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Catalog: func() (*catalog.Catalog, error) { return c, nil }, Getenv: os.Getenv}
	cmd := NewCmdPlan(f, nil)
	cmd.SetArgs(append([]string{"--spec", specPath}, args...))
	cmd.SetOut(errOut)
	cmd.SetErr(errOut)
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("plan: %v\n%s", err, errOut)
	}
	return out.String()
}

// The text plan ends with its costs: the on-demand stream's idle floor,
// the usage-only prices, the free role.
func TestPlanTextGolden(t *testing.T) {
	checkGolden(t, planOf(t, "--policies=false"), filepath.Join("testdata", "kinesis-firehose-s3.txt"))
}

// The QuickSight route's plan: the data source after the workgroup and its
// role, the dataset after the table, and the per-user price in the costs.
func TestPlanTextGoldenQuickSight(t *testing.T) {
	got := planOfRoute(t, []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "firehose-s3-athena-quicksight.txt"))
}

// The Redshift QuickSight route's plan: the data source after the
// workgroup (its endpoint) and the namespace (its admin secret), no
// QuickSight role on a serverless warehouse, the VPC connection the user
// provides in the defaults, and the per-user price in the costs.
func TestPlanTextGoldenRedshiftQuickSight(t *testing.T) {
	got := planOfRoute(t, []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "firehose-s3-redshift-quicksight.txt"))
}

// The Firehose-to-Redshift route's plan: what the user provides is the
// security-group rule only, and running cmd/sql as the admin, which
// creates Firehose's database user with its secret's password; nothing
// asks the user to type a CREATE USER or read the password.
func TestPlanTextGoldenFirehoseRedshift(t *testing.T) {
	got := planOfRoute(t, []string{"app-to-firehose", "firehose-to-redshift"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "app-firehose-redshift.txt"))
	for _, w := range []string{"you provide: Firehose connects to the warehouse's public endpoint", "REDSHIFT_SECRET_ARN=", "go run ./cmd/sql`; it creates the table, creates the user"} {
		if !strings.Contains(got, w) {
			t.Errorf("the plan does not say %q:\n%s", w, got)
		}
	}
	for _, w := range []string{"CREATE USER <", "get-secret-value"} {
		if strings.Contains(got, w) {
			t.Errorf("the plan still asks the user for %q:\n%s", w, got)
		}
	}
}

// checkGolden compares got with the golden file (-update rewrites it).
func checkGolden(t *testing.T, got, golden string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got; -update rewrites it):\n%s", golden, diff)
	}
}

// The Glue job route: the job's per-run DPU-hour price (no idle floor),
// the crawler's, and the state machine's transitions in the costs.
func TestPlanGlueJobGolden(t *testing.T) {
	got := planOfRoute(t, []string{"glue-to-s3"}, "--policies=false")
	golden := filepath.Join("testdata", "glue-s3.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got; -update rewrites it):\n%s", golden, diff)
	}
	for _, w := range []string{"glue.job", "$0.44 per DPU-hour", "states.state-machine", "Idle floor: none"} {
		if !strings.Contains(got, w) {
			t.Errorf("plan has no %q:\n%s", w, got)
		}
	}
}

// The plan of S3 into EMR Serverless: the application, its job role and
// the bucket, and the application's per-run price, which a deploy to AWS
// asks to accept.
func TestPlanEMRGolden(t *testing.T) {
	checkGolden(t, planOfRoute(t, []string{"s3-to-emr"}, "--policies=false"), filepath.Join("testdata", "s3-emr.txt"))
	var js struct {
		Costs struct {
			NeedsAcceptance bool `json:"needsAcceptance"`
			Lines           []struct {
				Resource string `json:"resource"`
				Price    struct {
					Charge string `json:"charge"`
				} `json:"price"`
			} `json:"lines"`
		} `json:"costs"`
	}
	if err := json.Unmarshal([]byte(planOfRoute(t, []string{"s3-to-emr"}, "--json")), &js); err != nil {
		t.Fatal(err)
	}
	perRun := false
	for _, l := range js.Costs.Lines {
		perRun = perRun || l.Resource == "emr-application" && l.Price.Charge == "per-run"
	}
	if !perRun || !js.Costs.NeedsAcceptance {
		t.Errorf("costs = %+v, want the application's per-run line, to be accepted", js.Costs)
	}
}

// --json keeps the plan's fields where they were and adds "costs".
func TestPlanJSONCosts(t *testing.T) {
	var got struct {
		Project   string            `json:"project"`
		Resources []json.RawMessage `json:"resources"`
		Costs     struct {
			IdleMonthlyUSD  float64 `json:"idleMonthlyUSD"`
			NeedsAcceptance bool    `json:"needsAcceptance"`
			Lines           []struct {
				Resource string `json:"resource"`
				Price    struct {
					Charge string `json:"charge"`
					Source string `json:"source"`
					AsOf   string `json:"asOf"`
				} `json:"price"`
			} `json:"lines"`
		} `json:"costs"`
	}
	if err := json.Unmarshal([]byte(planOf(t, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.Project != "demo" || len(got.Resources) == 0 {
		t.Errorf("the plan's own fields moved: project %q, %d resources", got.Project, len(got.Resources))
	}
	if !got.Costs.NeedsAcceptance || got.Costs.IdleMonthlyUSD <= 0 {
		t.Errorf("costs = %+v, want the on-demand stream's idle floor", got.Costs)
	}
	idle := false
	for _, l := range got.Costs.Lines {
		if l.Price.Source == "" || l.Price.AsOf == "" {
			t.Errorf("line %+v has no source or date", l)
		}
		idle = idle || (l.Resource == "stream" && l.Price.Charge == "idle")
	}
	if !idle {
		t.Errorf("no idle line for the stream: %+v", got.Costs.Lines)
	}
}

// A route into SageMaker plans the execution role and the training-job
// resource; its costs are per run (per instance-hour while a job trains),
// with no idle floor: deploy starts no job.
func TestPlanSageMakerGolden(t *testing.T) {
	got := planOfRoute(t, []string{"app-to-s3", "s3-to-sagemaker"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "s3-sagemaker.txt"))
	for _, w := range []string{"sagemaker.training-job", "per-run", "ml.m5.large training instance", "Idle floor: none"} {
		if !strings.Contains(got, w) {
			t.Errorf("the plan does not say %q:\n%s", w, got)
		}
	}
}

// The HTTP endpoint route's plan: the secret and the receiver before the
// delivery stream that posts to the receiver's URL, and the secret's
// monthly idle floor in the costs.
func TestPlanHTTPEndpointGolden(t *testing.T) {
	got := planOfRoute(t, []string{"app-to-firehose", "firehose-to-http-endpoint"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "firehose-http-endpoint.txt"))
	for _, w := range []string{"secretsmanager.secret", "lambda.function-url", "secret-month"} {
		if !strings.Contains(got, w) {
			t.Errorf("the plan does not say %q:\n%s", w, got)
		}
	}
}

// The Splunk route's plan: the HEC token's secret (its value from the
// environment, never in the plan) and the bucket before the delivery
// stream that sends to the collector.
func TestPlanSplunkGolden(t *testing.T) {
	t.Setenv("WIREUP_SPLUNK_HEC_TOKEN", "plan-must-not-show-this-token")
	got := planOfRoute(t, []string{"app-to-firehose", "firehose-to-splunk"}, "--policies=false")
	checkGolden(t, got, filepath.Join("testdata", "firehose-splunk.txt"))
	for _, w := range []string{"secretsmanager.secret", "firehose.delivery-stream", "s3.bucket"} {
		if !strings.Contains(got, w) {
			t.Errorf("the plan does not say %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "plan-must-not-show-this-token") {
		t.Errorf("the plan shows the HEC token:\n%s", got)
	}
}
