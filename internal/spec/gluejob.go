package spec

import (
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
