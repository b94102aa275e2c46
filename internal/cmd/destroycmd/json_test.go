package destroycmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
	"github.com/wireup/wireup/internal/deploy"
)

// TestJSONShapeDocumented pins the shape of `wireup destroy --json` (deploy's events) to docs/json/destroy.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "destroy.md", deploy.Event{})
}
