package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

func TestEMRRules(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		route []string
		edit  func(*Spec)
		field string
	}{
		{"Hive over S3", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.Type = EMRHive }, "emr.type"},
		{"Spark over DynamoDB", []string{"dynamodb-to-emr"}, func(s *Spec) { s.EMR.Type = EMRSpark }, "emr.type"},
		{"old release", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.ReleaseLabel = "emr-6.15.0" }, "emr.releaseLabel"},
		{"another bucket", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.Bucket = "elsewhere" }, "emr.bucket"},
		{"job reads its own output", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.Prefix = "incoming/emr/" }, "emr.prefix"},
		{"no input prefix", []string{"s3-to-emr"}, func(s *Spec) { s.S3.ObjectPrefix = "" }, "s3.objectPrefix"},
		{"name", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.Application = "a b" }, "emr.application"},
		{"no idle stop", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.IdleTimeoutMinutes = 0 }, "emr.idleTimeoutMinutes"},
		{"capacity cap", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.MaxVCPU = 400 }, "emr.maxVCPU"},
		{"job timeout", []string{"s3-to-emr"}, func(s *Spec) { s.EMR.JobTimeoutMinutes = 1 }, "emr.jobTimeoutMinutes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
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
