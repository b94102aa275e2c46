package quicksight

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
)

// IngestionAPI starts and reads a SPICE dataset's ingestions.
type IngestionAPI interface {
	CreateIngestion(ctx context.Context, in *quicksight.CreateIngestionInput, optFns ...func(*quicksight.Options)) (*quicksight.CreateIngestionOutput, error)
	DescribeIngestion(ctx context.Context, in *quicksight.DescribeIngestionInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeIngestionOutput, error)
}

// SPICEURL documents ingestions: a SPICE dataset holds a copy of the table,
// refreshed by an ingestion (CreateIngestion, DescribeIngestion).
const SPICEURL = "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateIngestion.html"

// ingestionID names an ingestion wireup starts: unique per second, within
// QuickSight's [\w-]{1,128}.
func ingestionID(now time.Time) string { return "wireup-" + now.UTC().Format("20060102-150405") }

// ingest waits for a SPICE dataset's copy of the table: the ingestion
// CreateDataSet or UpdateDataSet started (started, "" if none), or else one
// it starts, polled with DescribeIngestion until COMPLETED, with the rows
// so far reported as progress. A FAILED or CANCELLED ingestion is an error
// with QuickSight's reason; the dataset stays, and the next deploy
// ingests again.
func (d *DataSet) ingest(ctx context.Context, req *service.Request, id, started string) (map[string]string, error) {
	acct := account.ID(req.Plan)
	ing := started
	if ing == "" {
		ing = ingestionID(d.now())
		if _, err := d.c.CreateIngestion(ctx, &quicksight.CreateIngestionInput{AwsAccountId: acct, DataSetId: aws.String(id), IngestionId: aws.String(ing),
			IngestionType: qstypes.IngestionTypeFullRefresh}); err != nil {
			return nil, fmt.Errorf("start the SPICE ingestion of QuickSight dataset %s: %w", id, err)
		}
	}
	what := fmt.Sprintf("SPICE ingestion %s of QuickSight dataset %s", ing, id)
	var last string
	var done *qstypes.Ingestion
	err := service.Poll(ctx, req.Wait(), what, func() (bool, error) {
		out, err := d.c.DescribeIngestion(ctx, &quicksight.DescribeIngestionInput{AwsAccountId: acct, DataSetId: aws.String(id), IngestionId: aws.String(ing)})
		if err != nil {
			return false, opaque("read "+what, err)
		}
		in := out.Ingestion
		if in == nil {
			return false, fmt.Errorf("read %s: no ingestion returned", what)
		}
		if p := ingestionProgress(in); p != last {
			req.Report(what + ": " + p)
			last = p
		}
		switch in.IngestionStatus {
		case qstypes.IngestionStatusCompleted:
			done = in
			return true, nil
		case qstypes.IngestionStatusFailed, qstypes.IngestionStatusCancelled:
			reason := "QuickSight gives no reason"
			if e := in.ErrorInfo; e != nil {
				reason = fmt.Sprintf("%s: %s", e.Type, aws.ToString(e.Message))
			}
			return false, fmt.Errorf("%s is %s: %s. The dataset is deployed; fix the cause (for a Redshift table: run cmd/sql so that it exists) and deploy again, which ingests again (%s)",
				what, in.IngestionStatus, reason, SPICEURL)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"ingestion": ing, "rowsIngested": fmt.Sprint(aws.ToInt64(rowsOf(done).RowsIngested))}, nil
}

func rowsOf(in *qstypes.Ingestion) *qstypes.RowInfo {
	if in.RowInfo == nil {
		return &qstypes.RowInfo{}
	}
	return in.RowInfo
}

// ingestionProgress is one line of how an ingestion is going.
func ingestionProgress(in *qstypes.Ingestion) string {
	r := rowsOf(in)
	s := string(in.IngestionStatus)
	if r.RowsIngested != nil {
		s += fmt.Sprintf(", %d rows ingested", aws.ToInt64(r.RowsIngested))
		if aws.ToInt64(r.RowsDropped) > 0 {
			s += fmt.Sprintf(", %d dropped", aws.ToInt64(r.RowsDropped))
		}
	}
	if q := in.QueueInfo; q != nil && in.IngestionStatus == qstypes.IngestionStatusQueued {
		s += " behind ingestion " + aws.ToString(q.WaitingOnIngestion)
	}
	return s
}
