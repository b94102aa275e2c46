package statuscmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
	"github.com/wireup/wireup/internal/deploy"
)

// TestJSONShapeDocumented pins the shape of `wireup status --json` to docs/json/status.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "status.md", deploy.StatusReport{})
}
