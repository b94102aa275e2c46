package httpendpoint

import (
	"fmt"

	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// SpecNotes are what the deploy banner tells the user about the receiver
// on target t: on moto, which posts to 127.0.0.1 without the access key,
// verify asks the project's cmd/receiver what arrived, so it must be
// running before anything is sent.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	h := s.HTTPEndpoint
	if h == nil || t != targets.Moto {
		return nil
	}
	return []targets.SpecNote{{Setting: fmt.Sprintf("httpEndpoint.localPort: %d", h.LocalPort),
		Note: fmt.Sprintf("moto posts each record at once to 127.0.0.1:%d, without an access key, and verify asks the project's receiver what arrived: start `go run ./cmd/receiver --insecure-no-access-key` in the project before the producer and `wireup verify`", h.LocalPort)}}
}
