package emr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

func canary(in map[string]string) (*service.Canary, *[]string) {
	var hops []string
	c := &service.Canary{ID: "wireup-canary-1", Route: []string{"s3-to-emr"}, Target: targets.AWS, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDEMRApplication: {Inputs: in, Outputs: map[string]string{"id": "00fapp"}}},
		OnHop:     func(path string, _ time.Duration, detail string) { hops = append(hops, path+": "+detail) }}
	return c, &hops
}

var sparkIn = map[string]string{"type": "SPARK", "bucket": "b", "prefix": "emr/", "inputPrefix": "incoming/", "jobTimeoutMinutes": "30",
	"jobRoleArn": "arn:aws:iam::123456789012:role/demo-emr-job"}

func probe(f *fakeEMR, objects map[string]string) *Probe {
	p := NewProbe(f, &fakeS3{objects: objects})
	p.Poll = time.Millisecond
	return p
}

// The hop is proven by the Parquet bytes under the run's own prefix, not
// by the run's state: SUCCESS with nothing written (moto) is a failure.
func TestProbeChecksTheParquetNotTheState(t *testing.T) {
	c, hops := canary(sparkIn)
	out := "emr/out/verify-wireup-canary-1/"
	f := &fakeEMR{runStates: []types.JobRunState{types.JobRunStatePending, types.JobRunStateRunning, types.JobRunStateSuccess}}
	err := probe(f, map[string]string{"emr/jobs/job.py": "print()", out + "_SUCCESS": ""}).Await(context.Background(), c, "s3", time.Now())
	if err == nil || !strings.Contains(err.Error(), "wrote no Parquet") || !strings.Contains(err.Error(), "SPARK_DRIVER") {
		t.Fatalf("err = %v, want no Parquet and where the driver logs are", err)
	}

	f = &fakeEMR{runStates: []types.JobRunState{types.JobRunStateScheduled, types.JobRunStateRunning, types.JobRunStateSuccess}}
	objects := map[string]string{"emr/jobs/job.py": "print()", out + "_SUCCESS": "", out + "part-00000.snappy.parquet": "PAR1 row groups... PAR1"}
	if err := probe(f, objects).Await(context.Background(), c, "s3", time.Now()); err != nil {
		t.Fatal(err)
	}
	if len(*hops) != 1 || !strings.Contains((*hops)[0], "wrote 1 Parquet objects under s3://b/"+out) {
		t.Errorf("hops %v", *hops)
	}
	in := f.started[0]
	d := in.JobDriver.(*types.JobDriverMemberSparkSubmit).Value
	if aws.ToString(d.EntryPoint) != "s3://b/emr/jobs/job.py" || strings.Join(d.EntryPointArguments, " ") != "--output s3://b/"+out+" --input s3://b/incoming/" {
		t.Errorf("driver %s %v", aws.ToString(d.EntryPoint), d.EntryPointArguments)
	}
	if aws.ToString(in.ExecutionRoleArn) != sparkIn["jobRoleArn"] || aws.ToString(in.ApplicationId) != "00fapp" || aws.ToString(in.ClientToken) != c.ID {
		t.Errorf("start %+v", in)
	}
	if lu := aws.ToString(in.ConfigurationOverrides.MonitoringConfiguration.S3MonitoringConfiguration.LogUri); lu != "s3://b/emr/logs/" {
		t.Errorf("log URI %s", lu)
	}

	objects[out+"part-00001.parquet"] = "{\"not\":\"parquet\"}"
	if err := probe(&fakeEMR{runStates: []types.JobRunState{types.JobRunStateSuccess}}, objects).Await(context.Background(), c, "s3", time.Now()); err == nil || !strings.Contains(err.Error(), "is not Parquet") {
		t.Errorf("err = %v, want the object that is not Parquet named", err)
	}
}

func TestProbeNeedsTheUploadedScript(t *testing.T) {
	c, _ := canary(sparkIn)
	f := &fakeEMR{runStates: []types.JobRunState{types.JobRunStateSuccess}}
	err := probe(f, map[string]string{}).Await(context.Background(), c, "s3", time.Now())
	if err == nil || !strings.Contains(err.Error(), "go run ./cmd/job") || len(f.started) != 0 {
		t.Fatalf("err = %v, started %d: want no run and the command that uploads the script", err, len(f.started))
	}
	// In the project's directory, verify uploads the project's script as
	// cmd/job would.
	c.ProjectDir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(c.ProjectDir, "internal", "job"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.ProjectDir, "internal", "job", "job.py"), []byte("import argparse\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	objects := map[string]string{"emr/out/verify-wireup-canary-1/part-0.parquet": "PAR1........PAR1"}
	if err := probe(f, objects).Await(context.Background(), c, "s3", time.Now()); err != nil {
		t.Fatal(err)
	}
	if objects["emr/jobs/job.py"] != "import argparse\n" || len(f.started) != 1 {
		t.Errorf("uploaded %q, started %d runs", objects["emr/jobs/job.py"], len(f.started))
	}
}

// The Hive job of a route from DynamoDB scans the table and writes under
// the run's prefix, Hive's scratch space in the project's prefix.
func TestProbeHiveRun(t *testing.T) {
	in := map[string]string{"type": "HIVE", "bucket": "b", "prefix": "emr/", "dynamodbTable": "demo-table", "jobTimeoutMinutes": "30", "jobRoleArn": "arn:aws:iam::1:role/r"}
	c, _ := canary(in)
	out := "emr/out/verify-wireup-canary-1/"
	f := &fakeEMR{runStates: []types.JobRunState{types.JobRunStateSuccess}}
	if err := probe(f, map[string]string{"emr/jobs/job.hql": "SELECT 1;", out + "000000_0": "PAR1xxxxxxxxPAR1"}).Await(context.Background(), c, "dynamodb", time.Now()); err != nil {
		t.Fatal(err)
	}
	h := f.started[0].JobDriver.(*types.JobDriverMemberHive).Value
	params := aws.ToString(h.Parameters)
	for _, want := range []string{"--hivevar ddb_table=demo-table", "--hivevar output=s3://b/" + out, "hive.exec.scratchdir=s3://b/emr/hive/scratch"} {
		if !strings.Contains(params, want) {
			t.Errorf("parameters %q lack %q", params, want)
		}
	}
	if aws.ToString(h.Query) != "s3://b/emr/jobs/job.hql" {
		t.Errorf("query %s", aws.ToString(h.Query))
	}
}

// A run that never ends is cancelled when verify gives up.
func TestProbeCancelsARunPastItsTimeout(t *testing.T) {
	in := map[string]string{}
	for k, v := range sparkIn {
		in[k] = v
	}
	in["jobTimeoutMinutes"] = "-5" // the wait is the timeout plus five minutes: none
	c, _ := canary(in)
	f := &fakeEMR{runStates: []types.JobRunState{types.JobRunStateRunning}}
	f.add("demo", types.ApplicationStateStarted, nil)
	f.apps[0].app.ApplicationId = aws.String("00fapp")
	f.apps[0].runs = []types.JobRunSummary{{Id: aws.String("00frun1"), State: types.JobRunStateRunning}}
	err := probe(f, map[string]string{"emr/jobs/job.py": "x"}).Await(context.Background(), c, "s3", time.Now())
	if err == nil || !strings.Contains(err.Error(), "still RUNNING") || !strings.Contains(strings.Join(f.calls, ","), "cancel 00frun1") {
		t.Fatalf("err = %v, calls %v: want the run cancelled", err, f.calls)
	}
}

func TestProbeBlind(t *testing.T) {
	for _, tt := range []struct {
		in   map[string]string
		want string
	}{
		{sparkIn, ""},
		{map[string]string{"inputPrefix": "data/", "database": "db", "table": "crawled_data"}, "go run ./cmd/crawl"},
		{map[string]string{"inputPrefix": "", "dynamodbTable": ""}, "nothing to read"},
		{map[string]string{"dynamodbTable": "t"}, ""},
	} {
		c, _ := canary(tt.in)
		if got := (&Probe{}).Blind(c); tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("Blind(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A job timeout that does not parse is an error before any run is
// started, not a run waited on for 0 minutes.
func TestProbeUnparsableTimeoutIsAnError(t *testing.T) {
	in := map[string]string{}
	for k, v := range sparkIn {
		in[k] = v
	}
	in["jobTimeoutMinutes"] = "30m"
	c, _ := canary(in)
	f := &fakeEMR{}
	err := probe(f, map[string]string{"emr/jobs/job.py": "x"}).Await(context.Background(), c, "s3", time.Now())
	if err == nil || !strings.Contains(err.Error(), `setting jobTimeoutMinutes = "30m"`) || len(f.started) != 0 {
		t.Fatalf("err = %v, started %d: want the setting named and no run", err, len(f.started))
	}
}
