package etl

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var (
	jobNameRe          = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,255}$`)
	stateMachineNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,80}$`)
)

// glueWorkerTypes are the Spark worker types of a glueetl job
// (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html).
var glueWorkerTypes = []string{"G.1X", "G.2X", "G.4X", "G.8X"}

// glueVersions are the Glue versions AWS supports for Spark jobs
// (https://docs.aws.amazon.com/glue/latest/dg/release-notes.html).
var glueVersions = []string{"4.0", "5.0"}

// SpecRule checks the glue.job and stepfunctions sections of a route
// with glue-to-s3, a spec.Rule that registry.Validate runs.
func SpecRule(v *spec.Validator) {
	s := v.Spec
	job := v.RouteOK() && s.GlueJobs(v.Catalog)
	var j *spec.GlueJob
	if s.Glue != nil {
		j = s.Glue.Job
	}
	switch {
	case job && j == nil:
		v.Add("glue.job", "", "section is missing: the route has glue-to-s3, a Glue job writing into S3 (`wireup new` writes one with defaults)")
	case !job && j != nil:
		v.Add("glue.job", "", "section is not used: the route has no glue-to-s3 hop")
	}
	switch {
	case job && s.StepFunctions == nil:
		v.Add("stepfunctions", "", "section is missing: the state machine runs the crawler, then the Glue job")
	case !job && s.StepFunctions != nil:
		v.Add("stepfunctions", "", "section is not used: only a route with glue-to-s3 has a state machine")
	}
	if !job || j == nil || s.StepFunctions == nil {
		return
	}
	v.Name("glue.job.name", j.Name, func(x string) error {
		if !jobNameRe.MatchString(x) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html)")
		}
		return nil
	})
	v.Name("glue.job.role", j.Role, spec.RoleName)
	if s.Glue.Crawler != nil && j.Role == s.Glue.Crawler.Role {
		v.Add("glue.job.role", j.Role, "must differ from glue.crawler.role: each gets only what it needs")
	}
	v.OneOf("glue.job.glueVersion", j.GlueVersion, glueVersions...)
	v.OneOf("glue.job.workerType", j.WorkerType, glueWorkerTypes...)
	v.Between("glue.job.workers", j.Workers, 2, 299, "a Spark job needs a driver and an executor; Glue's G worker limit")
	v.Between("glue.job.timeoutMinutes", j.TimeoutMinutes, 1, 2880, "Glue's job timeout is 1-2880 minutes for a batch job")
	v.Name("glue.job.securityConfiguration", j.SecurityConfiguration, func(x string) error {
		if !jobNameRe.MatchString(x) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSecurityConfiguration.html)")
		}
		return nil
	})
	if j.ScriptKey == "" || strings.HasSuffix(j.ScriptKey, "/") || !strings.HasSuffix(j.ScriptKey, ".py") || len(j.ScriptKey) > 1024 {
		v.Add("glue.job.scriptKey", j.ScriptKey, "must be an object key ending in .py, where deploy uploads the job's script")
	}
	switch {
	case j.OutputPrefix == "" || !strings.HasSuffix(j.OutputPrefix, "/"):
		v.Add("glue.job.outputPrefix", j.OutputPrefix, "must be a key prefix ending in /, where the job writes Parquet")
	default:
		v.Name("glue.job.outputPrefix", j.OutputPrefix, s3.KeyPrefix)
		for _, other := range []struct{ field, p string }{{"glue.prefix", s.Glue.Prefix}, {"glue.job.scriptKey", j.ScriptKey}} {
			if other.p != "" && (strings.HasPrefix(other.p, j.OutputPrefix) || strings.HasPrefix(j.OutputPrefix, other.p)) {
				v.Add("glue.job.outputPrefix", j.OutputPrefix, fmt.Sprintf("must not overlap %s %q: the crawler would read the job's output, or the job would overwrite its input", other.field, other.p))
			}
		}
	}
	if s.Glue.Prefix != "" && strings.HasPrefix(j.ScriptKey, s.Glue.Prefix) {
		v.Add("glue.job.scriptKey", j.ScriptKey, fmt.Sprintf("must not be under glue.prefix %q, which the crawler reads as data", s.Glue.Prefix))
	}
	sf := s.StepFunctions
	v.Name("stepfunctions.stateMachine", sf.StateMachine, func(x string) error {
		if !stateMachineNameRe.MatchString(x) {
			return errors.New("must be 1-80 letters, digits, '-' and '_' (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html)")
		}
		return nil
	})
	v.Name("stepfunctions.role", sf.Role, spec.RoleName)
	v.Name("stepfunctions.logGroup", sf.LogGroup, spec.LogGroupName)
	if !slices.Contains(spec.RetentionDays, sf.LogRetentionDays) {
		v.Add("stepfunctions.logRetentionDays", fmt.Sprint(sf.LogRetentionDays), "must be a value PutRetentionPolicy takes, such as 7, 14 or 30 (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html)")
	}
}

// SpecDefault fills the job, its crawler and its state machine of a
// route with glue-to-s3, a spec.Default that registry.New runs after
// glue.SpecDefault.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	if !s.GlueJobs(c) || s.Glue == nil {
		return
	}
	n := s.Name
	s.Glue.Prefix = spec.LakePrefix
	if s.Glue.Crawler == nil {
		s.Glue.Crawler = &spec.Crawler{Name: n + "-crawler", Role: "AWSGlueServiceRole-" + n, TablePrefix: "crawled_"}
	}
	// G.1X with 2 workers is the smallest Spark job Glue runs; 10
	// minutes bounds a runaway run's cost
	// (https://docs.aws.amazon.com/glue/latest/dg/add-job.html).
	s.Glue.Job = &spec.GlueJob{
		Name: n + "-etl", Role: "AWSGlueServiceRole-" + n + "-etl",
		GlueVersion: "5.0", WorkerType: "G.1X", Workers: 2, TimeoutMinutes: 10,
		Bookmarks: true, ContinuousLogging: true,
		SecurityConfiguration: n + "-etl", ScriptKey: "glue/scripts/" + n + "-etl.py", OutputPrefix: "curated/",
	}
	s.StepFunctions = &spec.StepFunctions{StateMachine: n + "-etl", Role: n + "-states",
		LogGroup: "/aws/vendedlogs/states/" + n + "-etl", LogRetentionDays: 14}
}
