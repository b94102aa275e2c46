package httpendpoint

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The banner tells moto users to start the receiver, with its port; other
// targets get no note.
func TestSpecNotes(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-http-endpoint"}, SpecDefault, firehose.SpecDefault, s3.SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	s.HTTPEndpoint.LocalPort = 9123
	notes := SpecNotes(targets.Moto, s)
	if len(notes) != 1 || !strings.Contains(notes[0].Note, "127.0.0.1:9123") || !strings.Contains(notes[0].Note, "go run ./cmd/receiver --insecure-no-access-key") {
		t.Errorf("moto notes = %+v, want the receiver to start on port 9123", notes)
	}
	for _, tg := range []targets.Target{targets.AWS, targets.Kumo} {
		if n := SpecNotes(tg, s); len(n) != 0 {
			t.Errorf("%s notes = %+v, want none", tg, n)
		}
	}
}
