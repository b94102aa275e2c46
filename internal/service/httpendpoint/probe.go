package httpendpoint

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/lambda"
)

// LogsAPI is the part of the CloudWatch Logs client the verify probe
// uses.
type LogsAPI interface {
	FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// Probe is the verify probe of the HTTP endpoint: the receiver logs the
// event id of every record it accepts. On AWS the probe finds the canary
// in the receiver function's CloudWatch Logs; on an emulator, where the
// delivery stream posts to cmd/receiver on 127.0.0.1, it asks that
// receiver (GET /records/ID) whether the canary arrived.
type Probe struct {
	logs LogsAPI
	http *http.Client
}

// NewProbe returns the probe reading logs with logs and asking the local
// receiver with hc.
func NewProbe(logs LogsAPI, hc *http.Client) *Probe { return &Probe{logs: logs, http: hc} }

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(cloudwatchlogs.NewFromConfig(cfg), &http.Client{Timeout: 5 * time.Second})
}

var (
	_ service.Probe = (*Probe)(nil)
	_ service.Blind = (*Probe)(nil)
)

// Inject implements service.Probe: it cannot; the HTTP endpoint is a
// route's end.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Now(), errors.New("wireup cannot send a canary into an HTTP endpoint: it is where a delivery stream ends")
}

// localURL is where the delivery stream posts on an emulator.
func localURL(c *service.Canary) string { return c.In(plan.IDDeliveryStream, "localUrl") }

// Blind implements service.Blind: on an emulator the canary can reach
// only a cmd/receiver that is running; with none listening, the emulator
// posts it to nobody.
func (p *Probe) Blind(c *service.Canary) string {
	if !firehose.PostsToLocalReceiver(c.Target) {
		return ""
	}
	u, err := url.Parse(localURL(c))
	if err != nil || u.Host == "" {
		return "the delivery stream records no local receiver URL: run wireup deploy again"
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		return fmt.Sprintf("no receiver listens on %s, where %s posts the canary: start it in the project with `go run ./cmd/receiver --insecure-no-access-key` (moto sends no access key) and verify again", u.Host, c.Target)
	}
	_ = conn.Close()
	return ""
}

// Await implements service.Probe.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	if firehose.PostsToLocalReceiver(c.Target) {
		return p.awaitLocal(ctx, c, start)
	}
	return p.awaitLogs(ctx, c, start)
}

// awaitLocal asks cmd/receiver whether it received the canary.
func (p *Probe) awaitLocal(ctx context.Context, c *service.Canary, start time.Time) error {
	u := localURL(c) + "records/" + url.PathEscape(c.ID)
	err := service.Watch(ctx, c.Timeout, func() (bool, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return false, err
		}
		resp, err := p.http.Do(req)
		if err != nil {
			return false, fmt.Errorf("ask the receiver: %w", err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if errors.Is(err, service.ErrNotSeen) {
		return fmt.Errorf("%s: the receiver at %s did not receive the canary %s within %s: is it the project's cmd/receiver, started with --insecure-no-access-key? (try a longer --timeout)", c.Path(), localURL(c), c.ID, c.Timeout)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	c.Hop(c.Path(), start, "cmd/receiver on "+localURL(c)+" received the canary (moto sent no access key)")
	return nil
}

// awaitLogs looks for the canary in the receiver function's log group;
// the group appears with the function's first invocation. Firehose
// buffers up to the stream's interval before it posts, so give verify a
// --timeout above it.
func (p *Probe) awaitLogs(ctx context.Context, c *service.Canary, start time.Time) error {
	fn := c.Out(plan.IDReceiver, "name")
	group := lambda.LogGroup(fn)
	var stream string
	err := service.Watch(ctx, c.Timeout, func() (bool, error) {
		var err error
		if stream, err = lambda.Logged(ctx, p.logs, fn, c.ID, start); err != nil {
			return false, fmt.Errorf("read %s: %w", group, err)
		}
		return stream != "", nil
	})
	if errors.Is(err, service.ErrNotSeen) {
		return fmt.Errorf("%s: %s did not log the canary %s in %s within %s: Firehose buffers up to %s s before it posts (try a longer --timeout)", c.Path(), fn, c.ID, group, c.Timeout, c.In(plan.IDDeliveryStream, "httpBufferIntervalSeconds"))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	c.Hop(c.Path(), start, fmt.Sprintf("%s logged the canary (%s)", fn, stream))
	return nil
}
