package spec

import (
	"strings"
	"testing"
)

// The route's defaults: the receiver section and the project's bucket for
// what Firehose cannot deliver, valid as they are.
func TestHTTPEndpointDefaults(t *testing.T) {
	c := loadCatalog(t)
	s, err := New(c, "clicks", "us-east-1", []string{"app-to-firehose", "firehose-to-http-endpoint"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	h := s.HTTPEndpoint
	if h == nil || s.S3 == nil || h.Secret != "clicks-http-endpoint-key" || h.BufferSizeMiB != 1 || h.BufferIntervalSeconds != 60 || h.RetrySeconds != 300 {
		t.Fatalf("defaults: %+v, s3 %+v", h, s.S3)
	}
	if err := Validate(c, s, testRules...); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	bad := *s
	hb := *h
	hb.TimeoutSeconds, hb.BufferSizeMiB, hb.Secret = 300, 65, "a b"
	bad.HTTPEndpoint, bad.S3 = &hb, nil
	err = Validate(c, &bad, testRules...)
	for _, want := range []string{"httpEndpoint.timeoutSeconds", "httpEndpoint.bufferSizeMiB", "httpEndpoint.secret", "s3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}
