package deploycmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
	"github.com/wireup/wireup/internal/deploy"
)

// TestJSONShapeDocumented pins the shape of `wireup deploy --json` (the events ViewFor encodes) to docs/json/deploy.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "deploy.md", deploy.Event{})
}
