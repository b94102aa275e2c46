package spec

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
)

// GlueJob is a Glue Spark ETL job: it reads the route's catalog table
// (the table the crawler writes over glue.prefix) and writes it as
// partitioned Parquet under OutputPrefix of the route's bucket. Its script
// is generated (glue/job.py) and uploaded by deploy.
type GlueJob struct {
	Name string `yaml:"name"` // 1-255 letters, digits, . _ -
	Role string `yaml:"role"` // the role the job runs as
	// GlueVersion is the Glue runtime (Spark and Python versions):
	// https://docs.aws.amazon.com/glue/latest/dg/release-notes.html.
	GlueVersion string `yaml:"glueVersion"`
	WorkerType  string `yaml:"workerType"` // G.1X, G.2X, G.4X, G.8X
	Workers     int    `yaml:"workers"`    // 2-299: a Spark job needs a driver and an executor
	// TimeoutMinutes stops a run that takes longer (and bills no longer).
	TimeoutMinutes int `yaml:"timeoutMinutes"`
	// Bookmarks turns job bookmarks on: a run reads only the objects
	// earlier runs did not (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html).
	Bookmarks bool `yaml:"bookmarks"`
	// ContinuousLogging streams the driver's and executors' logs to
	// CloudWatch Logs while the job runs.
	ContinuousLogging bool `yaml:"continuousLogging"`
	// SecurityConfiguration is the Glue security configuration the job
	// runs under: SSE-S3 for what it writes to S3.
	SecurityConfiguration string `yaml:"securityConfiguration"`
	// ScriptKey is the key of the uploaded script in the route's bucket.
	ScriptKey string `yaml:"scriptKey"`
	// OutputPrefix is where the job writes Parquet, partitioned by dt=.
	OutputPrefix string `yaml:"outputPrefix"`
}

// StepFunctions is the Standard state machine that runs the route's
// crawler, then its Glue job, and its execution log group.
type StepFunctions struct {
	StateMachine string `yaml:"stateMachine"` // 1-80 letters, digits, - _
	Role         string `yaml:"role"`
	// LogGroup receives the executions' ERROR-level events; AWS
	// recommends the /aws/vendedlogs/states/ prefix
	// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
	LogGroup         string `yaml:"logGroup"`
	LogRetentionDays int    `yaml:"logRetentionDays"`
}

// GlueJobs reports whether the route runs a Glue ETL job into S3.
func (s *Spec) GlueJobs(c *catalog.Catalog) bool { return s.HasHop(c, "glue", "s3") }

// applyGlueJobDefaults fills the job, its crawler and its state machine
// of a route with glue-to-s3.
func (s *Spec) applyGlueJobDefaults(c *catalog.Catalog) {
	if !s.GlueJobs(c) || s.Glue == nil {
		return
	}
	n := s.Name
	s.Glue.Prefix = LakePrefix
	if s.Glue.Crawler == nil {
		s.Glue.Crawler = &Crawler{Name: n + "-crawler", Role: "AWSGlueServiceRole-" + n, TablePrefix: "crawled_"}
	}
	// G.1X with 2 workers is the smallest Spark job Glue runs; 10
	// minutes bounds a runaway run's cost
	// (https://docs.aws.amazon.com/glue/latest/dg/add-job.html).
	s.Glue.Job = &GlueJob{
		Name: n + "-etl", Role: "AWSGlueServiceRole-" + n + "-etl",
		GlueVersion: "5.0", WorkerType: "G.1X", Workers: 2, TimeoutMinutes: 10,
		Bookmarks: true, ContinuousLogging: true,
		SecurityConfiguration: n + "-etl", ScriptKey: "glue/scripts/" + n + "-etl.py", OutputPrefix: "curated/",
	}
	s.StepFunctions = &StepFunctions{StateMachine: n + "-etl", Role: n + "-states",
		LogGroup: "/aws/vendedlogs/states/" + n + "-etl", LogRetentionDays: 14}
}

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

func (v *validator) glueJob() {
	s := v.s
	job := v.routeOK && s.GlueJobs(v.c)
	var j *GlueJob
	if s.Glue != nil {
		j = s.Glue.Job
	}
	switch {
	case job && j == nil:
		v.add("glue.job", "", "section is missing: the route has glue-to-s3, a Glue job writing into S3 (`wireup new` writes one with defaults)")
	case !job && j != nil:
		v.add("glue.job", "", "section is not used: the route has no glue-to-s3 hop")
	}
	switch {
	case job && s.StepFunctions == nil:
		v.add("stepfunctions", "", "section is missing: the state machine runs the crawler, then the Glue job")
	case !job && s.StepFunctions != nil:
		v.add("stepfunctions", "", "section is not used: only a route with glue-to-s3 has a state machine")
	}
	if !job || j == nil || s.StepFunctions == nil {
		return
	}
	v.name("glue.job.name", j.Name, func(x string) error {
		if !jobNameRe.MatchString(x) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html)")
		}
		return nil
	})
	v.name("glue.job.role", j.Role, RoleName)
	if s.Glue.Crawler != nil && j.Role == s.Glue.Crawler.Role {
		v.add("glue.job.role", j.Role, "must differ from glue.crawler.role: each gets only what it needs")
	}
	v.oneOf("glue.job.glueVersion", j.GlueVersion, glueVersions...)
	v.oneOf("glue.job.workerType", j.WorkerType, glueWorkerTypes...)
	v.between("glue.job.workers", j.Workers, 2, 299, "a Spark job needs a driver and an executor; Glue's G worker limit")
	v.between("glue.job.timeoutMinutes", j.TimeoutMinutes, 1, 2880, "Glue's job timeout is 1-2880 minutes for a batch job")
	v.name("glue.job.securityConfiguration", j.SecurityConfiguration, func(x string) error {
		if !jobNameRe.MatchString(x) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSecurityConfiguration.html)")
		}
		return nil
	})
	if j.ScriptKey == "" || strings.HasSuffix(j.ScriptKey, "/") || !strings.HasSuffix(j.ScriptKey, ".py") || len(j.ScriptKey) > 1024 {
		v.add("glue.job.scriptKey", j.ScriptKey, "must be an object key ending in .py, where deploy uploads the job's script")
	}
	switch {
	case j.OutputPrefix == "" || !strings.HasSuffix(j.OutputPrefix, "/"):
		v.add("glue.job.outputPrefix", j.OutputPrefix, "must be a key prefix ending in /, where the job writes Parquet")
	default:
		v.name("glue.job.outputPrefix", j.OutputPrefix, Prefix)
		for _, other := range []struct{ field, p string }{{"glue.prefix", s.Glue.Prefix}, {"glue.job.scriptKey", j.ScriptKey}} {
			if other.p != "" && (strings.HasPrefix(other.p, j.OutputPrefix) || strings.HasPrefix(j.OutputPrefix, other.p)) {
				v.add("glue.job.outputPrefix", j.OutputPrefix, fmt.Sprintf("must not overlap %s %q: the crawler would read the job's output, or the job would overwrite its input", other.field, other.p))
			}
		}
	}
	if s.Glue.Prefix != "" && strings.HasPrefix(j.ScriptKey, s.Glue.Prefix) {
		v.add("glue.job.scriptKey", j.ScriptKey, fmt.Sprintf("must not be under glue.prefix %q, which the crawler reads as data", s.Glue.Prefix))
	}
	sf := s.StepFunctions
	v.name("stepfunctions.stateMachine", sf.StateMachine, func(x string) error {
		if !stateMachineNameRe.MatchString(x) {
			return errors.New("must be 1-80 letters, digits, '-' and '_' (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html)")
		}
		return nil
	})
	v.name("stepfunctions.role", sf.Role, RoleName)
	v.name("stepfunctions.logGroup", sf.LogGroup, LogGroupName)
	if !slices.Contains(retentionDays, sf.LogRetentionDays) {
		v.add("stepfunctions.logRetentionDays", fmt.Sprint(sf.LogRetentionDays), "must be a value PutRetentionPolicy takes, such as 7, 14 or 30 (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html)")
	}
}
