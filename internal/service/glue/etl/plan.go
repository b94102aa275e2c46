package etl

import (
	"strconv"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/stepfunctions"
	"github.com/wireup/wireup/internal/spec"
)

// JobHop is the hop of the Glue job: a job reading the catalog, writing S3.
const JobHop = "glue-to-s3"

// Plan plans the Glue job of the spec, reading the catalog table table
// (package glue's TableName), its security configuration, its role (whose
// policy Roles sets), and the state machine that runs the crawler, then
// the job. Package glue calls it after planning the crawler.
func Plan(b *plan.Builder, s *spec.Spec, table string) error {
	j, key := s.Glue.Job, plan.KeyARN(s.S3.KMSKey)
	b.Add(&plan.Resource{ID: IDSecurityConfiguration, Kind: KindSecurityConfiguration, Name: j.SecurityConfiguration, Integration: JobHop,
		Settings: map[string]string{"kmsKey": key}})
	b.Add(&plan.Resource{ID: IDRoleJob, Kind: plan.KindRole, Name: j.Role, Integration: JobHop})
	job := b.Add(&plan.Resource{ID: IDJob, Kind: KindJob, Name: j.Name, Integration: JobHop, Settings: map[string]string{
		"glueVersion": j.GlueVersion, "workerType": j.WorkerType, "numberOfWorkers": plan.ItoA(j.Workers), "timeoutMinutes": plan.ItoA(j.TimeoutMinutes),
		"bookmarks": strconv.FormatBool(j.Bookmarks), "continuousLogging": strconv.FormatBool(j.ContinuousLogging),
		"scriptKey": j.ScriptKey, "script": ScriptDigest(), "outputPrefix": j.OutputPrefix, "table": table,
	}})
	b.Ref(job, "roleArn", IDRoleJob, "arn")
	b.Ref(job, "bucket", plan.IDBucket, "name")
	b.Ref(job, "database", plan.IDGlueDatabase, "name")
	b.Ref(job, "securityConfiguration", IDSecurityConfiguration, "name")
	return stepfunctions.Plan(b, stepfunctions.PlanInput{Integration: JobHop, CrawlerID: plan.IDCrawler, JobID: IDJob,
		Crawler: s.Glue.Crawler.Name, Job: j.Name, JobTimeoutMinutes: j.TimeoutMinutes})
}

// JobInput is the job role input of the spec's job, reading the catalog
// table table; the plan and the generator's iam/ files both use it.
func JobInput(s *spec.Spec, table string) JobRoleInput {
	g := s.Glue
	return JobRoleInput{RoleName: g.Job.Role, JobName: g.Job.Name, Database: g.Database, Table: table, Bucket: s.S3.Bucket,
		InputPrefix: g.Prefix, OutputPrefix: g.Job.OutputPrefix, ScriptKey: g.Job.ScriptKey, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}

// Roles sets the policies of the job's role and of its state machine's
// role, the job reading the catalog table table; package glue's
// Planner.Roles calls it on a spec with a job, after the crawler's role.
func Roles(b *plan.Builder, table string) error {
	s := b.Spec()
	if err := b.SetRole(IDRoleJob)(JobRole(b.IAMEnv(), JobInput(s, table))); err != nil {
		return err
	}
	return b.SetRole(stepfunctions.IDRole)(stepfunctions.Role(b.IAMEnv(), stepfunctions.RoleOf(s, s.Glue.Crawler.Name, s.Glue.Job.Name)))
}
