package service

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A canary names its path by the route's services, reads the deployed
// resources, and reports hops with the time since their start.
func TestCanary(t *testing.T) {
	var got []string
	c := &Canary{Route: []string{"s3-to-sns", "sns-to-sqs"},
		Resources: map[string]*Record{"queue": {Inputs: map[string]string{"encryption": "true"}, Outputs: map[string]string{"url": "https://sqs/q"}}},
		OnHop: func(path string, took time.Duration, detail string) {
			if took < 50*time.Millisecond {
				t.Errorf("took %s, want the time since start", took)
			}
			got = append(got, path+": "+detail)
		}}
	if p := c.Path(); p != "s3 → sns → sqs" {
		t.Errorf("Path = %q", p)
	}
	if c.In("queue", "encryption") != "true" || c.Out("queue", "url") != "https://sqs/q" || c.Out("topic", "arn") != "" || !c.Has("queue") || c.Has("topic") {
		t.Errorf("resources read wrong: %+v", c.Resources)
	}
	c.Hop(c.Path(), time.Now().Add(-time.Second), "message m1")
	if d := cmp.Diff([]string{"s3 → sns → sqs: message m1"}, got); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	(&Canary{}).Hop("a → b", time.Now(), "dropped") // no recorder: no panic
	if a, b := NewCanaryID(), NewCanaryID(); a == b || !strings.HasPrefix(a, "wireup-canary-") {
		t.Errorf("canary ids %q, %q", a, b)
	}
}

// Unpacked unzips what starts with the gzip magic bytes and leaves
// anything else, a short payload or a broken stream included, as it is.
func TestUnpacked(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(`{"id":"wireup-canary-1"}`))
	zw.Close()
	for _, tt := range []struct{ in, want []byte }{
		{zipped.Bytes(), []byte(`{"id":"wireup-canary-1"}`)},
		{[]byte(`{"id":"x"}`), []byte(`{"id":"x"}`)},
		{[]byte{0x1f}, []byte{0x1f}},
		{[]byte{0x1f, 0x8b, 0x00}, []byte{0x1f, 0x8b, 0x00}},
	} {
		if got := Unpacked(tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("Unpacked(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
