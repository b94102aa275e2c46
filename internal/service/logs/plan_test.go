package logs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
)

func planRoute(t *testing.T, route ...string) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The subscription filter of each destination: what it sends to, with
// which role, and what it waits for (CloudWatch Logs tests the destination
// when the filter is put).
func TestPlanSubscriptionFilter(t *testing.T) {
	tests := []struct {
		route     []string
		refs      map[string]string
		settings  map[string]string
		dependsOn []string
	}{
		{[]string{"cloudwatch-logs-to-firehose"},
			map[string]string{"logGroupName": "log-group.name", "destinationArn": "delivery-stream.arn", "roleArn": "role/logs.arn"},
			map[string]string{"filterPattern": ""},
			[]string{"delivery-stream", "log-group", "role/logs"}},
		{[]string{"cloudwatch-logs-to-kinesis"},
			map[string]string{"logGroupName": "log-group.name", "destinationArn": "stream.arn", "roleArn": "role/logs.arn"},
			map[string]string{"filterPattern": "", "distribution": "ByLogStream"},
			[]string{"log-group", "role/logs", "stream"}},
		{[]string{"cloudwatch-logs-to-lambda"},
			map[string]string{"logGroupName": "log-group.name", "destinationArn": "function.arn"},
			map[string]string{"filterPattern": ""},
			[]string{"function", "log-group", "permission/logs"}},
	}
	for _, tt := range tests {
		t.Run(tt.route[0], func(t *testing.T) {
			p := planRoute(t, tt.route...)
			sf := p.Resource(plan.IDSubscriptionFilter)
			if sf == nil || sf.Name != "demo" || sf.Integration != tt.route[0] {
				t.Fatalf("subscription filter %+v", sf)
			}
			if d := cmp.Diff(tt.refs, sf.Refs); d != "" {
				t.Errorf("refs (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.settings, sf.Settings); d != "" {
				t.Errorf("settings (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.dependsOn, sf.DependsOn); d != "" {
				t.Errorf("depends on (-want +got):\n%s", d)
			}
			g := p.Resource(plan.IDLogGroup)
			if g == nil || g.Name != "/wireup/demo" || g.Settings["retentionDays"] != "7" {
				t.Errorf("log group %+v", g)
			}
		})
	}
}

// The role is planned with its policy for Kinesis and Firehose, and not at
// all for Lambda; a delivery stream fed by Logs unpacks what it gets.
func TestPlanRoleAndProcessors(t *testing.T) {
	p := planRoute(t, "cloudwatch-logs-to-firehose")
	role := p.Resource(plan.IDRoleLogs)
	if role == nil || role.Name != "demo-logs" || !json.Valid(role.Trust) || !strings.Contains(string(role.Policy), "deliverystream/demo-delivery") {
		t.Fatalf("role %+v", role)
	}
	if ds := p.Resource(plan.IDDeliveryStream); ds.Settings["cloudWatchLogs"] != "true" {
		t.Errorf("delivery stream settings %v: no CloudWatch Logs processors", ds.Settings)
	}
	// Its delivery errors go to a log group of its own, created with the
	// stream its role may write to.
	lg := p.Resource(plan.IDFirehoseLogGroup)
	if lg == nil || lg.Kind != plan.KindLogGroup || lg.Name != "/aws/kinesisfirehose/demo-delivery" ||
		lg.Settings["retentionDays"] != "14" || lg.Settings["logStreams"] != "DestinationDelivery" {
		t.Errorf("Firehose error log group %+v", lg)
	}
	if ds := p.Resource(plan.IDDeliveryStream); ds.Refs["errorLogGroup"] != plan.IDFirehoseLogGroup+".name" || ds.Settings["errorLogStream"] != "DestinationDelivery" {
		t.Errorf("delivery stream refs %v, settings %v: no error logging", ds.Refs, ds.Settings)
	}
	if p := planRoute(t, "app-to-firehose"); p.Resource(plan.IDDeliveryStream).Settings["cloudWatchLogs"] != "" {
		t.Error("a delivery stream fed by the app unpacks CloudWatch Logs envelopes")
	}
	if p := planRoute(t, "cloudwatch-logs-to-lambda"); p.Resource(plan.IDRoleLogs) != nil {
		t.Error("a Lambda destination got a subscription role")
	}
}
