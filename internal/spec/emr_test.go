package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// The emr section's defaults: Spark over the route's bucket, Hive with a
// bucket of its own for a route from DynamoDB; s3-to-emr gives the
// producer a prefix the job reads and does not write.
func TestEMRDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route              []string
		typ, bucket, input string
	}{
		{[]string{"s3-to-emr"}, EMRSpark, "demo-us-east-1-data", "incoming/"},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-emr"}, EMRSpark, "demo-us-east-1-data", "data/"},
		{[]string{"dynamodb-to-emr"}, EMRHive, "demo-us-east-1-emr", ""},
		{[]string{"dynamodb-to-emr", "emr-to-s3"}, EMRHive, "demo-us-east-1-data", ""},
	} {
		name := strings.Join(tt.route, "+")
		s, err := New(c, "demo", "us-east-1", tt.route)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := Validate(c, s); err != nil {
			t.Errorf("%s: defaults do not validate: %v", name, err)
		}
		e := s.EMR
		if e.Type != tt.typ || e.Bucket != tt.bucket || s.EMRInput(c) != tt.input || e.ReleaseLabel != EMRRelease || e.IdleTimeoutMinutes != 5 {
			t.Errorf("%s: emr %+v input %q, want %s in %s reading %q", name, e, s.EMRInput(c), tt.typ, tt.bucket, tt.input)
		}
		if s.S3 != nil && len(s.S3.Events) > 0 {
			t.Errorf("%s: s3.events %v: EMR reads the data where it lies, nothing is notified", name, s.S3.Events)
		}
	}
}

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
			s, err := New(c, "demo", "us-east-1", tt.route)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(s)
			err = Validate(c, s)
			if err == nil || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Validate = %v, want an error on %s", err, tt.field)
			}
		})
	}
}
