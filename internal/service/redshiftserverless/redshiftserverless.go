// Package redshiftserverless is Amazon Redshift Serverless for wireup:
// the default warehouse of the catalog's redshift service
// (redshift.mode: serverless), its namespace, workgroup and usage limit,
// on one Redshift Serverless client.
//
// Redshift Serverless is no hop of a route of its own: the Redshift
// planner, which owns the warehouse's hops in both modes, plans these
// kinds with Plan.
package redshiftserverless

import (
	"cmp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Redshift Serverless resource kinds, on one client built
// from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	sl := redshiftserverless.NewFromConfig(cfg)
	return []service.Provider{NewNamespace(sl), NewWorkgroup(sl), NewUsageLimit(sl)}
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

// name is the resource a record stands for.
func name(rec *service.Record) string { return cmp.Or(rec.Outputs["name"], rec.Name) }

// unlisted reports a listing the target does not serve: moto answers
// Redshift Serverless with an HTML page (HTTP 500), kumo with
// UnknownService. What the state records is still deleted by name.
func unlisted(err error) bool {
	code := service.ErrorCode(err)
	return code == "UnknownService" || code == "UnknownOperationException" || code == "" && service.HTTPStatus(err) >= 500
}

// maxCreates bounds the creates of one Ensure: a name in conflict that is
// then not found (a delete finishing between the calls) is created again,
// a few times at most.
const maxCreates = 5
