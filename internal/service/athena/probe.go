package athena

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/wireup/wireup/internal/awsconfig"
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
	// Lakecheck is the DuckDB stand-in check's program (tools/lakecheck),
	// a name looked up on PATH or a path; Region and Endpoint are the
	// target it reads the table and the objects from.
	Lakecheck, Region, Endpoint string
}

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c, Poll: 10 * time.Second, Lakecheck: "lakecheck"} }

// NewProbeFromConfig returns the probe on a client built from cfg, its
// stand-in check on cfg's target; WIREUP_LAKECHECK names the stand-in's
// program when it is not lakecheck on PATH.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	p := NewProbe(athena.NewFromConfig(cfg))
	p.Lakecheck = cmp.Or(os.Getenv("WIREUP_LAKECHECK"), p.Lakecheck)
	p.Region, p.Endpoint = cfg.Region, awsconfig.TargetOf(cfg).Endpoint
	return p
}

var (
	_ service.Probe   = (*Probe)(nil)
	_ service.Blind   = (*Probe)(nil)
	_ service.Fielder = (*Probe)(nil)
	_ service.Checker = (*Probe)(nil)
)

// LakecheckInstall is how a user gets the stand-in check's program.
const LakecheckInstall = "CGO_ENABLED=1 go install github.com/wireup/wireup/tools/lakecheck@latest (DuckDB needs cgo and a C compiler), or set WIREUP_LAKECHECK to its path"

// StandIn implements service.Checker: where no query can run, the objects
// a delivery stream wrote into the table's location are read against the
// table's definition. Only a delivery stream writes them where the
// table's partition projection expects (the canary verify puts into a
// bucket itself does not), so only those routes have the check.
func (*Probe) StandIn(c *service.Canary) string {
	if c.Has(plan.IDGlueTable) && c.Has(plan.IDDeliveryStream) && strings.HasPrefix(c.Route[len(c.Route)-1], "s3-to-") {
		return "s3"
	}
	return ""
}

// Check implements service.Checker: run the DuckDB stand-in (lakecheck)
// over the table and the objects under its location, and want the canary
// among the rows it reads. A target without the program skips the check,
// saying how to install it.
func (p *Probe) Check(ctx context.Context, c *service.Canary) service.Check {
	db, table := c.Out(plan.IDGlueTable, "database"), c.Out(plan.IDGlueTable, "name")
	chk := service.Check{Name: fmt.Sprintf("DuckDB stand-in read of table %s.%s", db, table)}
	bin, err := exec.LookPath(p.Lakecheck)
	if err != nil {
		chk.Status, chk.Detail = service.CheckSkipped, fmt.Sprintf("the stand-in program %s is not installed: %s", p.Lakecheck, LakecheckInstall)
		return chk
	}
	cmd := exec.CommandContext(ctx, bin, "-region", p.Region, "-database", db, "-table", table, "-canary", c.ID)
	cmd.Env = os.Environ()
	if p.Endpoint != "" {
		cmd.Env = append(cmd.Env, "AWS_ENDPOINT_URL="+p.Endpoint)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var lines []string
	for l := range strings.Lines(stdout.String()) {
		if proves, ok := strings.CutPrefix(strings.TrimSpace(l), "proves: "); ok {
			chk.Proves = proves
		} else if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	chk.Detail = strings.Join(lines, "; ")
	if err != nil {
		chk.Status = service.CheckFailed
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			chk.Detail = strings.TrimSpace(strings.TrimPrefix(msg, "lakecheck:"))
		} else if chk.Detail == "" {
			chk.Detail = err.Error()
		}
		return chk
	}
	chk.Status = service.CheckPassed
	return chk
}

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
	return time.Time{}, errors.New("verify cannot send a canary into Athena: it is no route source")
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
		interval, err := c.BufferInterval()
		if err != nil {
			return fmt.Errorf("%s: %w", c.Path(), err)
		}
		timeout = max(timeout, interval+2*time.Minute)
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
