package iot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

type probePublisher struct{ published map[string]string }

func (f *probePublisher) Publish(_ context.Context, topic string, payload []byte) (int, error) {
	f.published[topic] = string(payload)
	return 200, nil
}

// The probe publishes the canary to the topic the rule selects from and
// records the publish as a hop, on every target: the answer proves the
// topic takes it.
func TestProbePublishes(t *testing.T) {
	f := &probePublisher{published: map[string]string{}}
	var hops []string
	c := &service.Canary{ID: "wireup-canary-1", Body: []byte(`{"id":"wireup-canary-1"}`), Route: []string{"iot-to-sqs"}, Target: targets.Moto, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDTopicRule: {Inputs: map[string]string{"topic": "demo/events"}}},
		OnHop:     func(path string, _ time.Duration, detail string) { hops = append(hops, path+": "+detail) }}
	p := NewProbe(f)
	if !p.Proves(c) {
		t.Error("the publish proves nothing on moto")
	}
	if _, err := p.Inject(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"demo/events": string(c.Body)}, f.published); d != "" {
		t.Errorf("published (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"publish → iot: topic demo/events accepted the canary (HTTP 200)"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	if p.Blind(c) == "" || p.Await(context.Background(), c, "app", time.Now()) == nil {
		t.Error("a route that ends at IoT Core is not blind")
	}
}

// A rule deployed without its topic cannot take the canary.
func TestProbeNeedsTheTopic(t *testing.T) {
	f := &probePublisher{published: map[string]string{}}
	c := &service.Canary{ID: "wireup-canary-1", Route: []string{"iot-to-sqs"}, Resources: map[string]*service.Record{plan.IDTopicRule: {}}}
	if _, err := NewProbe(f).Inject(context.Background(), c); err == nil || !strings.Contains(err.Error(), "run `wireup deploy` again") {
		t.Errorf("Inject = %v, want the deploy to be run again", err)
	}
	if len(f.published) > 0 {
		t.Errorf("published %v", f.published)
	}
	if c.Resources = nil; NewProbe(f).Proves(c) {
		t.Error("a route without a rule proves its publish")
	}
}
