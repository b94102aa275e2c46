package lambda

import (
	"testing"

	"github.com/wireup/wireup/internal/targets"
)

// kumo keeps none of a mapping's error handling; moto and AWS return it.
func TestReadsBackMapping(t *testing.T) {
	for _, f := range []string{"FunctionResponseTypes", "StartingPosition", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig"} {
		if ReadsBackMapping(targets.Kumo, f) || !ReadsBackMapping(targets.Moto, f) || !ReadsBackMapping(targets.AWS, f) {
			t.Errorf("%s: kumo %v, moto %v, aws %v", f, ReadsBackMapping(targets.Kumo, f), ReadsBackMapping(targets.Moto, f), ReadsBackMapping(targets.AWS, f))
		}
	}
	if !ReadsBackMapping(targets.Kumo, "BatchSize") {
		t.Error("kumo returns BatchSize")
	}
}
