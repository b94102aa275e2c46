package eventbridge

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
)

// TargetRoleInput describes a rule whose target is a Kinesis stream or a
// Firehose delivery stream: EventBridge writes to those with a role.
type TargetRoleInput struct {
	RuleName string
	RoleName string
	// Target is the rule's target: kinesis or firehose. SQS and Lambda
	// targets take no role (see sqs.PolicyForEventBridge and
	// lambda.PermissionForEventBridge).
	Target iam.Target
}

// targetActions are the calls EventBridge makes on a rule target, per
// kind. A rule (not a custom-bus subscriber with batching) sends each
// event with PutRecord to Kinesis
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-iam-roles.html);
// for Firehose AWS names no minimum for rules, and its batching subscribers
// call PutRecordBatch
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-firehose.html),
// so the role gets both put actions on the one delivery stream, as the
// AWS CDK's Firehose target grants.
var targetActions = map[iam.Kind][]string{
	iam.KindKinesis:  {"kinesis:PutRecord"},
	iam.KindFirehose: {"firehose:PutRecord", "firehose:PutRecordBatch"},
}

// TargetRole returns the role a rule assumes to put its matching events
// into a Kinesis stream or a Firehose delivery stream. Trust:
// events.amazonaws.com, only for this rule in this account: EventBridge
// sends aws:SourceArn (the rule's ARN) and aws:SourceAccount (the rule's
// account) when it assumes a target role
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
// Policy: only the put actions on that one stream.
func TargetRole(env iam.Env, in TargetRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("EventBridge target role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := EventRuleName(in.RuleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: rule name %q %w", what, in.RuleName, err)
	}
	t := in.Target
	actions, ok := targetActions[t.Kind]
	if !ok {
		return iam.Role{}, fmt.Errorf("%s: a %s target takes no role: EventBridge delivers to SQS and Lambda under their resource policies (sqs.PolicyForEventBridge, lambda.PermissionForEventBridge), or the kind is not one wireup wires", what, t.Kind)
	}
	if err := iam.CheckName(string(t.Kind)+" name", t.Name); err != nil {
		return iam.Role{}, fmt.Errorf("%s: target: %w", what, err)
	}
	if t.Prefix != "" || t.KMSKeyARN != "" {
		return iam.Role{}, fmt.Errorf("%s: target: only Kind and Name apply to a rule target", what)
	}
	resource := env.StreamARN(t.Name)
	if t.Kind == iam.KindFirehose {
		resource = env.DeliveryStreamARN(t.Name)
	}
	rule := env.EventRuleARN(in.RuleName)
	notes := []string{
		"Whoever puts the rule's targets needs iam:PassRole on this role (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html).",
		"Trust pins aws:SourceArn to this rule and aws:SourceAccount to this account, the condition keys EventBridge defines for the rule that sends (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html); AWS's pages show no trust policy example with them, so a first deploy to AWS proves EventBridge sends them when it assumes the role.",
	}
	if t.Kind == iam.KindKinesis {
		notes = append(notes, "A stream encrypted with the AWS managed key (alias/aws/kinesis) needs no KMS grant here; a customer managed key would need kms:GenerateDataKey for this role (https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html).")
	}
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets EventBridge rule %s (only) put its matching events into %s.", in.RuleName, iam.Describe(t)),
		Trust: iam.TrustPolicy("TrustEventBridgeRule", "events.amazonaws.com", iam.Condition{}.
			With("StringEquals", "aws:SourceAccount", env.AccountID).
			With("ArnEquals", "aws:SourceArn", rule)),
		Policy: iam.NewDocument(iam.AllowStatement("Write"+iam.Label(t), actions, resource)),
		Notes:  notes,
	})
}
