package sns

import (
	"testing"

	"github.com/wireup/wireup/internal/targets"
)

// The generated SNS producer batches with PublishBatch, which kumo lacks.
func TestProducer(t *testing.T) {
	for _, tt := range []struct {
		t    targets.Target
		want bool
	}{
		{targets.Kumo, false},
		{targets.Moto, true},
		{targets.LocalStack, true},
		{targets.AWS, true},
	} {
		ok, reason := Producer(tt.t)
		if ok != tt.want || !ok && reason == "" {
			t.Errorf("Producer(%s) = %v, %q; want %v with a reason when false", tt.t, ok, reason, tt.want)
		}
	}
}
