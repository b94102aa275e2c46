package splunk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// fakeBucket finds the canary (records what it was asked) or fails.
type fakeBucket struct {
	from string
	err  error
}

func (f *fakeBucket) Await(_ context.Context, c *service.Canary, from string, start time.Time) error {
	f.from = from
	if f.err != nil {
		return f.err
	}
	c.Hop(c.Path(), start, "s3://demo-data/data/2026/12/02/12/demo-delivery-1")
	return nil
}

func canary(tg targets.Target) *service.Canary {
	return &service.Canary{ID: "wireup-canary-1", Target: tg, Timeout: time.Second,
		Route: []string{"app-to-firehose", "firehose-to-splunk"},
		Resources: map[string]*service.Record{
			plan.IDDeliveryStream: {Inputs: map[string]string{"hecEndpoint": "https://splunk.acme.com:8088", "errorLogGroup": "/aws/kinesisfirehose/demo-delivery"},
				Outputs: map[string]string{"name": "demo-delivery"}},
		}}
}

// On AWS the probe finds the canary in the bucket's copy and says what
// that proves, and where Splunk's receipt shows.
func TestProbeAWS(t *testing.T) {
	f := &fakeBucket{}
	p := NewProbe(f)
	c := canary(targets.AWS)
	if why := p.Blind(c); why != "" {
		t.Errorf("blind on AWS: %s", why)
	}
	var path, detail string
	c.OnHop = func(p string, _ time.Duration, d string) { path, detail = p, d }
	if err := p.Await(context.Background(), c, "firehose", time.Now()); err != nil {
		t.Fatal(err)
	}
	if f.from != "firehose" || path != "app → firehose → splunk" {
		t.Errorf("asked the bucket from %q; hop on %q", f.from, path)
	}
	for _, w := range []string{"Firehose took the canary and forwarded it to https://splunk.acme.com:8088", "s3://demo-data/data/", "AllEvents", "DeliveryToSplunk.Success", "demo-delivery"} {
		if !strings.Contains(detail, w) {
			t.Errorf("hop detail %q does not say %q", detail, w)
		}
	}
	f.err = errors.New("firehose → splunk: the canary did not reach s3://demo-data/data/ within 2m0s")
	if err := p.Await(context.Background(), c, "firehose", time.Now()); err == nil || !strings.Contains(err.Error(), "/aws/kinesisfirehose/demo-delivery") {
		t.Errorf("a canary not found: %v, want the error log named", err)
	}
	if err := p.Await(context.Background(), c, "iot", time.Now()); err == nil {
		t.Error("Await from iot passed")
	}
}

// Off AWS nothing reaches Splunk or the copy: the probe is blind, and no
// canary goes into Splunk.
func TestProbeEmulators(t *testing.T) {
	p := NewProbe(&fakeBucket{})
	for _, tg := range []targets.Target{targets.Moto, targets.Kumo, targets.LocalStack} {
		if why := p.Blind(canary(tg)); !strings.Contains(why, string(tg)) {
			t.Errorf("%s: Blind = %q", tg, why)
		}
	}
	if _, err := p.Inject(context.Background(), canary(targets.AWS)); err == nil {
		t.Error("Inject into Splunk passed")
	}
}
