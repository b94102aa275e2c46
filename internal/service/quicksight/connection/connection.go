// Package connection is how a QuickSight data source reaches its engine,
// one parameters function per data source type: Athena in the route's
// workgroup (athena-to-quicksight) or the Redshift warehouse
// (redshift-to-quicksight), with its sign-in, SSL and VPC connection, as
// CreateDataSource and UpdateDataSource take them, and how a described
// data source differs from them.
package connection

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/service"
)

// VPCURL documents the VPC connections QuickSight reaches a private
// warehouse through; wireup creates none.
const VPCURL = "https://docs.aws.amazon.com/quicksight/latest/user/working-with-aws-vpc.html"

// Parameters are the data source's connection parameters for its type.
func Parameters(in map[string]string) (qstypes.DataSourceType, qstypes.DataSourceParameters, error) {
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
// user (RedshiftIAMParameters, quicksight.RedshiftIAMURL); a serverless workgroup by
// its endpoint, signed in with the secret of SignIn (below).
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

// SignIn is what QuickSight signs in with where no role does: the
// ARN of a Secrets Manager secret (the project's read-only database
// user's, planned with the data source), never a user name and password
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DataSourceCredentials.html,
// quicksight.SecretsURL).
func SignIn(in map[string]string) *qstypes.DataSourceCredentials {
	if in["type"] != string(qstypes.DataSourceTypeRedshift) || in["clusterId"] != "" {
		return nil
	}
	return &qstypes.DataSourceCredentials{SecretArn: aws.String(in["secretArn"])}
}

// VPC is the VPC connection QuickSight reaches a private warehouse
// through, when the spec names one (wireup creates none: VPCURL).
func VPC(in map[string]string) *qstypes.VpcConnectionProperties {
	if in["vpcConnectionArn"] == "" {
		return nil
	}
	return &qstypes.VpcConnectionProperties{VpcConnectionArn: aws.String(in["vpcConnectionArn"])}
}

// athenaSource queries Athena in the route's workgroup, as the project's
// role (AthenaParameters.RoleArn: this data source only, in place of the
// account-wide QuickSight service role, quicksight.RoleOverrideURL).
func athenaSource(in map[string]string) qstypes.DataSourceParameters {
	p := qstypes.AthenaParameters{WorkGroup: aws.String(in["workGroup"])}
	if in["roleArn"] != "" {
		p.RoleArn = aws.String(in["roleArn"])
	}
	return &qstypes.DataSourceParametersMemberAthenaParameters{Value: p}
}

// SSL is always on: QuickSight then connects to the engine over TLS
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_SslProperties.html).
func SSL() *qstypes.SslProperties { return &qstypes.SslProperties{DisableSsl: false} }

// ReachHint is what to do when QuickSight could not reach a warehouse
// that is not publicly accessible: only a VPC connection reaches it.
func ReachHint(ds *qstypes.DataSource) string {
	if ds.Type != qstypes.DataSourceTypeRedshift || ds.VpcConnectionProperties != nil {
		return ""
	}
	return ". QuickSight reaches a Redshift warehouse that is not publicly accessible only through a VPC connection in its VPC: create one (" + VPCURL + ") and set quicksight.vpcConnection in wireup.yaml to its ARN, then deploy again"
}

// Diff says how a described data source differs from its inputs: SSL
// turned off, or the data source pointed at another workgroup, warehouse
// or VPC connection. Empty when it matches.
func Diff(in map[string]string, ds *qstypes.DataSource) string {
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
