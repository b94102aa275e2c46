package etl

import (
	"github.com/wireup/wireup/internal/service/stepfunctions"
	"github.com/wireup/wireup/internal/targets"
)

// Row is the capability row of the Glue job's hop, which package glue's
// Targets holds with the crawls' rows, passing the LocalStack capability
// of Glue. The job, its security configuration, crawler and Step
// Functions state machine deploy on moto 5.2.1 (measured with boto3 on
// moto's own backend: CreateJob, GetJob, GetTags, ListJobs by tag,
// DeleteJob, the security configuration calls, CreateStateMachine with
// logging and tracing, DescribeStateMachine, ListTagsForResource,
// DeleteStateMachine), but nothing runs: the output, which verify checks,
// is never written.
func Row(localStack targets.Capability) targets.Row {
	return targets.Row{
		targets.Moto:       targets.Wired(stepfunctions.MotoRunsNoJob),
		targets.Kumo:       targets.Refused(stepfunctions.KumoNoGlueTasks, "kumo has no Glue crawlers"),
		targets.LocalStack: localStack,
	}
}
