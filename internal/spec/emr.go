package spec

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
)

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

var (
	emrAppNameRe = regexp.MustCompile(`^[A-Za-z0-9._/#-]{1,64}$`)
	emrReleaseRe = regexp.MustCompile(`^emr-[0-9]+\.[0-9]+\.[0-9]+$`)
)

// defaultEMR is the emr section of project n in region r. The bucket is
// the route's, when it has one.
func (s *Spec) defaultEMR(c *catalog.Catalog) *EMR {
	n := s.Name
	e := &EMR{Application: n, Type: EMRSpark, ReleaseLabel: EMRRelease, Role: n + "-emr-job",
		Bucket: n + "-" + s.Region + "-emr", Prefix: "emr/",
		// AWS's default idle timeout is 15 minutes; a starter project runs
		// one job now and then (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/application-capacity.html).
		IdleTimeoutMinutes: 5, MaxVCPU: 4, MaxMemoryGB: 16, MaxDiskGB: 80, JobTimeoutMinutes: 30}
	if s.HasHop(c, "dynamodb", "emr") {
		e.Type = EMRHive
	}
	if s.S3 != nil {
		e.Bucket = s.S3.Bucket
	}
	return e
}

// EMRInput is where the route's EMR job reads its events: an S3 prefix of
// the route's bucket (s3-to-emr), or "" when it reads a Glue table or a
// DynamoDB table instead.
func (s *Spec) EMRInput(c *catalog.Catalog) string {
	if !s.HasHop(c, "s3", "emr") || s.S3 == nil {
		return ""
	}
	if s.HasHop(c, "firehose", "s3") && s.Firehose != nil {
		return staticPrefix(s.Firehose.Prefix)
	}
	return s.S3.ObjectPrefix
}

func (v *validator) emr() {
	e := v.s.EMR
	if e == nil {
		return
	}
	v.name("emr.application", e.Application, func(s string) error {
		if !emrAppNameRe.MatchString(s) {
			return errors.New("must be 1-64 letters, digits and . _ / # - (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_CreateApplication.html)")
		}
		return nil
	})
	hive := v.s.HasHop(v.c, "dynamodb", "emr")
	switch {
	case hive && e.Type != EMRHive:
		v.add("emr.type", e.Type, "must be HIVE on a route from DynamoDB: the job reads the table through Hive's DynamoDB storage handler, which Spark SQL cannot create (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/using-ddb-connector-considerations.html)")
	case !hive && e.Type != EMRSpark:
		v.add("emr.type", e.Type, "must be SPARK: the generated job is a PySpark script (HIVE is for dynamodb-to-emr)")
	}
	if !emrReleaseRe.MatchString(e.ReleaseLabel) || !strings.HasPrefix(e.ReleaseLabel, "emr-7.") {
		v.add("emr.releaseLabel", e.ReleaseLabel, fmt.Sprintf("must be an EMR Serverless 7.x release such as %s (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/release-versions.html)", EMRRelease))
	}
	v.name("emr.role", e.Role, RoleName)
	v.name("emr.bucket", e.Bucket, BucketName)
	if b := v.s.S3; b != nil && e.Bucket != b.Bucket {
		v.add("emr.bucket", e.Bucket, fmt.Sprintf("must be s3.bucket %q: the job's script, output and logs go into the route's bucket", b.Bucket))
	}
	if e.Prefix == "" || !strings.HasSuffix(e.Prefix, "/") {
		v.add("emr.prefix", e.Prefix, "must be a key prefix ending in /, under which the job's script, output and logs go")
	} else {
		v.name("emr.prefix", e.Prefix, Prefix)
		if in := v.s.EMRInput(v.c); in == "" && v.s.HasHop(v.c, "s3", "emr") {
			v.add("s3.objectPrefix", "", "must be set on s3-to-emr: the job reads the events under it, and must not read its own output")
		} else if in != "" && (strings.HasPrefix(in, e.Prefix) || strings.HasPrefix(e.Prefix, in)) {
			v.add("emr.prefix", e.Prefix, fmt.Sprintf("must not overlap the prefix the job reads (%q): the job would read its own output", in))
		}
	}
	// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_AutoStopConfig.html
	v.between("emr.idleTimeoutMinutes", e.IdleTimeoutMinutes, 1, 10080, "minutes without a job before the application stops; EMR Serverless's range")
	v.between("emr.maxVCPU", e.MaxVCPU, 1, 64, "vCPUs all job runs may use at once; wireup's cap on what a run bills")
	v.between("emr.maxMemoryGB", e.MaxMemoryGB, 2, 512, "GB of memory all job runs may use at once; wireup's cap")
	v.between("emr.maxDiskGB", e.MaxDiskGB, 20, 2000, "GB of disk all job runs may use at once (each worker takes 20 GB at least); wireup's cap")
	// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html
	v.between("emr.jobTimeoutMinutes", e.JobTimeoutMinutes, 5, 1440, "minutes before a job run is cancelled; wireup's bound")
}
