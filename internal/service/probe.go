package service

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// The verify probes: `wireup verify` proves a deployed route by sending a
// canary event with a unique id into the route's first service and waiting
// for it at the last. It composes the two services' probes and knows
// nothing of either: what to call to send, where to look and how long a
// service may take are each service package's own.

// Canary is one run of verify: the event it sends through the route, and
// what a probe needs to send it or find it.
type Canary struct {
	// ID is unique to the run: every probe looks for it.
	ID string
	// Body is the event as JSON, with a trailing newline: the id, and the
	// fields the services on the route need to store it (see Fielder).
	Body []byte
	// Route is the route's integration ids, in order ("iot-to-sqs").
	Route []string
	// Resources are the deployed resources, by plan resource id.
	Resources map[string]*Record
	// Target is the kind of target: what it runs and delivers differs.
	Target targets.Target
	// Timeout bounds the wait at each hop.
	Timeout time.Duration
	// Handler is the deployment package of the route's Lambda function,
	// for the targets where verify runs the function itself (kumo).
	Handler []byte
	// ProjectDir is the generated project's directory, where a probe finds
	// files of the project it runs (EMR's job script); "" when unknown.
	ProjectDir string
	// OnHop records a proven hop; nil drops it.
	OnHop func(path string, took time.Duration, detail string)
}

// NewCanaryID returns a fresh canary id.
func NewCanaryID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "wireup-canary-" + hex.EncodeToString(b)
}

// In is setting key of deployed resource id, with references resolved, or
// "".
func (c *Canary) In(id, key string) string {
	if r := c.Resources[id]; r != nil {
		return r.Inputs[key]
	}
	return ""
}

// BufferInterval is how long the route's delivery stream holds records
// before it writes them (its planned bufferIntervalSeconds; 0 on a route
// without one): on AWS, how long a sink after it waits at least. A planned
// value that does not parse is an error, never a wait of 0.
func (c *Canary) BufferInterval() (time.Duration, error) {
	r := c.Resources[plan.IDDeliveryStream]
	if r == nil {
		return 0, nil
	}
	var fh struct {
		Seconds int32 `setting:"bufferIntervalSeconds"`
	}
	if err := Decode(r.Inputs, &fh); err != nil {
		return 0, fmt.Errorf("%s %s: %w", plan.KindDeliveryStream, r.Name, err)
	}
	return time.Duration(fh.Seconds) * time.Second, nil
}

// Out is output key of deployed resource id, or "".
func (c *Canary) Out(id, key string) string {
	if r := c.Resources[id]; r != nil {
		return r.Outputs[key]
	}
	return ""
}

// Has reports whether resource id is deployed.
func (c *Canary) Has(id string) bool { return c.Resources[id] != nil }

// Path is the route's services joined with arrows ("iot → kinesis"): the
// path a sink reports the canary's arrival on.
func (c *Canary) Path() string {
	var out []string
	for i, h := range c.Route {
		from, to, _ := strings.Cut(h, "-to-")
		if i == 0 {
			out = append(out, from)
		}
		out = append(out, to)
	}
	return strings.Join(out, " → ")
}

// Hop records that the canary, sent at start, is proven on path.
func (c *Canary) Hop(path string, start time.Time, detail string) {
	if c.OnHop != nil {
		c.OnHop(path, time.Since(start), detail)
	}
}

// Probe puts the canary into one service, where it is the route's source,
// and finds it there, where it is the route's sink. A probe that cannot do
// one of them returns an error saying so.
type Probe interface {
	// Inject sends the canary into the service as the generated producer
	// would, and returns when it was sent.
	Inject(ctx context.Context, c *Canary) (time.Time, error)
	// Await waits, up to c.Timeout, until the canary sent at start has
	// arrived from service from (the one before it on the route, or "app"
	// where verify put it there itself), and records the hop on c.Path().
	Await(ctx context.Context, c *Canary, from string, start time.Time) error
}

// Blind is a sink that cannot see the canary arrive on some routes or
// targets: Blind says why, or returns "". Verify then reports the route as
// wired but not verifiable, instead of waiting for what it cannot see.
type Blind interface {
	Blind(c *Canary) string
}

// Uninjectable is a source that cannot take a canary from verify (a
// warehouse loaded by the project's own SQL): Uninjectable says why, or
// returns "". Verify then reports the route as wired but not verifiable
// instead of failing at the injection.
type Uninjectable interface {
	Uninjectable(c *Canary) string
}

// Prover is a probe that proves a hop by itself on some targets, and
// records it: at a source its Inject (IoT Core answers the publish), at a
// sink its Listen (on kumo verify runs the Lambda handler and invokes it
// directly). Where the target cannot move the canary along the route,
// verify still does that much at an end whose Proves says so.
type Prover interface {
	Proves(c *Canary) bool
}

// Listener is a sink that has to be listening before the canary is sent:
// on kumo verify runs the route's Lambda handler itself, and kumo invokes
// only a running one; a stream is read from where it ended before the
// send. Listen starts listening and may record hops of its own; the
// Listening it returns awaits the canary in place of the probe's Await,
// and verify closes it when done. Listen returns nil where the target
// needs no listening.
type Listener interface {
	Listen(ctx context.Context, c *Canary) (Listening, error)
}

// Listening is a sink listening for the canary.
type Listening interface {
	Await(ctx context.Context, c *Canary, from string, start time.Time) error
	Close()
}

// Terminal is a sink that proves the rest of the route itself: what it
// writes into the next service is not the route's events (an EMR job's
// Parquet aggregate in S3), so verify awaits the canary at it, and its
// Await checks what it wrote there.
type Terminal interface {
	Terminal()
}

// Fielder is a service that needs fields of its own in the canary event:
// an IoT rule's DynamoDBv2 action writes the message's fields as the item,
// so the event carries the table's key.
type Fielder interface {
	Fields(c *Canary) map[string]any
}

// Check is the outcome of a stand-in check: evidence verify reports beside
// its hops where the target cannot move the canary to the route's end. A
// check never makes a route verified, whatever its outcome.
type Check struct {
	Name string `json:"name"`
	// Status is CheckPassed, CheckFailed or CheckSkipped.
	Status string `json:"status"`
	// Detail is what the check found, or why it did not run and how to
	// run it.
	Detail string `json:"detail"`
	// Proves says what a passing check shows, and what it does not.
	Proves string `json:"proves,omitempty"`
}

// Check statuses.
const (
	CheckPassed  = "passed"
	CheckFailed  = "failed"
	CheckSkipped = "skipped"
)

// Checker is a sink with a stand-in check for the targets where the
// canary cannot be awaited at it (a table no emulator queries). StandIn
// returns the service before it on the route that verify awaits the
// canary at instead ("s3" for a route ending s3 → athena), or "" where
// the sink has no check on c's route; once the canary is there, Check
// examines it (the table read back against its data).
type Checker interface {
	StandIn(c *Canary) string
	Check(ctx context.Context, c *Canary) Check
}

// Unpacked returns data unzipped when it starts with the gzip magic bytes
// 1f 8b (a CloudWatch Logs subscription's records, a Firehose object
// written with GZIP), else data as it is. The format is read from the
// bytes, never from a name: moto ignores Firehose's compression setting.
// At most 64 MiB are unpacked.
func Unpacked(data []byte) []byte {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return data
	}
	out, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil && len(out) == 0 {
		return data
	}
	return out
}
