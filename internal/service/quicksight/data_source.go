package quicksight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	DescribeDataSourcePermissions(ctx context.Context, in *quicksight.DescribeDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourcePermissionsOutput, error)
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
	case qstypes.DataSourceTypeRedshift:
		p, err := redshiftSource(in)
		return t, p, err
	default:
		return t, nil, fmt.Errorf("data source type %q is not one wireup plans (ATHENA, REDSHIFT)", t)
	}
}

// redshiftSource reads the warehouse: a provisioned cluster by its id,
// signed in with temporary credentials as the plan's role and database
// user (RedshiftIAMParameters, RedshiftIAMURL); a serverless workgroup by
// its endpoint, signed in with the secret of signIn (below).
func redshiftSource(in map[string]string) (qstypes.DataSourceParameters, error) {
	p := qstypes.RedshiftParameters{Database: aws.String(in["database"])}
	switch {
	case in["clusterId"] != "":
		p.ClusterId = aws.String(in["clusterId"])
		p.IAMParameters = &qstypes.RedshiftIAMParameters{RoleArn: aws.String(in["roleArn"]), DatabaseUser: aws.String(in["databaseUser"]), AutoCreateDatabaseUser: true}
	case in["host"] != "":
		port, err := strconv.Atoi(in["port"])
		if err != nil || port <= 0 {
			return nil, fmt.Errorf("the Redshift workgroup's port %q is not a port: deploy the workgroup first", in["port"])
		}
		p.Host, p.Port = aws.String(in["host"]), int32(port)
	default:
		return nil, errors.New("the Redshift warehouse has no cluster id or endpoint: the workgroup reported no endpoint; run `wireup deploy` again once it is available")
	}
	return &qstypes.DataSourceParametersMemberRedshiftParameters{Value: p}, nil
}

// signIn is what QuickSight signs in with where no role does: the
// ARN of a Secrets Manager secret (the project's read-only database
// user's, planned with the data source), never a user name and password
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DataSourceCredentials.html,
// SecretsURL).
func signIn(in map[string]string) *qstypes.DataSourceCredentials {
	if in["type"] != string(qstypes.DataSourceTypeRedshift) || in["clusterId"] != "" {
		return nil
	}
	return &qstypes.DataSourceCredentials{SecretArn: aws.String(in["secretArn"])}
}

// vpc is the VPC connection QuickSight reaches a private warehouse
// through, when the spec names one (wireup creates none: VPCURL).
func vpc(in map[string]string) *qstypes.VpcConnectionProperties {
	if in["vpcConnectionArn"] == "" {
		return nil
	}
	return &qstypes.VpcConnectionProperties{VpcConnectionArn: aws.String(in["vpcConnectionArn"])}
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
	if c := signIn(in); c != nil && aws.ToString(c.SecretArn) == "" {
		return nil, fmt.Errorf("QuickSight data source %s: no secret of QuickSight's database user to sign in with (quicksight.secret): run `wireup deploy` again to create it first", id)
	}
	owner, err := PrincipalARN(ctx, d.c, req.Plan, principalOf(in))
	if err != nil {
		return nil, err
	}
	out, err := d.c.CreateDataSource(ctx, &quicksight.CreateDataSourceInput{
		AwsAccountId: account(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id), Type: typ,
		DataSourceParameters: params, SslProperties: ssl(), Credentials: signIn(in), VpcConnectionProperties: vpc(in),
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
		a := resourceARN(req.Plan.Env, "datasource/"+id)
		if err := service.Adopt(req, "QuickSight data source", id, "quicksight.dataSource", func() (*quicksight.ListTagsForResourceOutput, error) {
			return d.c.ListTagsForResource(ctx, &quicksight.ListTagsForResourceInput{ResourceArn: aws.String(a)})
		}, tagsOf); err != nil {
			return nil, err
		}
		if _, err := d.c.UpdateDataSource(ctx, &quicksight.UpdateDataSourceInput{AwsAccountId: account(req.Plan), DataSourceId: aws.String(id), Name: aws.String(id),
			DataSourceParameters: params, SslProperties: ssl(), Credentials: signIn(in), VpcConnectionProperties: vpc(in)}); err != nil {
			return nil, fmt.Errorf("update QuickSight data source %s: %w", id, err)
		}
		if err := d.restorePermissions(ctx, req.Plan, id, owner); err != nil {
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
			return false, fmt.Errorf("QuickSight data source %s is %s: %s%s", id, ds.Status, errorInfo(ds.ErrorInfo), reachHint(ds))
		}
		return false, nil
	})
	return ds, err
}

// reachHint is what to do when QuickSight could not reach a warehouse
// that is not publicly accessible: only a VPC connection reaches it.
func reachHint(ds *qstypes.DataSource) string {
	if ds.Type != qstypes.DataSourceTypeRedshift || ds.VpcConnectionProperties != nil {
		return ""
	}
	return ". QuickSight reaches a Redshift warehouse that is not publicly accessible only through a VPC connection in its VPC: create one (" + VPCURL + ") and set quicksight.vpcConnection in wireup.yaml to its ARN, then deploy again"
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
	return exists("read QuickSight data source "+rec.Name, err)
}

// Drift implements service.Provider: SSL turned off, or the data source
// pointed at another workgroup or warehouse, sends the dataset's queries
// elsewhere; permissions changed outside wireup let others use it or take
// it from its owner.
func (d *DataSource) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	acct, id := aws.String(accountOf(rec)), aws.String(rec.Name)
	out, err := d.c.DescribeDataSource(ctx, &quicksight.DescribeDataSourceInput{AwsAccountId: acct, DataSourceId: id})
	if err != nil {
		return "", opaque("read QuickSight data source "+rec.Name, err)
	}
	var diffs service.Diffs
	diffs.Add(sourceDiff(rec.Inputs, out.DataSource))
	if owner := rec.Outputs["owner"]; owner != "" {
		perms, err := d.c.DescribeDataSourcePermissions(ctx, &quicksight.DescribeDataSourcePermissionsInput{AwsAccountId: acct, DataSourceId: id})
		if err != nil {
			return "", opaque("read the permissions of QuickSight data source "+rec.Name, err)
		}
		diffs.Add(permissionsDiff(owner, DataSourceOwnerActions, grantsOf(perms.Permissions)))
	}
	return diffs.String(), nil
}

func sourceDiff(in map[string]string, ds *qstypes.DataSource) string {
	if ds == nil {
		return "data source not returned"
	}
	var diffs service.Diffs
	diffs.If(ds.SslProperties != nil && ds.SslProperties.DisableSsl, "SSL is off")
	redshift := in["type"] == string(qstypes.DataSourceTypeRedshift)
	if redshift {
		var got string
		if ds.VpcConnectionProperties != nil {
			got = aws.ToString(ds.VpcConnectionProperties.VpcConnectionArn)
		}
		diffs.If(got != in["vpcConnectionArn"], "VPC connection %q, want %q", got, in["vpcConnectionArn"])
	}
	r, ok := ds.DataSourceParameters.(*qstypes.DataSourceParametersMemberRedshiftParameters)
	if ok {
		redshiftDiff(&diffs, in, r.Value)
	}
	diffs.If(!ok && redshift, "not a Redshift data source")
	a, ok := ds.DataSourceParameters.(*qstypes.DataSourceParametersMemberAthenaParameters)
	if ok {
		g, want := aws.ToString(a.Value.WorkGroup), in["workGroup"]
		diffs.If(g != want, "workgroup %q, want %s", g, want)
		g, want = aws.ToString(a.Value.RoleArn), in["roleArn"]
		diffs.If(g != want, "role %q, want %s", g, want)
	}
	diffs.If(!ok && in["type"] == string(qstypes.DataSourceTypeAthena), "not an Athena data source")
	slices.Sort(diffs)
	return diffs.String()
}

// redshiftDiff names a REDSHIFT data source pointed elsewhere: another
// cluster, endpoint or database, or another role or database user.
func redshiftDiff(diffs *service.Diffs, in map[string]string, p qstypes.RedshiftParameters) {
	check := func(what, got, want string) { diffs.If(got != want, "%s %q, want %s", what, got, want) }
	check("database", aws.ToString(p.Database), in["database"])
	if in["clusterId"] != "" {
		check("cluster", aws.ToString(p.ClusterId), in["clusterId"])
		var role, user string
		if p.IAMParameters != nil {
			role, user = aws.ToString(p.IAMParameters.RoleArn), aws.ToString(p.IAMParameters.DatabaseUser)
		}
		check("role", role, in["roleArn"])
		check("database user", user, in["databaseUser"])
	} else {
		check("host", aws.ToString(p.Host), in["host"])
	}
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
	return service.AwaitGone(ctx, env.Wait(), "deletion of "+what, func() error { return opaque("read "+what, describe()) }, notFound)
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
