package quicksight

import (
	"cmp"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/service/quicksight/connection"
)

// DataSourceAPI is the part of the QuickSight client the data source kind
// uses.
type DataSourceAPI interface {
	account.API
	CreateDataSource(ctx context.Context, in *quicksight.CreateDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.CreateDataSourceOutput, error)
	DescribeDataSource(ctx context.Context, in *quicksight.DescribeDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourceOutput, error)
	UpdateDataSource(ctx context.Context, in *quicksight.UpdateDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSourceOutput, error)
	DescribeDataSourcePermissions(ctx context.Context, in *quicksight.DescribeDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourcePermissionsOutput, error)
	UpdateDataSourcePermissions(ctx context.Context, in *quicksight.UpdateDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSourcePermissionsOutput, error)
	DeleteDataSource(ctx context.Context, in *quicksight.DeleteDataSourceInput, optFns ...func(*quicksight.Options)) (*quicksight.DeleteDataSourceOutput, error)
	account.ListAPI
}

// DataSource is the quicksight.data-source kind: a connection QuickSight
// queries through, with SSL on, owned by the spec's principal: Athena or
// the Redshift warehouse, by the "type" setting (package connection).
type DataSource struct{ c DataSourceAPI }

// NewDataSource returns the data source kind on c.
func NewDataSource(c DataSourceAPI) *DataSource { return &DataSource{c: c} }

var (
	_ service.Prechecker = (*DataSource)(nil)
	_ service.Lister     = (*DataSource)(nil)
	_ service.Typed      = (*DataSource)(nil)
)

// DataSourceSettings are the settings of a quicksight.data-source: its
// connection and its owner, one struct with the connection package's
// functions that read it.
type DataSourceSettings = connection.Settings

// NewSettings implements service.Typed.
func (*DataSource) NewSettings() any { return &DataSourceSettings{} }

// Always implements service.Lister: data sources are listed only for a
// plan that has one, so that a project without QuickSight never depends on
// a target's QuickSight API.
func (*DataSource) Always() bool { return false }

// List implements service.Lister: every data source of the account, its
// tags read when its name may be the project's.
func (d *DataSource) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	return account.ListDataSources(ctx, d.c, p)
}

// Kind implements service.Provider.
func (*DataSource) Kind() plan.Kind { return plan.KindDataSource }

// Precheck implements service.Prechecker: the account has a usable
// QuickSight subscription and the principal is a QuickSight user or group,
// or deploy stops before creating anything.
func (d *DataSource) Precheck(ctx context.Context, _ service.Env, p *plan.Plan) error {
	if err := account.CheckSubscription(ctx, d.c, p); err != nil {
		return err
	}
	r := p.Resource(plan.IDDataSource)
	if r == nil {
		return nil
	}
	if _, err := account.PrincipalARN(ctx, d.c, p, account.PrincipalOf(r.Settings)); err != nil {
		return fmt.Errorf("%w; nothing was created", err)
	}
	return nil
}

// Ensure implements service.Provider: create the data source, or adopt the
// project's and put its parameters and owner back to the plan; then wait
// until QuickSight reports it created.
func (d *DataSource) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	id := req.Resource.Name
	in, err := service.DecodeFor[DataSourceSettings](plan.KindDataSource, id, req.Inputs)
	if err != nil {
		return nil, err
	}
	typ, params, err := connection.Parameters(in)
	if err != nil {
		return nil, err
	}
	if c := connection.SignIn(in); c != nil && aws.ToString(c.SecretArn) == "" {
		return nil, fmt.Errorf("QuickSight data source %s: no secret of QuickSight's database user to sign in with (quicksight.secret): run `wireup deploy` again to create it first", id)
	}
	owner, err := account.PrincipalARN(ctx, d.c, req.Plan, account.Principal{User: in.PrincipalUser, Group: in.PrincipalGroup, Namespace: in.Namespace})
	if err != nil {
		return nil, err
	}
	out, err := d.c.CreateDataSource(ctx, &quicksight.CreateDataSourceInput{
		AwsAccountId: account.ID(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id), Type: typ,
		DataSourceParameters: params, SslProperties: connection.SSL(), Credentials: connection.SignIn(in), VpcConnectionProperties: connection.VPC(in),
		Permissions: account.Permissions(owner, DataSourceOwnerActions), Tags: account.Tags(req.Plan),
	})
	outputs := map[string]string{"id": id, "owner": owner}
	switch {
	case err == nil:
		outputs["arn"] = aws.ToString(out.Arn)
		req.Created(outputs)
	case !alreadyExists(err):
		return nil, fmt.Errorf("create QuickSight data source %s: %w", id, err)
	default:
		a := resourceARN(req.Plan.Env, "datasource/"+id)
		if err := service.Adopt(req, "QuickSight data source", id, "quicksight.dataSource", func() (*quicksight.ListTagsForResourceOutput, error) {
			return d.c.ListTagsForResource(ctx, &quicksight.ListTagsForResourceInput{ResourceArn: aws.String(a)})
		}, account.TagsOf); err != nil {
			return nil, err
		}
		if _, err := d.c.UpdateDataSource(ctx, &quicksight.UpdateDataSourceInput{AwsAccountId: account.ID(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id),
			DataSourceParameters: params, SslProperties: connection.SSL(), Credentials: connection.SignIn(in), VpcConnectionProperties: connection.VPC(in)}); err != nil {
			return nil, fmt.Errorf("update QuickSight data source %s: %w", id, err)
		}
		if err := d.access(ctx, account.ID(req.Plan), id).Restore(owner); err != nil {
			return nil, err
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
		out, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: account.ID(p), DataSourceId: aws.String(id)})
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
			return false, fmt.Errorf("QuickSight data source %s is %s: %s%s", id, ds.Status, errorInfo(ds.ErrorInfo), cmp.Or(secretHint(ds), connection.ReachHint(ds)))
		}
		return false, nil
	})
	return ds, err
}

// secretHint is what to do when QuickSight was refused the secret a data
// source signs in with: it reads it as SecretsRoleName, which exists only
// once an administrator turns on Secrets Manager in QuickSight.
func secretHint(ds *qstypes.DataSource) string {
	if ds.SecretArn == nil || ds.ErrorInfo == nil || ds.ErrorInfo.Type != qstypes.DataSourceErrorInfoTypeAccessDenied {
		return ""
	}
	return ". QuickSight reads the sign-in secret " + aws.ToString(ds.SecretArn) + " as its role " + SecretsRoleName +
		", which it creates when an administrator turns on AWS Secrets Manager under Manage QuickSight → Security & permissions (" + SecretsURL + "): turn it on, then deploy again"
}

func errorInfo(e *qstypes.DataSourceErrorInfo) string {
	if e == nil {
		return "QuickSight gives no reason"
	}
	return fmt.Sprintf("%s: %s", e.Type, aws.ToString(e.Message))
}

// Exists implements service.Provider.
func (d *DataSource) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: aws.String(account.Of(rec)), DataSourceId: aws.String(rec.Name)})
	return exists("read QuickSight data source "+rec.Name, err)
}

// Drift implements service.Provider: SSL turned off, or the data source
// pointed at another workgroup or warehouse, sends the dataset's queries
// elsewhere; permissions changed outside wireup let others use it or take
// it from its owner.
func (d *DataSource) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	want, err := service.DecodeFor[DataSourceSettings](plan.KindDataSource, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	acct, id := aws.String(account.Of(rec)), aws.String(rec.Name)
	out, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: acct, DataSourceId: id})
	if err != nil {
		return "", opaque("read QuickSight data source "+rec.Name, err)
	}
	var diffs service.Diffs
	diffs.Add(connection.Diff(want, out.DataSource))
	if owner := rec.Outputs["owner"]; owner != "" {
		perms, err := d.access(ctx, acct, rec.Name).Drift(owner)
		if err != nil {
			return "", err
		}
		diffs.Add(perms)
	}
	return diffs.String(), nil
}

// Delete implements service.Provider, and waits until QuickSight no
// longer describes the data source.
func (d *DataSource) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	acct, id := aws.String(account.Of(rec)), aws.String(rec.Name)
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
	if err := del(); account.NotFound(err) {
		return nil
	} else if err != nil {
		return opaque("delete "+what, err)
	}
	return service.AwaitGone(ctx, env.Wait(), "deletion of "+what, func() error { return opaque("read "+what, describe()) }, account.NotFound)
}
