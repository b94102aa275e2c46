package eventbridge_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/eventbridge"
	"github.com/wireup/wireup/internal/service/registry"
)

// The rule of each target waits for what lets EventBridge deliver (the
// queue policy, the function permission, or the target role), and every
// policy names the rule, the only sender it lets in. The resource order
// of these routes is checked with the others in internal/plan.
func TestPlanWaitsForAndNamesTheRule(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	const rule = "arn:aws:events:us-east-1:123456789012:rule/demo-rule"
	tests := []struct {
		route  []string
		after  []string                    // what the rule depends on
		policy string                      // the resource that lets the rule in
		doc    func(*plan.Resource) string // where it names the rule
	}{
		{[]string{"eventbridge-to-sqs"}, []string{"queue", "queue-policy", "rule-dlq", "rule-dlq-policy"}, plan.IDQueuePolicy, func(r *plan.Resource) string { return string(r.Policy) }},
		{[]string{"eventbridge-to-lambda"}, []string{"function", "permission/eventbridge", "rule-dlq", "rule-dlq-policy"}, plan.IDPermissionEvents, func(r *plan.Resource) string { return r.Settings["sourceArn"] }},
		{[]string{"eventbridge-to-kinesis"}, []string{"role/eventbridge", "rule-dlq", "rule-dlq-policy", "stream"}, plan.IDRoleEventBridge, func(r *plan.Resource) string { return string(r.Trust) }},
		{[]string{"eventbridge-to-firehose", "firehose-to-s3"}, []string{"delivery-stream", "role/eventbridge", "rule-dlq", "rule-dlq-policy"}, plan.IDRoleEventBridge, func(r *plan.Resource) string { return string(r.Trust) }},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.route, "+"), func(t *testing.T) {
			s, err := registry.New(c, "demo", "us-east-1", tt.route)
			if err != nil {
				t.Fatal(err)
			}
			if err := registry.Validate(c, s); err != nil {
				t.Fatal(err)
			}
			p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
			if err != nil {
				t.Fatal(err)
			}
			r := p.Resource(plan.IDRule)
			if d := cmp.Diff(tt.after, r.DependsOn); d != "" {
				t.Errorf("rule depends on (-want +got):\n%s", d)
			}
			if got := tt.doc(p.Resource(tt.policy)); !strings.Contains(got, rule) {
				t.Errorf("%s does not name the rule %s:\n%s", tt.policy, rule, got)
			}
			// Events the target does not take go to the rule's own
			// dead-letter queue, whose policy lets only the rule send.
			if got := string(p.Resource(plan.IDRuleDeadLetterPol).Policy); !strings.Contains(got, rule) || !strings.Contains(got, ":demo-events-dlq") {
				t.Errorf("the dead-letter queue's policy does not let the rule send to demo-events-dlq:\n%s", got)
			}
			if r.Refs["deadLetterArn"] != plan.IDRuleDeadLetter+".arn" || r.Settings["maxRetryAttempts"] != "3" || r.Settings["maxEventAgeSeconds"] != "3600" {
				t.Errorf("rule refs %v settings %v: want the dead-letter queue and the retry policy", r.Refs, r.Settings)
			}
			role := tt.policy == plan.IDRoleEventBridge
			if (r.Refs["roleArn"] != "") != role {
				t.Errorf("rule refs %v: a role only for Kinesis and Firehose targets", r.Refs)
			}
			if got, want := r.Settings["partitionKeyPath"], map[bool]string{true: "$.detail.id"}[tt.route[0] == "eventbridge-to-kinesis"]; got != want {
				t.Errorf("partition key path = %q, want %q", got, want)
			}
			if r.Settings["eventPattern"] != eventbridge.EventPattern("wireup.demo", "sample event") {
				t.Errorf("event pattern %s does not match the producer's events", r.Settings["eventPattern"])
			}
		})
	}
}
