package routescmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
)

// TestJSONShapeDocumented pins the shape of `wireup routes --json` to docs/json/routes.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "routes.md", []jsonRoute{})
}
