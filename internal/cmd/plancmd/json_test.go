package plancmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
)

// TestJSONShapeDocumented pins the shape of `wireup plan --json` to
// docs/json/plan.md: a field added, removed, renamed or retyped fails until
// the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "plan.md", planJSON{})
}
