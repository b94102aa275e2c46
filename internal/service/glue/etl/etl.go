// Package etl is the Glue Spark ETL job of a route with glue-to-s3: the
// job kind (which uploads its PySpark script first), its security
// configuration kind, the job's role and the policy of cmd/etl, the
// glue.job and stepfunctions spec rules and defaults, the job's plan (the
// job, its security configuration and role, and the state machine that
// runs the crawler, then the job) and its capability row. The Data Catalog
// the job reads (database, table, crawler) is package glue's, which plans
// this package's resources with its own and passes the table they read.
package etl

import (
	"cmp"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// API is the part of the Glue client the package's kinds use.
type API interface {
	JobAPI
	SecurityConfigurationAPI
}

// Kinds are the kinds of the job, on the Glue client c, uploading the
// script with s.
func Kinds(c API, s ScriptAPI) []service.Provider {
	return []service.Provider{NewSecurityConfiguration(c), NewJob(c, s)}
}

// Glue's error codes for a name in use and a name not found
// (https://docs.aws.amazon.com/glue/latest/webapi/CommonErrors.html and
// each API's Errors section), as package glue reads them too.
const (
	codeExists   = "AlreadyExistsException"
	codeNotFound = "EntityNotFoundException"
)

// JobARN is a job's ARN, which no Glue call returns; the form is
// documented at
// https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html.
func JobARN(env plan.Env, name string) string {
	return arn.ARN{Partition: env.Partition, Service: "glue", Region: env.Region, AccountID: env.AccountID, Resource: "job/" + name}.String()
}

// jobName is the job a record stands for.
func jobName(rec *service.Record) string { return cmp.Or(rec.Outputs["name"], rec.Name) }

// location is an S3 URL, s3://BUCKET/KEY: the job's script or output.
func location(bucket, key string) string { return "s3://" + bucket + "/" + key }
