package spec

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The route's defaults: the splunk section, the project's bucket for the
// copy of every record, uncompressed, valid as they are; each limit named
// when broken.
func TestSplunkDefaults(t *testing.T) {
	c := loadCatalog(t)
	s, err := New(c, "clicks", "us-east-1", []string{"app-to-firehose", "firehose-to-splunk"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	sp := s.Splunk
	if sp == nil || s.S3 == nil || sp.Secret != "clicks-splunk-hec-token" || sp.HECEndpointType != "Event" || sp.AckTimeoutSeconds != 180 ||
		sp.RetrySeconds != 300 || sp.BufferSizeMiB != 1 || sp.BufferIntervalSeconds != 60 || sp.HECEndpoint != SplunkPlaceholderEndpoint {
		t.Fatalf("defaults: %+v, s3 %+v", sp, s.S3)
	}
	if s.Firehose.Compression != "UNCOMPRESSED" {
		t.Errorf("firehose.compression = %s, want UNCOMPRESSED for the Splunk backup", s.Firehose.Compression)
	}
	if err := Validate(c, s, testRules...); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	bad := *s
	sb := *sp
	fb := *s.Firehose
	sb.HECEndpoint, sb.HECEndpointType, sb.AckTimeoutSeconds, sb.RetrySeconds = "http://splunk.example.com:8088", "Json", 179, 7201
	sb.BufferSizeMiB, sb.BufferIntervalSeconds, sb.Secret = 6, 61, "a b"
	fb.Compression = "GZIP"
	bad.Splunk, bad.S3, bad.Firehose = &sb, nil, &fb
	err = Validate(c, &bad, testRules...)
	for _, want := range []string{"splunk.hecEndpoint", "must use https", "splunk.hecEndpointType", "splunk.ackTimeoutSeconds", "splunk.retrySeconds",
		"splunk.bufferSizeMiB", "splunk.bufferIntervalSeconds", "splunk.secret", "s3", "firehose.compression"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	// The token is never a setting: a spec has no field for it.
	out, err := yaml.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(out)), "token:") {
		t.Error("wireup.yaml has a token field")
	}
}
