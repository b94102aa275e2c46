package quicksight

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/targets"
)

// ProbeAPI is the part of the QuickSight client the verify probe uses.
type ProbeAPI interface {
	DescribeDataSource(ctx context.Context, in *quicksight.DescribeDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourceOutput, error)
	DescribeDataSet(ctx context.Context, in *quicksight.DescribeDataSetInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSetOutput, error)
}

// Probe is the verify probe of a route ending in QuickSight. QuickSight
// moves no data by itself: it queries Athena or the warehouse when
// someone opens the dataset. So verify never reports the route verified (Blind); on AWS it
// checks what can be checked, the data source created and the dataset
// there, and records that as a hop whose detail says it does not prove
// data flows.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(quicksight.NewFromConfig(cfg)) }

var (
	_ service.Probe    = (*Probe)(nil)
	_ service.Blind    = (*Probe)(nil)
	_ service.Prover   = (*Probe)(nil)
	_ service.Listener = (*Probe)(nil)
)

// Blind implements service.Blind.
func (*Probe) Blind(c *service.Canary) string {
	if src := c.Resources[plan.IDDataSource]; src != nil && src.Inputs["type"] == string(qstypes.DataSourceTypeRedshift) {
		return dataNeverRS
	}
	return dataNever
}

// Proves implements service.Prover: on AWS the probe checks the data
// source and the dataset; emulators have no usable QuickSight API.
func (*Probe) Proves(c *service.Canary) bool { return c.Target == targets.AWS }

// Inject implements service.Probe: QuickSight is no route source.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errors.New("QuickSight is not a source verify can send a canary into")
}

// Await implements service.Probe; verify never awaits a blind sink.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New("QuickSight shows no canary: " + dataNever)
}

// Listen implements service.Listener: the control-plane check on AWS.
func (p *Probe) Listen(ctx context.Context, c *service.Canary) (service.Listening, error) {
	if c.Target != targets.AWS {
		return nil, nil
	}
	start := time.Now()
	detail, err := p.Check(ctx, c)
	if err != nil {
		return nil, err
	}
	from := "athena"
	if src := c.Resources[plan.IDDataSource]; src != nil && src.Inputs["type"] == string(qstypes.DataSourceTypeRedshift) {
		from = "redshift"
	}
	c.Hop(from+" → quicksight", start, detail)
	return nil, nil
}

// Check reads the deployed data source and dataset: the data source must
// be CREATION_SUCCESSFUL (or UPDATE_SUCCESSFUL) and the dataset must
// exist. It returns what that proves, and what it does not.
func (p *Probe) Check(ctx context.Context, c *service.Canary) (string, error) {
	src, set := c.Resources[plan.IDDataSource], c.Resources[plan.IDDataSet]
	if src == nil {
		return "", errors.New("the QuickSight data source is not deployed: run `wireup deploy` first")
	}
	ds, err := p.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: aws.String(account.Of(src)), DataSourceId: aws.String(src.Name)})
	if err != nil {
		return "", fmt.Errorf("read QuickSight data source %s: %w", src.Name, err)
	}
	st, info := qstypes.ResourceStatus(""), (*qstypes.DataSourceErrorInfo)(nil)
	if ds.DataSource != nil {
		st, info = ds.DataSource.Status, ds.DataSource.ErrorInfo
	}
	if st != qstypes.ResourceStatusCreationSuccessful && st != qstypes.ResourceStatusUpdateSuccessful {
		return "", fmt.Errorf("QuickSight data source %s is %q, not CREATION_SUCCESSFUL: %s", src.Name, st, errorInfo(info))
	}
	what := fmt.Sprintf("data source %s is %s", src.Name, st)
	if set != nil {
		if _, err := p.c.DescribeDataSet(ctx, &quicksight.DescribeDataSetInput{AwsAccountId: aws.String(account.Of(set)), DataSetId: aws.String(set.Name)}); err != nil {
			return "", fmt.Errorf("read QuickSight dataset %s: %w", set.Name, err)
		}
		what += fmt.Sprintf(" and dataset %s exists", set.Name)
	}
	engine := "Athena"
	if src.Inputs["type"] == string(qstypes.DataSourceTypeRedshift) {
		engine = "the warehouse"
	}
	return what + "; this proves the wiring, not that data flows (QuickSight queries " + engine + " only when the dataset is opened)", nil
}
