package service

import (
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
