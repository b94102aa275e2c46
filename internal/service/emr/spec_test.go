package emr_test

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/emr"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
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
		{[]string{"s3-to-emr"}, spec.EMRSpark, "demo-us-east-1-data", "incoming/"},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-emr"}, spec.EMRSpark, "demo-us-east-1-data", "data/"},
		{[]string{"dynamodb-to-emr"}, spec.EMRHive, "demo-us-east-1-emr", ""},
		{[]string{"dynamodb-to-emr", "emr-to-s3"}, spec.EMRHive, "demo-us-east-1-data", ""},
	} {
		name := strings.Join(tt.route, "+")
		s, err := registry.New(c, "demo", "us-east-1", tt.route)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := registry.Validate(c, s); err != nil {
			t.Errorf("%s: defaults do not validate: %v", name, err)
		}
		e := s.EMR
		if e.Type != tt.typ || e.Bucket != tt.bucket || emr.EMRInput(c, s) != tt.input || e.ReleaseLabel != spec.EMRRelease || e.IdleTimeoutMinutes != 5 {
			t.Errorf("%s: emr %+v input %q, want %s in %s reading %q", name, e, emr.EMRInput(c, s), tt.typ, tt.bucket, tt.input)
		}
		if s.S3 != nil && len(s.S3.Events) > 0 {
			t.Errorf("%s: s3.events %v: EMR reads the data where it lies, nothing is notified", name, s.S3.Events)
		}
	}
}
