package httpendpoint

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

func canary(tg targets.Target, localURL string) *service.Canary {
	return &service.Canary{ID: "wireup-canary-1", Target: tg, Timeout: 2 * time.Second,
		Route: []string{"app-to-firehose", "firehose-to-http-endpoint"},
		Resources: map[string]*service.Record{
			plan.IDDeliveryStream: {Inputs: map[string]string{"localUrl": localURL, "httpBufferIntervalSeconds": "60"}},
			plan.IDReceiver:       {Outputs: map[string]string{"name": "demo-receiver"}},
		}}
}

// On moto the probe asks the local receiver; with none listening it is
// blind, saying how to start one.
func TestProbeLocal(t *testing.T) {
	seen := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/records/wireup-canary-1" && seen {
			return
		}
		seen = true // the second ask finds it
		http.NotFound(w, r)
	}))
	defer srv.Close()
	p := NewProbe(nil, srv.Client())
	c := canary(targets.Moto, srv.URL+"/")
	if why := p.Blind(c); why != "" {
		t.Fatalf("blind with a receiver listening: %s", why)
	}
	if err := p.Await(context.Background(), c, "firehose", time.Now()); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if why := p.Blind(c); !strings.Contains(why, "go run ./cmd/receiver --insecure-no-access-key") {
		t.Errorf("no receiver: Blind = %q", why)
	}
	if _, err := p.Inject(context.Background(), c); err == nil {
		t.Error("Inject into an HTTP endpoint passed")
	}
}

// fakeLogs finds the canary on the second page.
type fakeLogs struct{ group, pattern string }

func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.group, f.pattern = aws.ToString(in.LogGroupName), aws.ToString(in.FilterPattern)
	if in.NextToken == nil {
		return &cloudwatchlogs.FilterLogEventsOutput{NextToken: aws.String("p2")}, nil
	}
	return &cloudwatchlogs.FilterLogEventsOutput{Events: []cwltypes.FilteredLogEvent{{LogStreamName: aws.String("2026/12/02/[$LATEST]abc")}}}, nil
}

// On AWS the probe finds the canary in the receiver function's log.
func TestProbeAWS(t *testing.T) {
	f := &fakeLogs{}
	p := NewProbe(f, nil)
	c := canary(targets.AWS, "")
	if why := p.Blind(c); why != "" {
		t.Errorf("blind on AWS: %s", why)
	}
	var detail string
	c.OnHop = func(_ string, _ time.Duration, d string) { detail = d }
	if err := p.Await(context.Background(), c, "firehose", time.Now()); err != nil {
		t.Fatal(err)
	}
	if f.group != "/aws/lambda/demo-receiver" || f.pattern != `"wireup-canary-1"` || !strings.Contains(detail, "logged the canary") {
		t.Errorf("group %q pattern %q detail %q", f.group, f.pattern, detail)
	}
}
