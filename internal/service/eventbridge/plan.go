package eventbridge

import (
	"fmt"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the rule of an EventBridge route, with its one target, and
// the target role a Kinesis or Firehose target needs.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "eventbridge" }

// Resources implements plan.Planner: the rule exists only with its
// target, which Wire adds; the default event bus is the account's.
func (Planner) Resources(*plan.Builder) error { return nil }

var _ plan.Writable = Planner{}

// WriteTarget implements plan.Writable: a producer puts events on the
// spec's event bus.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindEventBridge, Name: s.EventBridge.EventBus}
}

// ruleTargets are the targets a rule sends to: the resource whose ARN is
// the target, and whether EventBridge writes with a role.
var ruleTargets = map[string]struct {
	id   string
	role bool
}{
	"sqs":      {plan.IDQueue, false},
	"lambda":   {plan.IDFunction, false},
	"kinesis":  {plan.IDStream, true},
	"firehose": {plan.IDDeliveryStream, true},
}

// PartitionKeyPath is where a Kinesis target takes each record's partition
// key from: the id of the event the producer put in the detail, so that
// records spread over the shards
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html).
const PartitionKeyPath = "$.detail.id"

// Wire implements plan.Wirer: the rule for in, after its target and the
// target's resource policy (an SQS queue policy, a Lambda permission):
// EventBridge delivers from the moment the target is put.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	to, ok := ruleTargets[in.To]
	if in.From != "eventbridge" || !ok {
		return false, nil
	}
	s := b.Spec()
	e := s.EventBridge
	if e == nil {
		return false, fmt.Errorf("plan: %s needs the spec's eventbridge section", in.ID)
	}
	rule := b.Add(&plan.Resource{ID: plan.IDRule, Kind: plan.KindRule, Name: e.Rule, Integration: in.ID, Settings: map[string]string{
		"eventBus": e.EventBus, "eventPattern": e.Pattern, "targetId": in.To,
		// What the producer puts on its events, for verify's canary.
		"source": e.Source, "detailType": e.DetailType,
		"maxRetryAttempts": plan.ItoA(e.MaxRetryAttempts), "maxEventAgeSeconds": plan.ItoA(e.MaxEventAgeSeconds),
	}})
	b.Ref(rule, "targetArn", to.id, "arn")
	if err := deadLetter(b, rule); err != nil {
		return false, err
	}
	if !to.role {
		wait, err := b.Accept(in)
		if err != nil {
			return false, err
		}
		if wait != "" {
			rule.DependsOn = append(rule.DependsOn, wait)
		}
		return true, nil
	}
	if in.To == "kinesis" {
		rule.Settings["partitionKeyPath"] = PartitionKeyPath
	}
	b.Add(&plan.Resource{ID: plan.IDRoleEventBridge, Kind: plan.KindRole, Name: e.Role, Integration: in.ID})
	b.Ref(rule, "roleArn", plan.IDRoleEventBridge, "arn")
	t, _ := b.WriteTarget(in.To)
	return true, b.SetRole(plan.IDRoleEventBridge)(TargetRole(b.IAMEnv(), TargetRoleInput{RuleName: e.Rule, RoleName: e.Role,
		Target: iam.Target{Kind: t.Kind, Name: t.Name}}))
}

// deadLetter adds the rule's dead-letter queue, where EventBridge sends an
// event its target did not take within the retry policy, and the queue
// policy that lets the rule send there; the rule waits for both
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
func deadLetter(b *plan.Builder, rule *plan.Resource) error {
	e := b.Spec().EventBridge
	if e.DeadLetterQueue == "" {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDRuleDeadLetter, Kind: plan.KindQueue, Name: e.DeadLetterQueue, Integration: rule.Integration,
		Settings: map[string]string{"retentionSeconds": "1209600", "encryption": "true"}})
	pol := b.Add(&plan.Resource{ID: plan.IDRuleDeadLetterPol, Kind: plan.KindQueuePolicy, Name: e.DeadLetterQueue, Integration: rule.Integration})
	b.Ref(pol, "queueUrl", plan.IDRuleDeadLetter, "url")
	rp, err := sqs.WithTLSOnly(b.IAMEnv())(sqs.PolicyForEventBridge(b.IAMEnv(), sqs.EventBridgeRule{Rule: e.Rule, Queue: e.DeadLetterQueue}))
	if err := b.SetResourcePolicy(plan.IDRuleDeadLetterPol, rp, err); err != nil {
		return err
	}
	b.Ref(rule, "deadLetterArn", plan.IDRuleDeadLetter, "arn")
	rule.DependsOn = append(rule.DependsOn, plan.IDRuleDeadLetterPol)
	return nil
}
