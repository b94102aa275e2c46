package glue

import (
	"github.com/wireup/wireup/internal/service/stepfunctions"
	"github.com/wireup/wireup/internal/targets"
)

// LocalStackPaid is why LocalStack is not offered for Glue and Athena.
const LocalStackPaid = "Glue and Athena are in a paid LocalStack tier in its mid-2025 docs, and wireup has not measured them there"

// Targets are the capability rows of the hops the Glue package owns: the
// crawls into the Data Catalog and the job out of it. Measured on moto 5.2.1 and kumo v0.33.1.
func Targets() targets.Rows {
	row := targets.Row{
		targets.Moto:       targets.Wired("moto stores the Glue crawler but never crawls: a started crawler stays RUNNING and creates no table"),
		targets.Kumo:       targets.Refused("kumo has no Glue crawler API (Unknown operation: CreateCrawler)", "kumo has no Glue crawlers"),
		targets.LocalStack: targets.Refused(LocalStackPaid, "Glue and Athena are in a paid LocalStack tier"),
	}
	return targets.Rows{"s3-to-glue": row, "dynamodb-to-glue": row, JobHop: jobRow()}
}

// jobRow is the Glue job's hop: its job, security configuration, crawler
// and Step Functions state machine deploy on moto 5.2.1 (measured with
// boto3 on moto's own backend: CreateJob, GetJob, GetTags, ListJobs by
// tag, DeleteJob, the security configuration calls, CreateStateMachine
// with logging and tracing, DescribeStateMachine, ListTagsForResource,
// DeleteStateMachine), but nothing runs: the output, which verify checks,
// is never written.
func jobRow() targets.Row {
	return targets.Row{
		targets.Moto:       targets.Wired(stepfunctions.MotoRunsNoJob),
		targets.Kumo:       targets.Refused(stepfunctions.KumoNoGlueTasks, "kumo has no Glue crawlers"),
		targets.LocalStack: targets.Refused(LocalStackPaid, "Glue and Athena are in a paid LocalStack tier"),
	}
}
