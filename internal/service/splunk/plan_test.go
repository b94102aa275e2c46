package splunk_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/service/splunk"
)

// The route's plan: the token's secret, filled from the environment
// variable, and the delivery stream sending to the collector with it.
func TestPlan(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-splunk"})
	if err != nil {
		t.Fatal(err)
	}
	s.Splunk.HECEndpoint = "https://splunk.acme.com:8088"
	p, err := registry.Plan(s, c, plan.Env{AccountID: "123456789012", Region: "us-east-1", Partition: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	var secret, ds *plan.Resource
	for _, r := range p.Resources {
		switch r.ID {
		case plan.IDSplunkSecret:
			secret = r
		case plan.IDDeliveryStream:
			ds = r
		}
	}
	if secret == nil || ds == nil {
		t.Fatalf("plan without the secret or the stream: %+v", p.Resources)
	}
	if d := cmp.Diff(map[string]string{"field": splunk.SecretField, "description": "Splunk HEC token of wireup project demo", "valueEnv": "WIREUP_SPLUNK_HEC_TOKEN",
		"valueWhat": "the token of your Splunk HTTP Event Collector, with indexer acknowledgment on,"}, secret.Settings); d != "" {
		t.Errorf("secret settings (-want +got):\n%s", d)
	}
	for k, want := range map[string]string{"destination": "splunk", "hecEndpoint": "https://splunk.acme.com:8088", "hecEndpointType": "Event",
		"hecAckTimeoutSeconds": "180", "retrySeconds": "300", "splunkBufferSizeMiB": "1", "splunkBufferIntervalSeconds": "60", "compression": "UNCOMPRESSED"} {
		if got := ds.Settings[k]; got != want {
			t.Errorf("stream %s = %q, want %q", k, got, want)
		}
	}
	if ds.Integration != "firehose-to-splunk" || !strings.Contains(strings.Join(ds.DependsOn, ","), plan.IDSplunkSecret) {
		t.Errorf("stream integration %q, depends on %v", ds.Integration, ds.DependsOn)
	}
}
