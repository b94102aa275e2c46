package athena

import (
	"context"
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
