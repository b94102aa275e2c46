package emr

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what bounds the application's cost and what its job may
// touch.
func Defaults(s *spec.Spec) []service.Default {
	e := s.EMR
	return []service.Default{
		{Setting: "emr.idleTimeoutMinutes", Value: fmt.Sprintf("auto-stop after %d idle minutes, auto-start on the next job", e.IdleTimeoutMinutes),
			What: "the application releases its workers when no job runs, so an idle project bills nothing",
			Doc:  "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/application-capacity.html"},
		{Setting: "emr.maxVCPU", Value: fmt.Sprintf("%d vCPU, %d GB memory, %d GB disk", e.MaxVCPU, e.MaxMemoryGB, e.MaxDiskGB),
			What: "the application never runs more than this at once, all job runs together: the cap on what a run bills",
			Doc:  "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/application-capacity.html"},
		{Setting: "emr.jobTimeoutMinutes", Value: fmt.Sprintf("%d minutes", e.JobTimeoutMinutes),
			What: "EMR cancels a job run that runs longer",
			Doc:  "https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html"},
		{Setting: "emr.role", Value: e.Role,
			What: "the job runtime role reads only the script and the route's input and writes only the job's output, logs and scratch prefixes",
			Doc:  "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html"},
	}
}
