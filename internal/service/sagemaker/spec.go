package sagemaker

import (
	"errors"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// JobSuffixLen is the length of the "-YYYYMMDD-HHMMSS" cmd/train appends
// to sagemaker.jobPrefix to name a training job.
const JobSuffixLen = len("-20060102-150405")

// trainingJobNameRe is CreateTrainingJob's TrainingJobName pattern,
// ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html).
var (
	trainingJobNameRe = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`)
	instanceTypeRe    = regexp.MustCompile(`^ml\.[a-z0-9]+\.[a-z0-9]+$`)
	xgboostVersionRe  = regexp.MustCompile(`^[0-9]+\.[0-9]+-[0-9]+$`)
)

// JobPrefix checks sagemaker.jobPrefix: with cmd/train's timestamp suffix
// it must still be a training job name, 1-63 characters of letters,
// digits and hyphens, starting and ending with a letter or digit.
func JobPrefix(p string) error {
	if max := 63 - JobSuffixLen; len(p) < 1 || len(p) > max || !trainingJobNameRe.MatchString(p) {
		return errors.New("must be 1-47 letters, digits and hyphens, starting and ending with a letter or digit: cmd/train appends -YYYYMMDD-HHMMSS and a training job name is at most 63 characters (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html)")
	}
	return nil
}

// SpecRule checks the spec's sagemaker section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	m := v.Spec.SageMaker
	if m == nil {
		return
	}
	v.Name("sagemaker.jobPrefix", m.JobPrefix, JobPrefix)
	v.Name("sagemaker.role", m.Role, spec.RoleName)
	prefixes := []struct{ field, value string }{
		{"sagemaker.sourcePrefix", m.SourcePrefix}, {"sagemaker.trainPrefix", m.TrainPrefix}, {"sagemaker.outputPrefix", m.OutputPrefix},
	}
	ok := true
	for _, p := range prefixes {
		if p.value == "" || !strings.HasSuffix(p.value, "/") || strings.ContainsAny(p.value, "*?!{") {
			v.Add(p.field, p.value, "must be a literal key prefix ending in / (a training channel and its output are folders)")
			ok = false
			continue
		}
		v.Name(p.field, p.value, s3.KeyPrefix)
	}
	if ok {
		for i, a := range prefixes {
			for _, b := range prefixes[i+1:] {
				if strings.HasPrefix(a.value, b.value) || strings.HasPrefix(b.value, a.value) {
					v.Add(b.field, b.value, "must not overlap "+a.field+": the training channel would read its own output or the converter its CSV")
				}
			}
		}
	}
	if b := v.Spec.S3; b != nil && ok {
		if want := routePrefix(v.Spec); want != "" && m.SourcePrefix != want {
			v.Add("sagemaker.sourcePrefix", m.SourcePrefix, "must be "+want+", where the route writes its events")
		}
	}
	if !instanceTypeRe.MatchString(m.InstanceType) {
		v.Add("sagemaker.instanceType", m.InstanceType, "must be a SageMaker training instance type such as ml.m5.large (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html#Instance-XGBoost)")
	}
	// XGBoost 1.x trains on one instance unless the data is sharded
	// (S3DataDistributionType ShardedByS3Key); wireup's channel is
	// FullyReplicated, so more instances would only bill more.
	v.Between("sagemaker.instanceCount", m.InstanceCount, 1, 1, "the train channel is FullyReplicated: XGBoost on more instances would train the same data on each")
	v.Between("sagemaker.volumeSizeGiB", m.VolumeSizeGiB, 1, 16384, "ResourceConfig.VolumeSizeInGB; https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceConfig.html")
	// 28 days is StoppingCondition's maximum
	// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_StoppingCondition.html).
	v.Between("sagemaker.maxRuntimeSeconds", m.MaxRuntimeSeconds, 60, 28*24*3600, "StoppingCondition.MaxRuntimeInSeconds: SageMaker stops the job after it, which bounds what a run bills")
	if !xgboostVersionRe.MatchString(m.XGBoostVersion) {
		v.Add("sagemaker.xgboostVersion", m.XGBoostVersion, "must be a SageMaker XGBoost image tag such as 1.7-1 (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html#xgboost-supported-versions)")
	}
}

// routePrefix is where the route's producer or delivery stream writes its
// events in the bucket, or "" where it is not a literal prefix.
func routePrefix(s *spec.Spec) string {
	switch {
	case s.S3.ObjectPrefix != "":
		return s.S3.ObjectPrefix
	case s.Firehose != nil && !strings.Contains(s.Firehose.Prefix, "!{"):
		return s.Firehose.Prefix
	}
	return ""
}

// SpecDefault fills the sagemaker section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	if on["sagemaker"] {
		s.SageMaker = defaultSageMaker(s)
	}
}

// defaultSageMaker is a small, bounded training: one ml.m5.large (the
// instance AWS's XGBoost examples use), a 5 GiB volume and 15 minutes at
// most per job, on XGBoost 1.7-1
// (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html).
func defaultSageMaker(s *spec.Spec) *spec.SageMaker {
	sm := &spec.SageMaker{JobPrefix: s.Name + "-train", Role: s.Name + "-sagemaker", SourcePrefix: spec.LakePrefix,
		TrainPrefix: "train/", OutputPrefix: "model/", InstanceType: "ml.m5.large", InstanceCount: 1,
		VolumeSizeGiB: 5, MaxRuntimeSeconds: 900, XGBoostVersion: "1.7-1"}
	if s.S3 != nil && s.S3.ObjectPrefix != "" {
		sm.SourcePrefix = s.S3.ObjectPrefix
	}
	return sm
}
