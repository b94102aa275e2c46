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

// Settings are the settings of a quicksight.data-source as the planner
// writes them (quicksight.DataSourceSettings), with the references
// resolved at apply: the Athena workgroup and role, or the warehouse's
// cluster id and role (provisioned) or endpoint and secret (serverless).
// The owner's keys are account.PrincipalOf's, kept here so that the data
// source's settings are one struct.
type Settings struct {
	Type             string `setting:"type"`
	WorkGroup        string `setting:"workGroup"`
	RoleARN          string `setting:"roleArn"`
	Database         string `setting:"database"`
	ClusterID        string `setting:"clusterId"`
	DatabaseUser     string `setting:"databaseUser"`
	Host             string `setting:"host"`
	Port             int32  `setting:"port"`
	SecretARN        string `setting:"secretArn"`
	VPCConnectionARN string `setting:"vpcConnectionArn"`
	PrincipalUser    string `setting:"principalUser"`
	PrincipalGroup   string `setting:"principalGroup"`
	Namespace        string `setting:"namespace"`
}

// Parameters are the data source's connection parameters for its type.
func Parameters(in *Settings) (qstypes.DataSourceType, qstypes.DataSourceParameters, error) {
	switch t := qstypes.DataSourceType(in.Type); t {
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
func redshiftSource(in *Settings) (qstypes.DataSourceParameters, error) {
	p := qstypes.RedshiftParameters{Database: aws.String(in.Database)}
	switch {
	case in.ClusterID != "":
		p.ClusterId = aws.String(in.ClusterID)
		p.IAMParameters = &qstypes.RedshiftIAMParameters{RoleArn: aws.String(in.RoleARN), DatabaseUser: aws.String(in.DatabaseUser), AutoCreateDatabaseUser: true}
	case in.Host != "":
		if in.Port <= 0 {
			port := "" // absent: the workgroup reported no port yet
			if in.Port != 0 {
				port = strconv.Itoa(int(in.Port))
			}
			return nil, fmt.Errorf("the Redshift workgroup's port %q is not a port: deploy the workgroup first", port)
		}
		p.Host, p.Port = aws.String(in.Host), in.Port
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
func SignIn(in *Settings) *qstypes.DataSourceCredentials {
	if in.Type != string(qstypes.DataSourceTypeRedshift) || in.ClusterID != "" {
		return nil
	}
	return &qstypes.DataSourceCredentials{SecretArn: aws.String(in.SecretARN)}
}

// VPC is the VPC connection QuickSight reaches a private warehouse
// through, when the spec names one (wireup creates none: VPCURL).
func VPC(in *Settings) *qstypes.VpcConnectionProperties {
	if in.VPCConnectionARN == "" {
		return nil
	}
	return &qstypes.VpcConnectionProperties{VpcConnectionArn: aws.String(in.VPCConnectionARN)}
}

// athenaSource queries Athena in the route's workgroup, as the project's
// role (AthenaParameters.RoleArn: this data source only, in place of the
// account-wide QuickSight service role, quicksight.RoleOverrideURL).
func athenaSource(in *Settings) qstypes.DataSourceParameters {
	p := qstypes.AthenaParameters{WorkGroup: aws.String(in.WorkGroup)}
	if in.RoleARN != "" {
		p.RoleArn = aws.String(in.RoleARN)
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
func Diff(in *Settings, ds *qstypes.DataSource) string {
	if ds == nil {
		return "data source not returned"
	}
	var diffs service.Diffs
	diffs.If(ds.SslProperties != nil && ds.SslProperties.DisableSsl, "SSL is off")
	redshift := in.Type == string(qstypes.DataSourceTypeRedshift)
	if redshift {
		var got string
		if ds.VpcConnectionProperties != nil {
			got = aws.ToString(ds.VpcConnectionProperties.VpcConnectionArn)
		}
		diffs.If(got != in.VPCConnectionARN, "VPC connection %q, want %q", got, in.VPCConnectionARN)
	}
	r, ok := ds.DataSourceParameters.(*qstypes.DataSourceParametersMemberRedshiftParameters)
	if ok {
		redshiftDiff(&diffs, in, r.Value)
	}
	diffs.If(!ok && redshift, "not a Redshift data source")
	a, ok := ds.DataSourceParameters.(*qstypes.DataSourceParametersMemberAthenaParameters)
	if ok {
		g, want := aws.ToString(a.Value.WorkGroup), in.WorkGroup
		diffs.If(g != want, "workgroup %q, want %s", g, want)
		g, want = aws.ToString(a.Value.RoleArn), in.RoleARN
		diffs.If(g != want, "role %q, want %s", g, want)
	}
	diffs.If(!ok && in.Type == string(qstypes.DataSourceTypeAthena), "not an Athena data source")
	slices.Sort(diffs)
	return diffs.String()
}

// redshiftDiff names a REDSHIFT data source pointed elsewhere: another
// cluster, endpoint or database, or another role or database user.
func redshiftDiff(diffs *service.Diffs, in *Settings, p qstypes.RedshiftParameters) {
	check := func(what, got, want string) { diffs.If(got != want, "%s %q, want %s", what, got, want) }
	check("database", aws.ToString(p.Database), in.Database)
	if in.ClusterID != "" {
		check("cluster", aws.ToString(p.ClusterId), in.ClusterID)
		var role, user string
		if p.IAMParameters != nil {
			role, user = aws.ToString(p.IAMParameters.RoleArn), aws.ToString(p.IAMParameters.DatabaseUser)
		}
		check("role", role, in.RoleARN)
		check("database user", user, in.DatabaseUser)
	} else {
		check("host", aws.ToString(p.Host), in.Host)
	}
}
