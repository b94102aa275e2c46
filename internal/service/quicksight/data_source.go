package quicksight

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// DataSourceAPI is the part of the QuickSight client the data source kind
// uses.
type DataSourceAPI interface {
	AccountAPI
	CreateDataSource(ctx context.Context, in *quicksight.CreateDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.CreateDataSourceOutput, error)
	DescribeDataSource(ctx context.Context, in *quicksight.DescribeDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourceOutput, error)
	UpdateDataSource(ctx context.Context, in *quicksight.UpdateDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSourceOutput, error)
	UpdateDataSourcePermissions(ctx context.Context, in *quicksight.UpdateDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSourcePermissionsOutput, error)
	DeleteDataSource(ctx context.Context, in *quicksight.DeleteDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.DeleteDataSourceOutput, error)
	ListAPI
}

// DataSource is the quicksight.data-source kind: a connection QuickSight
// queries through, with SSL on, owned by the spec's principal. Only
// ATHENA is planned today (athenaSource); a Redshift data source is
// another parameters function beside it, selected by the "type" setting.
type DataSource struct{ c DataSourceAPI }

// NewDataSource returns the data source kind on c.
func NewDataSource(c DataSourceAPI) *DataSource { return &DataSource{c: c} }

var (
	_ service.Prechecker = (*DataSource)(nil)
	_ service.Lister     = (*DataSource)(nil)
)

// Always implements service.Lister: data sources are listed only for a
// plan that has one, so that a project without QuickSight never depends on
// a target's QuickSight API.
func (*DataSource) Always() bool { return false }

// List implements service.Lister: every data source of the account, its
// tags read when its name may be the project's.
func (d *DataSource) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	return listDataSources(ctx, d.c, p)
}

// Kind implements service.Provider.
func (*DataSource) Kind() plan.Kind { return plan.KindDataSource }

// Precheck implements service.Prechecker: the account has a usable
// QuickSight subscription and the principal is a QuickSight user or group,
// or deploy stops before creating anything.
func (d *DataSource) Precheck(ctx context.Context, _ service.Env, p *plan.Plan) error {
	if err := CheckSubscription(ctx, d.c, p); err != nil {
		return err
	}
	r := p.Resource(plan.IDDataSource)
	if r == nil {
		return nil
	}
	if _, err := PrincipalARN(ctx, d.c, p, principalOf(r.Settings)); err != nil {
		return fmt.Errorf("%w; nothing was created", err)
	}
	return nil
}

// parameters are the data source's connection parameters for its type.
func parameters(in map[string]string) (qstypes.DataSourceType, qstypes.DataSourceParameters, error) {
	switch t := qstypes.DataSourceType(in["type"]); t {
	case qstypes.DataSourceTypeAthena:
		return t, athenaSource(in), nil
	default:
		return t, nil, fmt.Errorf("data source type %q is not one wireup plans (ATHENA)", t)
	}
}

// athenaSource queries Athena in the route's workgroup, as the project's
// role (AthenaParameters.RoleArn: this data source only, in place of the
// account-wide QuickSight service role, RoleOverrideURL).
func athenaSource(in map[string]string) qstypes.DataSourceParameters {
	p := qstypes.AthenaParameters{WorkGroup: aws.String(in["workGroup"])}
	if in["roleArn"] != "" {
		p.RoleArn = aws.String(in["roleArn"])
	}
	return &qstypes.DataSourceParametersMemberAthenaParameters{Value: p}
}

// ssl is always on: QuickSight then connects to the engine over TLS
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_SslProperties.html).
func ssl() *qstypes.SslProperties { return &qstypes.SslProperties{DisableSsl: false} }

// Ensure implements service.Provider: create the data source, or adopt the
// project's and put its parameters and owner back to the plan; then wait
// until QuickSight reports it created.
func (d *DataSource) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	id, in := req.Resource.Name, req.Inputs
	typ, params, err := parameters(in)
	if err != nil {
		return nil, err
	}
	owner, err := PrincipalARN(ctx, d.c, req.Plan, principalOf(in))
	if err != nil {
		return nil, err
	}
	out, err := d.c.CreateDataSource(ctx, &quicksight.CreateDataSourceInput{
		AwsAccountId: account(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id), Type: typ,
		DataSourceParameters: params, SslProperties: ssl(),
		Permissions: permissions(owner, DataSourceOwnerActions), Tags: tags(req.Plan),
	})
	outputs := map[string]string{"id": id, "owner": owner}
	switch {
	case err == nil:
		outputs["arn"] = aws.ToString(out.Arn)
		req.Created(outputs)
	case !alreadyExists(err):
		return nil, fmt.Errorf("create QuickSight data source %s: %w", id, err)
	default:
		a := resourceARN(req.Plan.Env, "", "datasource/"+id)
		if !req.Recorded {
			tg, err := d.c.ListTagsForResource(ctx, &quicksight.ListTagsForResourceInput{ResourceArn: aws.String(a)})
			if err != nil {
				return nil, fmt.Errorf("read tags of QuickSight data source %s: %w", id, err)
			}
			if !req.Owns(service.TagsOf(tg.Tags, qsTag)) {
				return nil, fmt.Errorf("create QuickSight data source: %s exists in this account and is not tagged %s=%s: %w. Rename quicksight.dataSource in wireup.yaml",
					id, plan.TagProject, req.Plan.Project, service.ErrNameTaken)
			}
		}
		if _, err := d.c.UpdateDataSource(ctx, &quicksight.UpdateDataSourceInput{AwsAccountId: account(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id),
			DataSourceParameters: params, SslProperties: ssl()}); err != nil {
			return nil, fmt.Errorf("update QuickSight data source %s: %w", id, err)
		}
		if _, err := d.c.UpdateDataSourcePermissions(ctx, &quicksight.UpdateDataSourcePermissionsInput{AwsAccountId: account(req.Plan), DataSourceId: aws.String(id),
			GrantPermissions: permissions(owner, DataSourceOwnerActions)}); err != nil {
			return nil, fmt.Errorf("grant QuickSight data source %s to its owner: %w", id, err)
		}
		outputs["arn"] = a
	}
	ds, err := d.wait(ctx, req.Env, req.Plan, id)
	if err != nil {
		return nil, err
	}
	if a := aws.ToString(ds.Arn); a != "" {
		outputs["arn"] = a
	}
	return outputs, nil
}

// wait polls DescribeDataSource until the data source is created or
// updated (QuickSight reports CREATION_IN_PROGRESS first; the SDK has no
// waiter for it), and fails with QuickSight's own reason.
func (d *DataSource) wait(ctx context.Context, env service.Env, p *plan.Plan, id string) (*qstypes.DataSource, error) {
	var ds *qstypes.DataSource
	err := service.Poll(ctx, env.Wait(), "QuickSight data source "+id, func() (bool, error) {
		out, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: account(p), DataSourceId: aws.String(id)})
		if err != nil {
			return false, fmt.Errorf("read QuickSight data source %s: %w", id, err)
		}
		ds = out.DataSource
		if ds == nil {
			return false, fmt.Errorf("read QuickSight data source %s: no data source returned", id)
		}
		switch ds.Status {
		case qstypes.ResourceStatusCreationSuccessful, qstypes.ResourceStatusUpdateSuccessful:
			return true, nil
		case qstypes.ResourceStatusCreationFailed, qstypes.ResourceStatusUpdateFailed, qstypes.ResourceStatusDeleted:
			return false, fmt.Errorf("QuickSight data source %s is %s: %s", id, ds.Status, errorInfo(ds.ErrorInfo))
		}
		return false, nil
	})
	return ds, err
}

func errorInfo(e *qstypes.DataSourceErrorInfo) string {
	if e == nil {
		return "QuickSight gives no reason"
	}
	return fmt.Sprintf("%s: %s", e.Type, aws.ToString(e.Message))
}

// Exists implements service.Provider.
func (d *DataSource) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: aws.String(accountOf(rec)), DataSourceId: aws.String(rec.Name)})
	if notFound(err) {
		return false, nil
	}
	if err != nil {
		return false, opaque("read QuickSight data source "+rec.Name, err)
	}
	return true, nil
}

// Drift implements service.Provider: SSL turned off, or the data source
// pointed at another workgroup, sends the dataset's queries elsewhere.
func (d *DataSource) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	out, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: aws.String(accountOf(rec)), DataSourceId: aws.String(rec.Name)})
	if err != nil {
		return "", opaque("read QuickSight data source "+rec.Name, err)
	}
	return sourceDiff(rec.Inputs, out.DataSource), nil
}

func sourceDiff(in map[string]string, ds *qstypes.DataSource) string {
	if ds == nil {
		return "data source not returned"
	}
	var diffs []string
	if ds.SslProperties != nil && ds.SslProperties.DisableSsl {
		diffs = append(diffs, "SSL is off")
	}
	if a, ok := ds.DataSourceParameters.(*qstypes.DataSourceParametersMemberAthenaParameters); ok {
		if g, want := aws.ToString(a.Value.WorkGroup), in["workGroup"]; g != want {
			diffs = append(diffs, fmt.Sprintf("workgroup %q, want %s", g, want))
		}
		if g, want := aws.ToString(a.Value.RoleArn), in["roleArn"]; g != want {
			diffs = append(diffs, fmt.Sprintf("role %q, want %s", g, want))
		}
	} else if in["type"] == string(qstypes.DataSourceTypeAthena) {
		diffs = append(diffs, "not an Athena data source")
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "; ")
}

// Delete implements service.Provider, and waits until QuickSight no
// longer describes the data source.
func (d *DataSource) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	acct, id := aws.String(accountOf(rec)), aws.String(rec.Name)
	return deleteAndWait(ctx, env, "QuickSight data source "+rec.Name, func() error {
		_, err := d.c.DeleteDataSource(ctx, &quicksight.DeleteDataSourceInput{AwsAccountId: acct, DataSourceId: id})
		return err
	}, func() error {
		_, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: acct, DataSourceId: id})
		return err
	})
}

// deleteAndWait deletes with del and polls describe until QuickSight
// answers ResourceNotFoundException: nothing is left when it returns nil.
func deleteAndWait(ctx context.Context, env service.Env, what string, del, describe func() error) error {
	if err := del(); notFound(err) {
		return nil
	} else if err != nil {
		return opaque("delete "+what, err)
	}
	return service.Poll(ctx, env.Wait(), "deletion of "+what, func() (bool, error) {
		err := describe()
		if notFound(err) {
			return true, nil
		}
		return false, opaque("read "+what, err)
	})
}

// accountOf is the account a recorded resource is in, from its ARN.
func accountOf(rec *service.Record) string {
	if a := rec.Outputs["arn"]; a != "" {
		if parts := strings.Split(a, ":"); len(parts) > 4 {
			return parts[4]
		}
	}
	return rec.Inputs["accountId"]
}
