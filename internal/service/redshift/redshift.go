// Package redshift is Amazon Redshift for wireup: the warehouse a route
// loads into, unloads from or queries the lake with. Its kinds are the
// Redshift Serverless namespace, workgroup and usage limit (the default
// warehouse) and the provisioned cluster (redshift.mode: provisioned).
// Deploy creates the warehouse and the role COPY, UNLOAD and Spectrum use;
// the SQL (the table, COPY, UNLOAD, the external schema) ships with the
// generated project and runs through the Redshift Data API (cmd/sql).
package redshift

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Redshift resource kinds: the cluster on a Redshift client,
// the serverless kinds on one Redshift Serverless client.
func Kinds(cfg aws.Config) []service.Provider {
	rs := redshift.NewFromConfig(cfg)
	sl := redshiftserverless.NewFromConfig(cfg)
	return []service.Provider{NewCluster(rs), NewNamespace(sl), NewWorkgroup(sl), NewUsageLimit(sl)}
}

// Error codes Redshift Serverless documents for the calls wireup makes
// (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html,
// API_CreateNamespace.html): a name taken or an operation in progress, a
// missing resource, an account quota.
const (
	codeConflict = "ConflictException"
	codeNotFound = "ResourceNotFoundException"
	codeQuota    = "ServiceQuotaExceededException"
)

// Error codes of the provisioned API
// (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html).
const (
	codeClusterExists   = "ClusterAlreadyExists"
	codeClusterNotFound = "ClusterNotFound"
	codeClusterState    = "InvalidClusterState"
)

// name is the resource a record stands for.
func name(rec *service.Record) string {
	if n := rec.Outputs["name"]; n != "" {
		return n
	}
	return rec.Name
}

// unlisted reports a listing the target does not serve: moto answers
// Redshift Serverless with an HTML page (HTTP 500), kumo with
// UnknownService. What the state records is still deleted by name.
func unlisted(err error) bool {
	code := service.ErrorCode(err)
	return code == "UnknownService" || code == "UnknownOperationException" || code == "" && service.HTTPStatus(err) >= 500
}

// public reports whether the plan makes the warehouse publicly
// accessible: only when a delivery stream loads it, as Firehose reaches
// Redshift over its public endpoint and wireup creates no VPC
// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs).
// Which addresses may connect stays the security group's, which the
// user opens to the Firehose CIDR of the Region.
func public(in map[string]string) bool { return in["publiclyAccessible"] == "true" }
