package catalogcmd

import (
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmd/jsondoc"
)

// TestJSONShapeDocumented pins the shapes of `wireup catalog --json` and
// `wireup catalog --services --json` to their pages in docs/json: a field
// added, removed, renamed or retyped fails until the page follows.
func TestJSONShapeDocumented(t *testing.T) {
	jsondoc.Check(t, "catalog.md", catalogJSON{})
	jsondoc.Check(t, "catalog-services.md", []*catalog.Service{})
}
