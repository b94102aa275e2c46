package verifycmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
	"github.com/wireup/wireup/internal/verify"
)

// TestJSONShapeDocumented pins the shape of `wireup verify --json` to docs/json/verify.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "verify.md", verify.Report{})
}
