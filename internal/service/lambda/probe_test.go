package lambda

import (
	"archive/zip"
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// probeLogs serves the function's log group the way CloudWatch Logs does:
// it does not exist before the first invocation, and a filter may return
// empty pages before the one with the match. logged is the id the
// function logged.
type probeLogs struct {
	t      *testing.T
	logged string
	calls  int
}

func (f *probeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.calls++
	if g := aws.ToString(in.LogGroupName); g != "/aws/lambda/demo-handler" {
		f.t.Errorf("log group %q, want /aws/lambda/demo-handler", g)
	}
	switch {
	case f.calls == 1:
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The specified log group does not exist."}
	case in.NextToken == nil:
		return &cloudwatchlogs.FilterLogEventsOutput{NextToken: aws.String("page-2")}, nil
	}
	// A quoted term: the canary's hyphens are no operators.
	if aws.ToString(in.FilterPattern) != `"`+f.logged+`"` {
		return &cloudwatchlogs.FilterLogEventsOutput{}, nil
	}
	return &cloudwatchlogs.FilterLogEventsOutput{Events: []cwltypes.FilteredLogEvent{{LogStreamName: aws.String("2026/12/01/[$LATEST]abc")}}}, nil
}

func probeCanary(tg targets.Target, handler []byte, hops *[]string) *service.Canary {
	return &service.Canary{ID: service.NewCanaryID(), Route: []string{"sqs-to-lambda"}, Target: tg, Timeout: 1500 * time.Millisecond, Handler: handler,
		Resources: map[string]*service.Record{plan.IDFunction: {Outputs: map[string]string{"name": "demo-handler"}}},
		OnHop:     func(path string, _ time.Duration, detail string) { *hops = append(*hops, path+": "+detail) }}
}

// On AWS the probe finds the canary in what the function logged, across
// a missing group and empty pages; a canary nobody logged times out.
func TestProbeAwaitsTheLogLine(t *testing.T) {
	var hops []string
	c := probeCanary(targets.AWS, nil, &hops)
	p := NewProbe(nil, &probeLogs{t: t, logged: c.ID}, "")
	if err := p.Await(context.Background(), c, "sqs", time.Now()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"sqs → lambda: demo-handler logged the canary (2026/12/01/[$LATEST]abc)"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	p = NewProbe(nil, &probeLogs{t: t, logged: "wireup-canary-other"}, "")
	if err := p.Await(context.Background(), c, "sqs", time.Now()); err == nil || !strings.Contains(err.Error(), "did not log the canary") {
		t.Errorf("Await of a canary nobody logged = %v", err)
	}
}

// On kumo the function runs only when verify runs it: with its package,
// and with kumo on the port its Lambda base URL hard-codes.
func TestProbeBlind(t *testing.T) {
	tests := []struct {
		target   targets.Target
		handler  []byte
		endpoint string
		want     string
	}{
		{targets.AWS, nil, "", ""},
		{targets.Moto, nil, "http://127.0.0.1:5000", ""},
		{targets.Kumo, []byte("zip"), "http://127.0.0.1:4566", ""},
		{targets.Kumo, nil, "http://127.0.0.1:4566", "no handler package"},
		{targets.Kumo, []byte("zip"), "http://127.0.0.1:4570", "port 4566"},
	}
	for _, tt := range tests {
		c := probeCanary(tt.target, tt.handler, new([]string))
		got := NewProbe(nil, nil, tt.endpoint).Blind(c)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s %s with %d bytes of handler: Blind = %q, want %q", tt.target, tt.endpoint, len(tt.handler), got, tt.want)
		}
	}
}

// probeInvoker answers a direct invocation as kumo does once the handler
// is polling.
type probeInvoker struct {
	payloads []string
	failure  string
}

func (f *probeInvoker) Invoke(_ context.Context, in *lambda.InvokeInput, _ ...func(*lambda.Options)) (*lambda.InvokeOutput, error) {
	f.payloads = append(f.payloads, string(in.Payload))
	out := &lambda.InvokeOutput{StatusCode: 200, Payload: []byte("null")}
	if f.failure != "" {
		out.FunctionError = aws.String(f.failure)
	}
	return out, nil
}

// packageOf zips a bootstrap script, as BuildFunction zips the handler.
func packageOf(t *testing.T, script string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(script)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// On kumo Listen runs the handler and invokes it directly, with an id of
// its own; the canary is then awaited in the handler's output. Elsewhere
// the function runs on its own and Listen does nothing.
func TestProbeListensOnKumo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake handler is a shell script")
	}
	var hops []string
	c := probeCanary(targets.Kumo, nil, &hops)
	// The handler logs the canary a moment after the invocation, as the
	// real one logs the event it is handed.
	c.Handler = packageOf(t, "#!/bin/sh\necho \"starting $AWS_LAMBDA_FUNCTION_NAME at $AWS_LAMBDA_RUNTIME_API\"\nsleep 1\necho '{\"msg\":\"event\",\"id\":\""+c.ID+"\"}'\nexec sleep 30\n")
	inv := &probeInvoker{}
	p := NewProbe(inv, nil, "http://127.0.0.1:4566")
	if !p.Proves(c) {
		t.Error("Listen proves nothing on kumo")
	}
	lis, err := p.Listen(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	if len(inv.payloads) != 1 || strings.Contains(inv.payloads[0], c.ID) || !strings.Contains(inv.payloads[0], "wireup-canary-") {
		t.Errorf("invoked with %q, want one canary of its own", inv.payloads)
	}
	if err := lis.Await(context.Background(), c, "sqs", time.Now()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"invoke → lambda: demo-handler ran the handler (HTTP 200)", "sqs → lambda: the handler logged the canary"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}

	for _, tg := range []targets.Target{targets.AWS, targets.Moto} {
		c := probeCanary(tg, c.Handler, new([]string))
		if lis, err := p.Listen(context.Background(), c); lis != nil || err != nil || p.Proves(c) {
			t.Errorf("%s: Listen = %v, %v; want nothing to listen with", tg, lis, err)
		}
	}
}

// A handler that fails its direct invocation fails Listen.
func TestProbeListenFunctionError(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake handler is a shell script")
	}
	c := probeCanary(targets.Kumo, packageOf(t, "#!/bin/sh\nexec sleep 30\n"), new([]string))
	p := NewProbe(&probeInvoker{failure: "Unhandled"}, nil, "http://127.0.0.1:4566")
	if lis, err := p.Listen(context.Background(), c); err == nil || !strings.Contains(err.Error(), "the function failed (Unhandled)") {
		t.Errorf("Listen = %v, %v; want the function's failure", lis, err)
	}
}

func TestLogged(t *testing.T) {
	ctx := context.Background()
	f := &probeLogs{t: t, logged: "canary-1"}
	// The first call finds no log group yet: nothing logged, no error.
	if got, err := Logged(ctx, f, "demo-handler", "canary-1", time.Now()); got != "" || err != nil {
		t.Errorf("Logged before the log group exists = %q, %v; want \"\", nil", got, err)
	}
	// Then an empty first page, and the event on the next.
	if got, err := Logged(ctx, f, "demo-handler", "canary-1", time.Now()); got != "2026/12/01/[$LATEST]abc" || err != nil {
		t.Errorf("Logged = %q, %v; want the event's stream", got, err)
	}
	if got, err := Logged(ctx, f, "demo-handler", "canary-2", time.Now()); got != "" || err != nil {
		t.Errorf("Logged of text never logged = %q, %v; want \"\", nil", got, err)
	}
	if g := LogGroup("demo-handler"); g != "/aws/lambda/demo-handler" {
		t.Errorf("LogGroup = %q", g)
	}
}
