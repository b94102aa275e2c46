package redshift

import (
	"context"
	"errors"
	"time"

	"github.com/wireup/wireup/internal/service"
)

// Probe is the verify probe of the warehouse. Verify runs no SQL on
// Redshift yet: the canary is loaded and found by the project's own
// cmd/sql, so a route ending at Redshift is wired, not verified, on every
// target (exit 3 with this reason).
type Probe struct{}

var (
	_ service.Probe        = Probe{}
	_ service.Blind        = Probe{}
	_ service.Uninjectable = Probe{}
)

// errNoCanary is what verify says when asked to move a canary through the
// warehouse.
var errNoCanary = errors.New("wireup verify runs no SQL on Redshift: load and query the data with `go run ./cmd/sql`")

// Inject implements service.Probe.
func (Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errNoCanary
}

// Await implements service.Probe.
func (Probe) Await(context.Context, *service.Canary, string, time.Time) error { return errNoCanary }

// Blind implements service.Blind.
func (Probe) Blind(*service.Canary) string {
	return "verify runs no SQL on Redshift: the generated cmd/sql creates the table and runs COPY, UNLOAD or the Spectrum query through the Data API"
}

// Uninjectable implements service.Uninjectable: on a route that starts at
// the warehouse (redshift-to-s3, UNLOAD) verify has no way to put the
// canary in.
func (p Probe) Uninjectable(c *service.Canary) string { return p.Blind(c) }
