package logscmd

import (
	"testing"

	"github.com/wireup/wireup/internal/cmd/jsondoc"
	"github.com/wireup/wireup/internal/service/logs"
)

// TestJSONShapeDocumented pins the shape of `wireup logs --json` to docs/json/logs.md:
// a field added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "logs.md", logs.Event{})
}
