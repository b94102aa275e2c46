package spec

import (
	"errors"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// The defaults of both OpenSearch routes validate; the Firehose-only
// settings appear only behind Firehose.
func TestOpenSearchDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	iot, err := New(c, "demo", "us-east-1", []string{"iot-to-opensearch"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	fh, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-opensearch"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Spec{iot, fh} {
		if err := Validate(c, s, testRules...); err != nil {
			t.Errorf("%v: defaults do not validate: %v", s.Route, err)
		}
	}
	want := OpenSearch{Domain: "demo", Index: "demo-events", EngineVersion: OpenSearchEngineVersion, InstanceType: "t3.small.search", VolumeSizeGiB: 10}
	if *iot.OpenSearch != want {
		t.Errorf("iot route: %+v, want %+v", *iot.OpenSearch, want)
	}
	want.IndexRotation, want.BackupBucket, want.BackupPrefix = "NoRotation", "demo-us-east-1-search-backup", "opensearch-failed/"
	if *fh.OpenSearch != want {
		t.Errorf("firehose route: %+v, want %+v", *fh.OpenSearch, want)
	}
}

// AWS's naming rules and wireup's bounds, each reported on its field.
func TestOpenSearchValidation(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route []string
		edit  func(o *OpenSearch)
		field string
	}{
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Domain = "ab" }, "opensearch.domain"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Domain = strings.Repeat("a", 29) }, "opensearch.domain"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Domain = "Demo" }, "opensearch.domain"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Domain = "1demo" }, "opensearch.domain"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Domain = "de_mo" }, "opensearch.domain"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Index = "_events" }, "opensearch.index"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Index = "Events" }, "opensearch.index"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.Index = "ev*" }, "opensearch.index"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.EngineVersion = "Elasticsearch_7.10" }, "opensearch.engineVersion"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.InstanceType = "t3.small" }, "opensearch.instanceType"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.InstanceType = "t2.small.search" }, "opensearch.instanceType"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.VolumeSizeGiB = 9 }, "opensearch.volumeSizeGiB"},
		{[]string{"iot-to-opensearch"}, func(o *OpenSearch) { o.IndexRotation = "OneDay" }, "opensearch.indexRotation"},
		{[]string{"app-to-firehose", "firehose-to-opensearch"}, func(o *OpenSearch) { o.IndexRotation = "Daily" }, "opensearch.indexRotation"},
		{[]string{"app-to-firehose", "firehose-to-opensearch"}, func(o *OpenSearch) { o.BackupPrefix = "failed" }, "opensearch.backupPrefix"},
		{[]string{"app-to-firehose", "firehose-to-opensearch"}, func(o *OpenSearch) { o.BackupBucket = "Bad_Bucket" }, "opensearch.backupBucket"},
	} {
		s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		tt.edit(s.OpenSearch)
		err = Validate(c, s, testRules...)
		var errs Errors
		var fe *FieldError
		if !errors.As(err, &errs) || len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Field != tt.field {
			t.Errorf("%+v: %v, want one error on %s", *s.OpenSearch, err, tt.field)
		}
	}
}
