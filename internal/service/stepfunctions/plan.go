package stepfunctions

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// PlanInput is what the state machine runs: the plan resource ids of the
// crawler and the job it starts, and their names.
type PlanInput struct {
	Integration       string // the hop it serves (glue-to-s3)
	CrawlerID, JobID  string
	Crawler, Job      string
	JobTimeoutMinutes int
}

// Plan adds the spec's state machine, its log group and its role (whose
// policy Roles sets): a STANDARD machine, logging ERROR-level events
// without execution data, tracing off.
func Plan(b *plan.Builder, in PlanInput) error {
	sf := b.Spec().StepFunctions
	def, err := ETL(ETLInput{Partition: b.Env().Partition, Crawler: in.Crawler, Job: in.Job, JobTimeoutMinutes: in.JobTimeoutMinutes}).JSON()
	if err != nil {
		return err
	}
	b.Add(&plan.Resource{ID: IDLogGroup, Kind: plan.KindLogGroup, Name: sf.LogGroup, Integration: in.Integration,
		Settings: map[string]string{"retentionDays": plan.ItoA(sf.LogRetentionDays)}})
	b.Add(&plan.Resource{ID: IDRole, Kind: plan.KindRole, Name: sf.Role, Integration: in.Integration})
	sm := b.Add(&plan.Resource{ID: IDStateMachine, Kind: KindStateMachine, Name: sf.StateMachine, Integration: in.Integration,
		Settings: map[string]string{"type": "STANDARD", "logLevel": "ERROR", "tracing": "false", "definition": def}})
	b.Ref(sm, "roleArn", IDRole, "arn")
	b.Ref(sm, "logGroupArn", IDLogGroup, "arn")
	// Ordered after what it runs, so destroy stops it first.
	b.Ref(sm, "crawler", in.CrawlerID, "name")
	b.Ref(sm, "job", in.JobID, "name")
	return nil
}

// RoleOf is the role input of the spec's state machine.
func RoleOf(s *spec.Spec, crawler, job string) RoleInput {
	return RoleInput{RoleName: s.StepFunctions.Role, StateMachine: s.StepFunctions.StateMachine, Crawler: crawler, Job: job}
}
