package deploy

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/registry"
)

// The engine builds no SDK client of its own: deploying goes through the
// providers (NewKinds) and verifying through the probes (NewProbes), each
// on the clients of its service package, and both on a config that traces
// every call.

// tracedConfig is cfg with every API call's latency recorded in the trace
// carried by the call's context.
func tracedConfig(cfg aws.Config) aws.Config {
	cfg = cfg.Copy()
	cfg.APIOptions = append(cfg.APIOptions, func(st *middleware.Stack) error {
		return st.Initialize.Add(traceMiddleware{}, middleware.Before)
	})
	return cfg
}

// NewKinds builds the resource providers of every service wireup deploys
// (internal/service/registry) on cfg, with every call traced.
func NewKinds(cfg aws.Config) (service.Kinds, error) {
	return registry.Kinds(tracedConfig(cfg))
}

// NewProbes builds the verify probes of every service wireup verifies
// (internal/service/registry) on cfg, with every call traced.
func NewProbes(cfg aws.Config) map[string]service.Probe {
	return registry.Probes(tracedConfig(cfg))
}

// Call is one AWS API call as seen by the trace.
type Call struct {
	Service   string        `json:"service"`
	Operation string        `json:"operation"`
	Duration  time.Duration `json:"durationNs"`
	Err       bool          `json:"err,omitempty"`
}

// trace collects the API calls made on behalf of one resource.
type trace struct {
	mu    sync.Mutex
	calls []Call
}

func (t *trace) add(c Call) {
	t.mu.Lock()
	t.calls = append(t.calls, c)
	t.mu.Unlock()
}

// total is the sum of the call latencies.
func (t *trace) total() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var d time.Duration
	for _, c := range t.calls {
		d += c.Duration
	}
	return d
}

type traceKey struct{}

func withTrace(ctx context.Context, t *trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

// traceMiddleware times each operation, retries included, from the
// Initialize step so the figure is what the caller waited.
type traceMiddleware struct{}

func (traceMiddleware) ID() string { return "wireup.trace" }

func (traceMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	t, _ := ctx.Value(traceKey{}).(*trace)
	if t == nil {
		return next.HandleInitialize(ctx, in)
	}
	start := time.Now()
	out, md, err := next.HandleInitialize(ctx, in)
	t.add(Call{Service: middleware.GetServiceID(ctx), Operation: middleware.GetOperationName(ctx), Duration: time.Since(start), Err: err != nil})
	return out, md, err
}
