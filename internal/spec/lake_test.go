package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// A route that continues into Glue or Athena writes under a static
// Firehose prefix (Firehose appends the date path the table projects);
// a plain Firehose → S3 route keeps its expression prefix.
func TestLakeDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		route                 []string
		prefix, errPrefix     string
		table, projection     string
		crawler, resultBucket string
	}{
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, "data/", "errors/", "events", "2026/01/01/00", "", "demo-us-east-1-data"},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"}, "data/", "errors/", "", "", "demo-crawler", "demo-us-east-1-data"},
		{[]string{"app-to-firehose", "firehose-to-s3"}, "data/!{timestamp:yyyy/MM/dd/HH}/", "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/", "", "", "", ""},
		{[]string{"dynamodb-to-glue", "glue-to-athena"}, "", "", "", "", "demo-crawler", "demo-us-east-1-athena"},
		{[]string{"app-to-s3", "s3-to-athena"}, "", "", "events", "", "", "demo-us-east-1-data"},
	}
	for _, tt := range tests {
		name := strings.Join(tt.route, "+")
		s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := Validate(c, s, testRules...); err != nil {
			t.Errorf("%s: defaults do not validate: %v", name, err)
		}
		var prefix, errPrefix, table, projection, crawler, results string
		if s.Firehose != nil {
			prefix, errPrefix = s.Firehose.Prefix, s.Firehose.ErrorPrefix
		}
		if g := s.Glue; g != nil {
			table, projection = g.Table, g.ProjectionStart
			if g.Crawler != nil {
				crawler = g.Crawler.Name
			}
		}
		if s.Athena != nil {
			results = s.Athena.ResultsBucket
		}
		got := []string{prefix, errPrefix, table, projection, crawler, results}
		want := []string{tt.prefix, tt.errPrefix, tt.table, tt.projection, tt.crawler, tt.resultBucket}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
		if s.S3 != nil && len(s.S3.Events) > 0 {
			t.Errorf("%s: the bucket notifies %v, but nothing on the route receives notifications", name, s.S3.Events)
		}
		if s.DynamoDB != nil && s.DynamoDB.StreamViewType != "" {
			t.Errorf("%s: a crawled table gets a stream", name)
		}
	}
}

// The lake sections are checked against AWS's naming rules and each other.
func TestLakeValidation(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		route []string
		edit  func(s *Spec)
		field string
	}{
		{"upper-case database", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Glue.Database = "Demo" }, "glue.database"},
		{"expression prefix", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Firehose.Prefix = "data/!{timestamp:yyyy}/" }, "firehose.prefix"},
		{"prefix mismatch", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Glue.Prefix = "other/" }, "glue.prefix"},
		{"bad projection start", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Glue.ProjectionStart = "2026-01-01" }, "glue.projectionStart"},
		{"no table", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Glue.Table = "" }, "glue.table"},
		{"results overlap data", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Athena.ResultsPrefix = "data/results/" }, "athena.resultsPrefix"},
		{"cutoff below minimum", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Athena.BytesScannedCutoffMiB = 5 }, "athena.bytesScannedCutoffMiB"},
		{"primary workgroup", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Athena.WorkGroup = "primary" }, "athena.workGroup"},
		{"no glue section", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, func(s *Spec) { s.Glue = nil }, "glue"},
		{"scan rate", []string{"dynamodb-to-glue", "glue-to-athena"}, func(s *Spec) { s.Glue.Crawler.ScanRate = 2 }, "glue.crawler.scanRate"},
		{"crawler table prefix", []string{"dynamodb-to-glue", "glue-to-athena"}, func(s *Spec) { s.Glue.Crawler.TablePrefix = "Crawled-" }, "glue.crawler.tablePrefix"},
		{"no crawler", []string{"dynamodb-to-glue", "glue-to-athena"}, func(s *Spec) { s.Glue.Crawler = nil }, "glue.crawler"},
	}
	for _, tt := range tests {
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
