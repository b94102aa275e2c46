package athena

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// probeAthena answers every query at once; the canary's row appears from
// query number foundAt on.
type probeAthena struct {
	ProbeAPI
	queries []string
	params  [][]string
	foundAt int
}

func (f *probeAthena) StartQueryExecution(_ context.Context, in *athena.StartQueryExecutionInput, _ ...func(*athena.Options)) (*athena.StartQueryExecutionOutput, error) {
	f.queries, f.params = append(f.queries, aws.ToString(in.QueryString)), append(f.params, in.ExecutionParameters)
	return &athena.StartQueryExecutionOutput{QueryExecutionId: aws.String("q")}, nil
}

func (f *probeAthena) GetQueryExecution(context.Context, *athena.GetQueryExecutionInput, ...func(*athena.Options)) (*athena.GetQueryExecutionOutput, error) {
	return &athena.GetQueryExecutionOutput{QueryExecution: &athenatypes.QueryExecution{Status: &athenatypes.QueryExecutionStatus{State: athenatypes.QueryExecutionStateSucceeded},
		Statistics: &athenatypes.QueryExecutionStatistics{DataScannedInBytes: aws.Int64(10485760)}}}, nil
}

func (f *probeAthena) GetQueryResults(context.Context, *athena.GetQueryResultsInput, ...func(*athena.Options)) (*athena.GetQueryResultsOutput, error) {
	rows := []athenatypes.Row{{Data: []athenatypes.Datum{{VarCharValue: aws.String("id")}}}}
	if len(f.queries) >= f.foundAt {
		rows = append(rows, athenatypes.Row{Data: []athenatypes.Datum{{VarCharValue: aws.String("wireup-canary-1")}}})
	}
	return &athena.GetQueryResultsOutput{ResultSet: &athenatypes.ResultSet{Rows: rows}}, nil
}

func canary(table bool) *service.Canary {
	c := &service.Canary{ID: "wireup-canary-1", Route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, Timeout: time.Second, Target: targets.AWS,
		Resources: map[string]*service.Record{plan.IDWorkGroup: {Outputs: map[string]string{"name": "demo"}},
			plan.IDDeliveryStream: {Inputs: map[string]string{"bufferIntervalSeconds": "0"}}}}
	if table {
		c.Resources[plan.IDGlueTable] = &service.Record{Inputs: map[string]string{"partitionKey": "datehour"},
			Outputs: map[string]string{"database": "demo_db", "name": "events"}}
	}
	return c
}

// The probe queries the table for the canary, within the hours since it
// was sent, until a query finds it, and records the hop.
func TestProbeAwait(t *testing.T) {
	f := &probeAthena{foundAt: 3}
	p := NewProbe(f)
	p.Poll = time.Millisecond
	c := canary(true)
	var hops []string
	c.OnHop = func(path string, _ time.Duration, detail string) { hops = append(hops, path+": "+detail) }
	start := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	if err := p.Await(context.Background(), c, "s3", start); err != nil {
		t.Fatal(err)
	}
	want := `SELECT "id" FROM "demo_db"."events" WHERE "id" = ? AND "datehour" >= '2026/12/01/09'`
	if len(f.queries) != 3 || f.queries[0] != want || f.params[0][0] != "'wireup-canary-1'" {
		t.Errorf("queries %q, params %v", f.queries, f.params)
	}
	if len(hops) != 1 || !strings.Contains(hops[0], "found the canary in demo_db.events") {
		t.Errorf("hops = %v", hops)
	}
}

// A query that never finds the canary fails once the wait is over.
func TestProbeAwaitTimeout(t *testing.T) {
	p := NewProbe(&probeAthena{foundAt: 1 << 30})
	p.Poll = time.Millisecond
	c := canary(true)
	c.Target, c.Timeout = targets.Moto, 20*time.Millisecond
	if err := p.Await(context.Background(), c, "s3", time.Now()); err == nil || !strings.Contains(err.Error(), "no query") {
		t.Errorf("err = %v", err)
	}
}

// A crawler route has no table until a crawl: verify is blind there. The
// canary's time is in the layout the table parses.
func TestProbeBlindAndFields(t *testing.T) {
	p := NewProbe(nil)
	if p.Blind(canary(true)) != "" || !strings.Contains(p.Blind(canary(false)), "cmd/crawl") {
		t.Errorf("Blind = %q / %q", p.Blind(canary(true)), p.Blind(canary(false)))
	}
	tm, _ := p.Fields(nil)["time"].(string)
	if _, err := time.Parse(TimeLayout, tm); err != nil || len(tm) != len("2026-12-01T10:00:00.000Z") {
		t.Errorf("time %q: %v", tm, err)
	}
}

// fakeLakecheck writes a program that records its arguments and
// environment's endpoint in args, prints out, and exits with code.
func fakeLakecheck(t *testing.T, out, errOut string, code int) (bin, args string) {
	t.Helper()
	dir := t.TempDir()
	bin, args = filepath.Join(dir, "lakecheck"), filepath.Join(dir, "args")
	script := fmt.Sprintf("#!/bin/sh\necho \"$@\" \"endpoint=$AWS_ENDPOINT_URL\" > %q\nprintf %%b %q\nprintf %%b %q >&2\nexit %d\n", args, out, errOut, code)
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, args
}

// The stand-in check runs lakecheck over the route's table on the probe's
// target, and reports what it says: passed with what it proves, failed
// with its error, skipped (and how to install it) where it is missing.
// Only a route a delivery stream writes the table's data on has it.
func TestProbeStandInCheck(t *testing.T) {
	p := NewProbe(nil)
	c := canary(true)
	if got := p.StandIn(c); got != "s3" {
		t.Errorf("StandIn = %q, want s3", got)
	}
	if got := p.StandIn(canary(false)); got != "" {
		t.Errorf("StandIn without a table = %q", got)
	}
	direct := canary(true)
	direct.Route = []string{"s3-to-athena"}
	delete(direct.Resources, plan.IDDeliveryStream)
	if got := p.StandIn(direct); got != "" {
		t.Errorf("StandIn without a delivery stream = %q", got)
	}

	bin, args := fakeLakecheck(t, "lake-schema: 3 objects, 5 rows, canary found, 0 type errors (DuckDB stand-in; not Athena)\nproves: the objects are JSON\n", "", 0)
	p.Lakecheck, p.Region, p.Endpoint = bin, "eu-west-1", "http://127.0.0.1:5000"
	got := p.Check(context.Background(), c)
	want := service.Check{Name: "DuckDB stand-in read of table demo_db.events", Status: service.CheckPassed,
		Detail: "lake-schema: 3 objects, 5 rows, canary found, 0 type errors (DuckDB stand-in; not Athena)", Proves: "the objects are JSON"}
	if got != want {
		t.Errorf("passed: got %+v\nwant %+v", got, want)
	}
	b, _ := os.ReadFile(args)
	if a := strings.TrimSpace(string(b)); a != "-region eu-west-1 -database demo_db -table events -canary wireup-canary-1 endpoint=http://127.0.0.1:5000" {
		t.Errorf("lakecheck ran with %q", a)
	}

	p.Lakecheck, _ = fakeLakecheck(t, "", "lakecheck: column time: cannot cast \"x\" to TIMESTAMP\n", 1)
	if got := p.Check(context.Background(), c); got.Status != service.CheckFailed || got.Detail != `column time: cannot cast "x" to TIMESTAMP` {
		t.Errorf("failed: %+v", got)
	}
	p.Lakecheck, _ = fakeLakecheck(t, "lake-schema: 3 objects, 5 rows, canary not found, 0 type errors (DuckDB stand-in; not Athena)\n", "", 1)
	if got := p.Check(context.Background(), c); got.Status != service.CheckFailed || !strings.Contains(got.Detail, "canary not found") {
		t.Errorf("canary not found: %+v", got)
	}

	p.Lakecheck = filepath.Join(t.TempDir(), "no-such-lakecheck")
	if got := p.Check(context.Background(), c); got.Status != service.CheckSkipped || !strings.Contains(got.Detail, "go install github.com/wireup/wireup/tools/lakecheck") {
		t.Errorf("missing: %+v", got)
	}
}
