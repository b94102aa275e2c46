package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/lambda/handlerrun"
	"github.com/wireup/wireup/internal/targets"
)

// InvokeAPI is the part of the Lambda client the verify probe uses.
type InvokeAPI interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// LogsAPI is the part of the CloudWatch Logs client the verify probe uses.
type LogsAPI interface {
	FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// Probe is the verify probe of the route's function. The generated
// handler logs the id of every event it processes: on AWS and LocalStack
// the probe finds the canary in the function's CloudWatch Logs, the only
// trace an asynchronous or event source mapping invocation leaves. kumo
// stores functions but runs none: there the probe runs the built handler
// against kumo's Runtime API and watches its output.
type Probe struct {
	fn   InvokeAPI
	logs LogsAPI
	// endpoint is the emulator's URL, empty on AWS.
	endpoint string
}

// NewProbe returns the probe invoking with fn and reading logs, on the
// target at endpoint (empty for AWS).
func NewProbe(fn InvokeAPI, logs LogsAPI, endpoint string) *Probe {
	return &Probe{fn: fn, logs: logs, endpoint: endpoint}
}

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(lambda.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg), awsconfig.TargetOf(cfg).Endpoint)
}

var (
	_ service.Probe    = (*Probe)(nil)
	_ service.Blind    = (*Probe)(nil)
	_ service.Listener = (*Probe)(nil)
	_ service.Prover   = (*Probe)(nil)
)

// Inject implements service.Probe: it cannot.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Now(), errors.New("wireup cannot send a canary into lambda yet")
}

// Blind implements service.Blind: on kumo the function runs only when
// verify has its package to run, and kumo delivers to it only when it
// listens on port 4566 (its Lambda base URL is hard-coded).
func (p *Probe) Blind(c *service.Canary) string {
	if c.Target != targets.Kumo {
		return ""
	}
	if len(c.Handler) == 0 {
		return "on kumo wireup runs the function itself, and it was given no handler package to run"
	}
	if u, err := url.Parse(p.endpoint); err == nil && u.Port() != "4566" {
		return "kumo delivers to Lambda only when it listens on port 4566 (its Lambda base URL is hard-coded), not " + u.Port()
	}
	return ""
}

// Await implements service.Probe: it looks for the canary in the
// function's CloudWatch Logs, polling with backoff until the timeout; the
// log group itself appears with the function's first invocation.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	path, fn := c.Path(), c.Out(plan.IDFunction, "name")
	var stream string
	err := service.Watch(ctx, c.Timeout, func() (bool, error) {
		var err error
		if stream, err = Logged(ctx, p.logs, fn, c.ID, start); err != nil {
			return false, fmt.Errorf("%s: read %s: %w", path, LogGroup(fn), err)
		}
		return stream != "", nil
	})
	if errors.Is(err, service.ErrNotSeen) {
		return fmt.Errorf("%s: %s did not log the canary %s in %s within %s: the function may not have run, or not yet (try a longer --timeout)", path, fn, c.ID, LogGroup(fn), c.Timeout)
	}
	if err != nil {
		return err
	}
	c.Hop(path, start, fmt.Sprintf("%s logged the canary (%s)", fn, stream))
	return nil
}

// LogGroup is the log group a function logs to.
func LogGroup(function string) string { return "/aws/lambda/" + function }

// Logged returns the log stream of the first event of function's log
// group that holds text since start, following pages (FilterLogEvents may
// return empty pages while it scans), or "" when there is none yet: the
// log group itself appears with the function's first invocation. The
// canary probes of Lambda and of the HTTP endpoint receiver read it.
func Logged(ctx context.Context, logs LogsAPI, function, text string, start time.Time) (string, error) {
	page := cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(LogGroup(function)),
		// A quoted term matches the text anywhere in the event; the canary
		// has hyphens, which unquoted would be read as operators.
		FilterPattern: aws.String(`"` + text + `"`),
		// Lambda stamps events with the invocation's clock: allow skew.
		StartTime: aws.Int64(start.Add(-time.Minute).UnixMilli())}
	for {
		out, err := logs.FilterLogEvents(ctx, &page)
		if service.IsNotFound(err) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if len(out.Events) > 0 {
			return aws.ToString(out.Events[0].LogStreamName), nil
		}
		if out.NextToken == nil || aws.ToString(out.NextToken) == aws.ToString(page.NextToken) {
			return "", nil
		}
		page.NextToken = out.NextToken
	}
}

// runs reports whether verify runs the handler itself: on kumo, given its
// package.
func runs(c *service.Canary) bool { return c.Target == targets.Kumo && len(c.Handler) > 0 }

// Proves implements service.Prover: where verify runs the handler, Listen
// proves it runs, even where nothing on the route invokes it (kumo's event
// source mappings never poll).
func (*Probe) Proves(c *service.Canary) bool { return runs(c) }

// Listen implements service.Listener. On kumo it starts the handler
// against kumo's Runtime API and proves it runs with a direct invocation;
// the canary is then awaited in the handler's output. Elsewhere the
// function runs on its own.
func (p *Probe) Listen(ctx context.Context, c *service.Canary) (service.Listening, error) {
	if !runs(c) {
		return nil, nil
	}
	fn := c.Out(plan.IDFunction, "name")
	h, err := handlerrun.Start(ctx, c.Handler, p.endpoint, fn)
	if err != nil {
		return nil, err
	}
	// The direct invocation carries an id of its own, so that the hop
	// awaited next cannot pass on what the handler logged for it.
	payload, _ := json.Marshal(map[string]string{"id": service.NewCanaryID(), "source": "wireup-verify", "kind": "canary"})
	start := time.Now()
	out, err := p.fn.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: payload, InvocationType: lambdatypes.InvocationTypeRequestResponse})
	if err != nil {
		h.Stop()
		return nil, fmt.Errorf("invoke %s: %w", fn, err)
	}
	if out.FunctionError != nil {
		h.Stop()
		return nil, fmt.Errorf("invoke %s: the function failed (%s): %s", fn, aws.ToString(out.FunctionError), out.Payload)
	}
	c.Hop("invoke → lambda", start, fmt.Sprintf("%s ran the handler (HTTP %d)", fn, out.StatusCode))
	return &listening{h: h, mark: h.Mark()}, nil
}

// listening is the handler verify runs, and how much it had written when
// the canary was about to be sent.
type listening struct {
	h    *handlerrun.Proc
	mark int
}

// Await implements service.Listening: the handler logs the canary.
func (l *listening) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	if err := l.h.Await(ctx, l.mark, c.ID, c.Timeout); err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	c.Hop(c.Path(), start, "the handler logged the canary")
	return nil
}

// Close implements service.Listening: it stops the handler.
func (l *listening) Close() { l.h.Stop() }
