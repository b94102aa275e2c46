package spec

// EMR is an EMR Serverless application (Spark, or Hive for a route from
// DynamoDB), the job runtime role its job runs assume, and the bucket and
// prefix where the job's script, output and logs live.
type EMR struct {
	Application string `yaml:"application"` // 1-64 letters, digits and . _ / # -
	// Type is the application's engine: SPARK, or HIVE for dynamodb-to-emr
	// (the DynamoDB storage handler is a Hive table).
	Type string `yaml:"type"`
	// ReleaseLabel is the EMR release, emr-7.12.0.
	ReleaseLabel string `yaml:"releaseLabel"`
	// Role is the job runtime role.
	Role string `yaml:"role"`
	// Bucket holds the job's files under Prefix: the script (jobs/), the
	// output (out/), the driver logs (logs/) and Hive's scratch space
	// (hive/). It is the route's bucket, or one of its own.
	Bucket string `yaml:"bucket"`
	Prefix string `yaml:"prefix"` // e.g. emr/
	// IdleTimeoutMinutes stops the application after that long without a
	// job (auto-stop); auto-start starts it for the next one.
	IdleTimeoutMinutes int `yaml:"idleTimeoutMinutes"`
	// MaxVCPU, MaxMemoryGB and MaxDiskGB cap what the application runs at
	// once, all its jobs together: the cost cap.
	MaxVCPU     int `yaml:"maxVCPU"`
	MaxMemoryGB int `yaml:"maxMemoryGB"`
	MaxDiskGB   int `yaml:"maxDiskGB"`
	// JobTimeoutMinutes cancels a job run that runs longer.
	JobTimeoutMinutes int `yaml:"jobTimeoutMinutes"`
}

// EMR engine types (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_CreateApplication.html).
const (
	EMRSpark = "SPARK"
	EMRHive  = "HIVE"
)

// EMRRelease is the newest release in EMR Serverless's list on 2026-12-02
// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/release-versions.html).
const EMRRelease = "emr-7.12.0"
