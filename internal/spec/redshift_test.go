package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// The warehouse defaults to Serverless at 4 RPUs with a daily usage limit;
// each route gets the prefixes and the schema its SQL needs, and a route
// with Spectrum gets an unpartitioned Glue table over the data.
func TestRedshiftDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route                            []string
		copyPrefix, unload, schema, tabl string
	}{
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, "data/", "", "", ""},
		{[]string{"s3-to-redshift"}, "incoming/", "", "", ""},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift-spectrum"}, "", "", "lake", "events"},
		{[]string{"dynamodb-to-glue", "glue-to-redshift", "redshift-to-s3"}, "", "unload/", "lake", ""},
	} {
		name := strings.Join(tt.route, "+")
		s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := s.Redshift
		if r.Mode != RedshiftServerless || r.BaseCapacity != 4 || r.UsageLimitRPUHours != 4 || r.Namespace != "demo-ns" || r.Workgroup != "demo-wg" {
			t.Errorf("%s: redshift = %+v", name, r)
		}
		if r.CopyPrefix != tt.copyPrefix || r.UnloadPrefix != tt.unload || r.ExternalSchema != tt.schema {
			t.Errorf("%s: copy %q unload %q schema %q", name, r.CopyPrefix, r.UnloadPrefix, r.ExternalSchema)
		}
		if tt.tabl != "" && (s.Glue == nil || s.Glue.Table != tt.tabl || s.Glue.ProjectionStart != "") {
			t.Errorf("%s: glue = %+v, want an unpartitioned table", name, s.Glue)
		}
		if s.S3 != nil && len(s.S3.Events) > 0 {
			t.Errorf("%s: the bucket notifies %v; COPY reads it where it lies", name, s.S3.Events)
		}
	}
}

// Invalid settings are refused with the field named; the fields of the
// mode not chosen are not checked.
func TestRedshiftValidate(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(r *Redshift)
		field string
	}{
		{"mode", func(r *Redshift) { r.Mode = "dc2" }, "redshift.mode"},
		{"namespace too short", func(r *Redshift) { r.Namespace = "ab" }, "redshift.namespace"},
		{"workgroup upper case", func(r *Redshift) { r.Workgroup = "Demo-WG" }, "redshift.workgroup"},
		{"base capacity", func(r *Redshift) { r.BaseCapacity = 12 }, "redshift.baseCapacity"},
		{"base capacity past 512", func(r *Redshift) { r.BaseCapacity = 520 }, "redshift.baseCapacity"},
		{"usage limit", func(r *Redshift) { r.UsageLimitRPUHours = 0 }, "redshift.usageLimitRPUHours"},
		{"cluster double hyphen", func(r *Redshift) { r.Mode, r.Cluster = RedshiftProvisioned, "demo--cluster" }, "redshift.cluster"},
		{"node type", func(r *Redshift) { r.Mode, r.NodeType = RedshiftProvisioned, "ra3.16xlarge" }, "redshift.nodeType"},
		{"database", func(r *Redshift) { r.Database = "Dev" }, "redshift.database"},
		{"copy prefix", func(r *Redshift) { r.CopyPrefix = "data" }, "redshift.copyPrefix"},
		{"unused schema", func(r *Redshift) { r.ExternalSchema = "lake" }, "redshift.externalSchema"},
		{"role", func(r *Redshift) { r.Role = "demo-firehose" }, "redshift.role"},
	} {
		s, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		tt.edit(s.Redshift)
		err = Validate(c, s, testRules...)
		if err == nil || !strings.Contains(err.Error(), tt.field+":") {
			t.Errorf("%s: Validate = %v, want %s refused", tt.name, err, tt.field)
		}
	}
	s, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	s.Redshift.Mode, s.Redshift.BaseCapacity = RedshiftProvisioned, 12
	if err := Validate(c, s, testRules...); err != nil {
		t.Errorf("provisioned with an unused serverless field: %v", err)
	}
}

// The Firehose route's settings: its own user, secret and staging bucket
// by default, each checked; and refused on a route without the hop.
func TestRedshiftFirehoseValidate(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	route := []string{"app-to-firehose", "firehose-to-redshift"}
	s, err := New(c, "demo", "us-east-1", route, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	r := s.Redshift
	if !r.Firehose() || r.FirehoseUser != "firehose" || r.FirehoseSecret != "demo-redshift-firehose" || r.StagingBucket != "demo-us-east-1-rs-staging" ||
		r.StagingPrefix != "staging/" || r.BackupPrefix != "backup/" || r.RetrySeconds != 3600 || r.CopyPrefix != "" {
		t.Errorf("defaults: %+v", r)
	}
	for _, tt := range []struct {
		name  string
		edit  func(r *Redshift)
		field string
	}{
		{"user is the admin", func(r *Redshift) { r.FirehoseUser = r.AdminUser }, "redshift.firehoseUser"},
		{"user upper case", func(r *Redshift) { r.FirehoseUser = "Firehose" }, "redshift.firehoseUser"},
		{"secret", func(r *Redshift) { r.FirehoseSecret = "" }, "redshift.firehoseSecret"},
		{"bucket", func(r *Redshift) { r.StagingBucket = "Demo_Staging" }, "redshift.stagingBucket"},
		{"staging prefix", func(r *Redshift) { r.StagingPrefix = "staging" }, "redshift.stagingPrefix"},
		{"backup overlaps", func(r *Redshift) { r.BackupPrefix = "staging/backup/" }, "redshift.backupPrefix"},
		{"retry", func(r *Redshift) { r.RetrySeconds = 7201 }, "redshift.retrySeconds"},
	} {
		s, err := New(c, "demo", "us-east-1", route, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		tt.edit(s.Redshift)
		if err := Validate(c, s, testRules...); err == nil || !strings.Contains(err.Error(), tt.field+":") {
			t.Errorf("%s: Validate = %v, want %s refused", tt.name, err, tt.field)
		}
	}
	s, err = New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if s.Redshift.Firehose() {
		t.Error("a COPY route got the Firehose user")
	}
	s.Redshift.StagingBucket = "demo-staging"
	if err := Validate(c, s, testRules...); err == nil || !strings.Contains(err.Error(), "redshift.stagingBucket:") {
		t.Errorf("staging bucket without the hop: Validate = %v", err)
	}
}
