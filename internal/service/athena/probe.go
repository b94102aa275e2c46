package athena

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// ProbeAPI is the part of the Athena client the verify probe uses.
type ProbeAPI interface {
	StartQueryExecution(ctx context.Context, in *athena.StartQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.StartQueryExecutionOutput, error)
	GetQueryExecution(ctx context.Context, in *athena.GetQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.GetQueryExecutionOutput, error)
	GetQueryResults(ctx context.Context, in *athena.GetQueryResultsInput, optFns ...func(*athena.Options)) (*athena.GetQueryResultsOutput, error)
	StopQueryExecution(ctx context.Context, in *athena.StopQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.StopQueryExecutionOutput, error)
}

// Probe is the verify probe of the route's workgroup: at the end of a
// route it queries the route's table for the canary, which proves the
// data, the table's definition and the workgroup together. A query scans
// at least 10 MB (under USD 0.01).
type Probe struct {
	c ProbeAPI
	// Poll is the wait between a query that did not find the canary and
	// the next, and between status checks of one query.
	Poll time.Duration
}

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c, Poll: 10 * time.Second} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(athena.NewFromConfig(cfg)) }

var (
	_ service.Probe   = (*Probe)(nil)
	_ service.Blind   = (*Probe)(nil)
	_ service.Fielder = (*Probe)(nil)
)

// TimeLayout is the event time the table's timestamp format parses (see
// glue.TimestampFormat); the canary carries its time in it too.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Fields implements service.Fielder: the canary's time in the layout the
// table parses, as the generated producer writes it.
func (*Probe) Fields(*service.Canary) map[string]any {
	return map[string]any{"time": time.Now().UTC().Truncate(time.Millisecond).Format(TimeLayout)}
}

// Blind implements service.Blind: the table of a crawler route exists only
// once a crawl made it, which verify does not start (a crawl is billed).
func (*Probe) Blind(c *service.Canary) string {
	if !c.Has(plan.IDGlueTable) {
		return "the table Athena reads is made by the crawler, which verify does not start (a crawl is billed): run `go run ./cmd/crawl`, then `go run ./cmd/query`"
	}
	return ""
}

// Inject implements service.Probe: Athena is no route source.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errors.New("Athena is not a source verify can send a canary into")
}

// Await implements service.Probe: query the table for the canary's id
// until a query finds it. On AWS the data arrives when the delivery
// stream's buffer interval is over, so the wait is at least that and two
// minutes. The partition predicate keeps the scan to the hours since
// the canary was sent.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	db, table, wg := c.Out(plan.IDGlueTable, "database"), c.Out(plan.IDGlueTable, "name"), c.Out(plan.IDWorkGroup, "name")
	sql := fmt.Sprintf(`SELECT "id" FROM "%s"."%s" WHERE "id" = ?`, db, table)
	if key := c.In(plan.IDGlueTable, "partitionKey"); key != "" {
		sql += fmt.Sprintf(` AND "%s" >= '%s'`, key, start.UTC().Add(-time.Hour).Format("2006/01/02/15"))
	}
	timeout := c.Timeout
	if c.Target == targets.AWS {
		timeout = max(timeout, time.Duration(service.Int32(c.In(plan.IDDeliveryStream, "bufferIntervalSeconds")))*time.Second+2*time.Minute)
	}
	deadline := time.Now().Add(timeout)
	for {
		id, rows, scanned, err := p.query(ctx, wg, db, sql, c.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Path(), err)
		}
		if rows > 0 {
			c.Hop(c.Path(), start, fmt.Sprintf("query %s in workgroup %s found the canary in %s.%s (%d bytes scanned)", id, wg, db, table, scanned))
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: no query of %s.%s found canary %s within %s", c.Path(), db, table, c.ID, timeout)
		}
		if err := service.Sleep(ctx, p.Poll); err != nil {
			return err
		}
	}
}

// query runs sql with one parameter and returns how many rows it found
// (the header row of a SELECT is not counted). A cancelled verify stops
// the query.
func (p *Probe) query(ctx context.Context, wg, db, sql, param string) (string, int, int64, error) {
	out, err := p.c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql), WorkGroup: aws.String(wg),
		ExecutionParameters:   []string{"'" + param + "'"},
		QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String(db), Catalog: aws.String("AwsDataCatalog")}})
	if err != nil {
		return "", 0, 0, fmt.Errorf("start query: %w", err)
	}
	id := aws.ToString(out.QueryExecutionId)
	var qe *athenatypes.QueryExecution
	err = service.Poll(ctx, 5*time.Minute, "query "+id, func() (bool, error) {
		got, err := p.c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			return false, err
		}
		qe = got.QueryExecution
		switch qe.Status.State {
		case athenatypes.QueryExecutionStateSucceeded:
			return true, nil
		case athenatypes.QueryExecutionStateFailed, athenatypes.QueryExecutionStateCancelled:
			return false, fmt.Errorf("query %s %s: %s", id, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
		}
		return false, nil
	})
	if err != nil {
		if ctx.Err() != nil {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_, _ = p.c.StopQueryExecution(sctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)})
		}
		return id, 0, 0, err
	}
	res, err := p.c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(10)})
	if err != nil {
		return id, 0, 0, fmt.Errorf("query %s results: %w", id, err)
	}
	var scanned int64
	if qe.Statistics != nil {
		scanned = aws.ToInt64(qe.Statistics.DataScannedInBytes)
	}
	rows := 0
	if res.ResultSet != nil {
		rows = max(len(res.ResultSet.Rows)-1, 0)
	}
	return id, rows, scanned, nil
}
