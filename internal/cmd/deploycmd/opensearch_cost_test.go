package deploycmd

import (
	"errors"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/targets"
)

// An OpenSearch domain bills every hour it exists: a deploy to AWS shows
// its instance-hours and storage and refuses without --accept-cost, with
// not one create call; with it, the deploy starts.
func TestDeployCostGateOpenSearch(t *testing.T) {
	s, creates := fakeSession(t, targets.AWS, "app-to-iot", "iot-to-opensearch")
	stderr, err := deployWith(t, s, false, "", true, false)
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || creates.Load() != 0 {
		t.Fatalf("err = %v, creates = %d; want a usage error and none", err, creates.Load())
	}
	for _, w := range []string{"domain (opensearch.domain): idle $0.036 per instance-hour, × 1 ≈ $26.28/month", "domain (opensearch.domain): idle $0.122 per GB-month, × 10 ≈ $1.22/month", "idle floor: ≈ $27.50/month"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("the banner does not show %q:\n%s", w, stderr)
		}
	}
	if !strings.Contains(err.Error(), "--accept-cost") || !strings.Contains(err.Error(), "domain (opensearch.domain)") {
		t.Errorf("error does not name the flag and the domain: %v", err)
	}
	// Accepted, the deploy goes ahead (the fake target's domain has no
	// endpoint, so the topic rule after it fails: the gate is passed).
	if stderr, err := deployWith(t, s, false, "", true, true); errors.As(err, &fe) || creates.Load() == 0 {
		t.Errorf("with --accept-cost: %v, creates %d\n%s", err, creates.Load(), stderr)
	}
}
