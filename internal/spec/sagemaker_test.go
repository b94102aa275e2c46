package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// A route into SageMaker trains on the route's own prefix; the bucket is
// not a notification source (the training job reads the data where it
// lies), and Firehose writes under a static prefix.
func TestSageMakerDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route  []string
		source string
	}{
		{[]string{"app-to-s3", "s3-to-sagemaker"}, "incoming/"},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-sagemaker"}, "data/"},
		{[]string{"app-to-iot", "iot-to-s3", "s3-to-sagemaker"}, "incoming/"},
	} {
		name := strings.Join(tt.route, "+")
		s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := Validate(c, s, testRules...); err != nil {
			t.Errorf("%s: defaults do not validate: %v", name, err)
		}
		m := s.SageMaker
		if m == nil || m.SourcePrefix != tt.source || m.InstanceType != "ml.m5.large" || m.MaxRuntimeSeconds != 900 || m.JobPrefix != "demo-train" {
			t.Errorf("%s: sagemaker %+v", name, m)
		}
		if len(s.S3.Events) > 0 {
			t.Errorf("%s: the bucket notifies %v, but nothing on the route receives notifications", name, s.S3.Events)
		}
		if s.Firehose != nil && s.Firehose.Prefix != LakePrefix {
			t.Errorf("%s: Firehose prefix %q, want the static %s", name, s.Firehose.Prefix, LakePrefix)
		}
	}
}

// The section is checked against CreateTrainingJob's rules.
func TestSageMakerValidation(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	route := []string{"app-to-s3", "s3-to-sagemaker"}
	for _, tt := range []struct {
		name  string
		edit  func(s *Spec)
		field string
	}{
		{"prefix too long", func(s *Spec) { s.SageMaker.JobPrefix = strings.Repeat("a", 48) }, "sagemaker.jobPrefix"},
		{"prefix underscore", func(s *Spec) { s.SageMaker.JobPrefix = "demo_train" }, "sagemaker.jobPrefix"},
		{"prefix trailing hyphen", func(s *Spec) { s.SageMaker.JobPrefix = "demo-" }, "sagemaker.jobPrefix"},
		{"bad role", func(s *Spec) { s.SageMaker.Role = "demo role" }, "sagemaker.role"},
		{"output inside train", func(s *Spec) { s.SageMaker.OutputPrefix = "train/model/" }, "sagemaker.outputPrefix"},
		{"train prefix no slash", func(s *Spec) { s.SageMaker.TrainPrefix = "train" }, "sagemaker.trainPrefix"},
		{"source elsewhere", func(s *Spec) { s.SageMaker.SourcePrefix = "other/" }, "sagemaker.sourcePrefix"},
		{"instance type", func(s *Spec) { s.SageMaker.InstanceType = "m5.large" }, "sagemaker.instanceType"},
		{"two instances", func(s *Spec) { s.SageMaker.InstanceCount = 2 }, "sagemaker.instanceCount"},
		{"volume", func(s *Spec) { s.SageMaker.VolumeSizeGiB = 0 }, "sagemaker.volumeSizeGiB"},
		{"runtime over 28 days", func(s *Spec) { s.SageMaker.MaxRuntimeSeconds = 28*24*3600 + 1 }, "sagemaker.maxRuntimeSeconds"},
		{"version", func(s *Spec) { s.SageMaker.XGBoostVersion = "latest" }, "sagemaker.xgboostVersion"},
		{"no section", func(s *Spec) { s.SageMaker = nil }, "sagemaker"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(c, "demo", "us-east-1", route, testDefaults...)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(s)
			err = Validate(c, s, testRules...)
			if err == nil || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Validate = %v, want an error on %s", err, tt.field)
			}
		})
	}
}
