package etl

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the Glue job and its state machine, and what
// bounds a run's cost; none on a route without a job.
func Defaults(s *spec.Spec) []service.Default {
	j, sf := s.Glue.Job, s.StepFunctions
	if j == nil || sf == nil {
		return nil
	}
	enc := "SSE-S3"
	if s.S3.KMSKey != "" {
		enc = "SSE-KMS with " + s.S3.KMSKey
	}
	return []service.Default{
		{Setting: "glue.job.securityConfiguration", Value: fmt.Sprintf("%s (%s)", j.SecurityConfiguration, enc),
			What: "what the job writes to S3 is encrypted by its security configuration",
			Doc:  "https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html"},
		{Setting: "glue.job.timeoutMinutes", Value: fmt.Sprintf("%d minutes, %d × %s, no retries", j.TimeoutMinutes, j.Workers, j.WorkerType),
			What: "a run that takes longer is stopped, which bounds its cost (billed per DPU-hour)",
			Doc:  "https://docs.aws.amazon.com/glue/latest/dg/add-job.html"},
		{Setting: "glue.job.bookmarks", Value: fmt.Sprint(j.Bookmarks),
			What: "a run reads only the objects no earlier run read",
			Doc:  "https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html"},
		{Setting: "glue.job.continuousLogging", Value: fmt.Sprint(j.ContinuousLogging),
			What: "the driver's and executors' logs stream to CloudWatch Logs while the job runs",
			Doc:  "https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging-enable.html"},
		{Setting: "stepfunctions.logGroup", Value: fmt.Sprintf("%s, ERROR level, %d days", sf.LogGroup, sf.LogRetentionDays),
			What: "the state machine logs failed states, without execution data, to a log group wireup creates",
			Doc:  "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html"},
	}
}
