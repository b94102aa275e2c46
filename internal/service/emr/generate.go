package emr

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about EMR Serverless: no
// producer, reader or handler; cmd/job (templates/emr/job*), which uploads
// the job's script (templates/emr/job.py or job.hql), runs it on the
// application and waits for it. What it writes to S3 is an aggregate, not
// the project's events.
func Generator() service.Generator {
	return service.Generator{
		ID: "emr", Func: "EMR",
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/emrserverless", "github.com/aws/aws-sdk-go-v2/service/s3"},
		Indirect: s3.Indirect(),
		Settings: func(s *spec.Spec) []service.Setting {
			e, in := s.EMR, InputOf(s)
			input := ""
			if in.Prefix != "" && in.Table == "" {
				input = LayoutOf(s).URI(in.Prefix)
			}
			table := ""
			if in.Table != "" {
				table = in.Database + "." + in.Table
			}
			return []service.Setting{
				{Env: "EMR_APPLICATION", Field: "EMRApplication", Default: e.Application, Doc: "the EMR Serverless application cmd/job runs on"},
				{Env: "EMR_JOB_ROLE", Field: "EMRJobRole", Default: e.Role, Doc: "the job runtime role a job run assumes"},
				{Env: "EMR_BUCKET", Field: "EMRBucket", Default: e.Bucket, Doc: "the bucket of the job's script, output and logs"},
				{Env: "EMR_PREFIX", Field: "EMRPrefix", Default: e.Prefix, Doc: "the key prefix of the job's script (jobs/), output (out/) and logs (logs/)"},
				{Env: "EMR_INPUT", Field: "EMRInput", Default: input, Doc: "the S3 prefix the Spark job reads events from (empty when it reads a table)"},
				{Env: "EMR_TABLE", Field: "EMRTable", Default: table, Doc: "the Glue table (database.table) the Spark job reads through the Data Catalog"},
				{Env: "EMR_DYNAMODB_TABLE", Field: "EMRDynamoDBTable", Default: in.DynamoDBTable, Doc: "the DynamoDB table the Hive job scans"},
				{Env: "EMR_JOB_TIMEOUT_MINUTES", Field: "EMRJobTimeoutMinutes", Default: fmt.Sprint(e.JobTimeoutMinutes), Doc: "minutes before EMR cancels a job run"},
			}
		},
		Resource:    func(s *spec.Spec) string { return s.EMR.Application },
		Defaults:    Defaults,
		ResultsOnly: true,
		Commands: []service.Command{{
			Name: "job",
			// A route that gives the job nothing to read (glue-to-emr
			// without s3-to-glue, emr-to-s3 alone) gets the application
			// and its role, and no job.
			On: func(s *spec.Spec) bool { return s.EMR != nil && !InputOf(s).None() },
			Doc: func(s *spec.Spec) string {
				l := LayoutOf(s)
				return fmt.Sprintf("uploads the %s job to %s, runs it on EMR Serverless application %s and waits (`go run ./cmd/job`; Ctrl-C cancels the run); the aggregate is written as Parquet under %s; billed per vCPU- and GB-hour while it runs",
					ScriptName(s), l.URI(l.Scripts()), s.EMR.Application, l.URI(l.Output()))
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) { return LaunchPolicy(env, LaunchInputFor(s)) },
			Files:  func(s *spec.Spec) []string { return []string{ScriptName(s)} },
		}},
	}
}

// ScriptName is the job's script: a HiveQL file for the Hive application
// of a route from DynamoDB, else a PySpark file.
func ScriptName(s *spec.Spec) string {
	if s.EMR.Type == spec.EMRHive {
		return "job.hql"
	}
	return "job.py"
}
