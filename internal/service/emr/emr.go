// Package emr is Amazon EMR Serverless for wireup: the application kind
// (Spark, or Hive for a route from DynamoDB, with auto-start, auto-stop
// and a maximum capacity), the job runtime role its job runs assume, the
// generated job (a PySpark or HiveQL script and cmd/job, which uploads it
// and runs it) and the verify probe, which checks the Parquet a job run
// writes rather than the run's status.
//
// The catalog id is emr; EMR on EC2 (clusters) stays a guide, see the
// catalog's comment at the EMR section.
package emr

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
)

// Kinds are the EMR Serverless resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewApplication(emrserverless.NewFromConfig(cfg))}
}

// Principal is the service principal EMR Serverless assumes the job
// runtime role as.
const Principal = "emr-serverless.amazonaws.com"

// ApplicationsARN is the ARN pattern of every EMR Serverless application
// in env's account and Region; an application's id is EMR's to choose, so
// a plan-time policy cannot name it
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html).
func ApplicationsARN(env iam.Env) string {
	return arn.ARN{Partition: env.Partition, Service: "emr-serverless", Region: env.Region, AccountID: env.AccountID, Resource: "/applications/*"}.String()
}

// Layout is where a job's files go under the project's EMR prefix.
type Layout struct{ Bucket, Prefix string }

// Scripts is the prefix cmd/job uploads the script under.
func (l Layout) Scripts() string { return l.Prefix + "jobs/" }

// Output is the prefix job runs write their Parquet under, one folder per run.
func (l Layout) Output() string { return l.Prefix + "out/" }

// Logs is where EMR Serverless writes the driver and executor logs.
func (l Layout) Logs() string { return l.Prefix + "logs/" }

// Hive is Hive's scratch and warehouse space
// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-hive.html).
func (l Layout) Hive() string { return l.Prefix + "hive/" }

// URI is s3://bucket/key.
func (l Layout) URI(key string) string { return "s3://" + l.Bucket + "/" + key }
