package spec_test

import (
	"os"
	"testing"

	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// TestMain gives the package's own tests every service's rules and
// defaults, in registry's order: what registry.Validate checks and
// registry.New fills.
func TestMain(m *testing.M) {
	spec.SetTestRules(registry.Rules(), registry.Defaults())
	os.Exit(m.Run())
}
