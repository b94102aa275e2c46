package emr

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var (
	emrAppNameRe = regexp.MustCompile(`^[A-Za-z0-9._/#-]{1,64}$`)
	emrReleaseRe = regexp.MustCompile(`^emr-[0-9]+\.[0-9]+\.[0-9]+$`)
)

// SpecRule checks the spec's emr section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	e := v.Spec.EMR
	if e == nil {
		return
	}
	v.Name("emr.application", e.Application, func(s string) error {
		if !emrAppNameRe.MatchString(s) {
			return errors.New("must be 1-64 letters, digits and . _ / # - (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_CreateApplication.html)")
		}
		return nil
	})
	hive := v.Spec.HasHop(v.Catalog, "dynamodb", "emr")
	switch {
	case hive && e.Type != spec.EMRHive:
		v.Add("emr.type", e.Type, "must be HIVE on a route from DynamoDB: the job reads the table through Hive's DynamoDB storage handler, which Spark SQL cannot create (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/using-ddb-connector-considerations.html)")
	case !hive && e.Type != spec.EMRSpark:
		v.Add("emr.type", e.Type, "must be SPARK: the generated job is a PySpark script (HIVE is for dynamodb-to-emr)")
	}
	if !emrReleaseRe.MatchString(e.ReleaseLabel) || !strings.HasPrefix(e.ReleaseLabel, "emr-7.") {
		v.Add("emr.releaseLabel", e.ReleaseLabel, fmt.Sprintf("must be an EMR Serverless 7.x release such as %s (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/release-versions.html)", spec.EMRRelease))
	}
	v.Name("emr.role", e.Role, spec.RoleName)
	v.Name("emr.bucket", e.Bucket, s3.BucketName)
	if b := v.Spec.S3; b != nil && e.Bucket != b.Bucket {
		v.Add("emr.bucket", e.Bucket, fmt.Sprintf("must be s3.bucket %q: the job's script, output and logs go into the route's bucket", b.Bucket))
	}
	if e.Prefix == "" || !strings.HasSuffix(e.Prefix, "/") {
		v.Add("emr.prefix", e.Prefix, "must be a key prefix ending in /, under which the job's script, output and logs go")
	} else {
		v.Name("emr.prefix", e.Prefix, s3.KeyPrefix)
		if in := EMRInput(v.Catalog, v.Spec); in == "" && v.Spec.HasHop(v.Catalog, "s3", "emr") {
			v.Add("s3.objectPrefix", "", "must be set on s3-to-emr: the job reads the events under it, and must not read its own output")
		} else if in != "" && (strings.HasPrefix(in, e.Prefix) || strings.HasPrefix(e.Prefix, in)) {
			v.Add("emr.prefix", e.Prefix, fmt.Sprintf("must not overlap the prefix the job reads (%q): the job would read its own output", in))
		}
	}
	// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_AutoStopConfig.html
	v.Between("emr.idleTimeoutMinutes", e.IdleTimeoutMinutes, 1, 10080, "minutes without a job before the application stops; EMR Serverless's range")
	v.Between("emr.maxVCPU", e.MaxVCPU, 1, 64, "vCPUs all job runs may use at once; wireup's cap on what a run bills")
	v.Between("emr.maxMemoryGB", e.MaxMemoryGB, 2, 512, "GB of memory all job runs may use at once; wireup's cap")
	v.Between("emr.maxDiskGB", e.MaxDiskGB, 20, 2000, "GB of disk all job runs may use at once (each worker takes 20 GB at least); wireup's cap")
	// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html
	v.Between("emr.jobTimeoutMinutes", e.JobTimeoutMinutes, 5, 1440, "minutes before a job run is cancelled; wireup's bound")
}

// SpecDefault fills the emr section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	if on["emr"] {
		s.EMR = defaultEMR(c, s)
	}
}

// defaultEMR is the emr section of project n in region r. The bucket is
// the route's, when it has one.
func defaultEMR(c *catalog.Catalog, s *spec.Spec) *spec.EMR {
	n := s.Name
	e := &spec.EMR{Application: n, Type: spec.EMRSpark, ReleaseLabel: spec.EMRRelease, Role: n + "-emr-job",
		Bucket: n + "-" + s.Region + "-emr", Prefix: "emr/",
		// AWS's default idle timeout is 15 minutes; a starter project runs
		// one job now and then (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/application-capacity.html).
		IdleTimeoutMinutes: 5, MaxVCPU: 4, MaxMemoryGB: 16, MaxDiskGB: 80, JobTimeoutMinutes: 30}
	if s.HasHop(c, "dynamodb", "emr") {
		e.Type = spec.EMRHive
	}
	if s.S3 != nil {
		e.Bucket = s.S3.Bucket
	}
	return e
}

// EMRInput is where the route's EMR job reads its events: an S3 prefix of
// the route's bucket (s3-to-emr), or "" when it reads a Glue table or a
// DynamoDB table instead.
func EMRInput(c *catalog.Catalog, s *spec.Spec) string {
	if !s.HasHop(c, "s3", "emr") || s.S3 == nil {
		return ""
	}
	if s.HasHop(c, "firehose", "s3") && s.Firehose != nil {
		return spec.StaticPrefix(s.Firehose.Prefix)
	}
	return s.S3.ObjectPrefix
}
