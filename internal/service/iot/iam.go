package iot

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
)

// RuleRoleInput describes an IoT Core topic rule with one action.
type RuleRoleInput struct {
	RuleName string
	RoleName string
	// Target is the rule action's destination: kinesis, firehose, sqs, sns,
	// s3 (Prefix: the literal start of the rule's key template) or dynamodb
	// (the dynamoDBv2 action). A lambda action takes no role: the function
	// permission of internal/service/lambda (PermissionForIoT) lets the rule
	// invoke it.
	Target iam.Target
	// BatchMode is the firehose action's batchMode: IoT then calls
	// PutRecordBatch, so the role also gets firehose:PutRecordBatch.
	BatchMode bool
}

// RuleRole returns the role an IoT topic rule assumes to perform its
// action. Trust: iot.amazonaws.com, only for this rule in this account
// (aws:SourceAccount + aws:SourceArn,
// https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html).
// Policy: the single write action the rule action's page documents for the
// target (e.g. https://docs.aws.amazon.com/iot/latest/developerguide/kinesis-firehose-rule-action.html),
// plus KMS grants for a target encrypted with a customer managed key.
func RuleRole(env iam.Env, in RuleRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("IoT rule role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckRuleName(in.RuleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	t := in.Target
	if t.Kind == iam.KindLambda {
		return iam.Role{}, fmt.Errorf("%s: a lambda rule action uses a function permission, not a role; use lambda.PermissionForIoT", what)
	}
	var extra []string
	if in.BatchMode {
		// AWS's page lists only firehose:PutRecord, also with batchMode
		// (https://docs.aws.amazon.com/iot/latest/developerguide/kinesis-firehose-rule-action.html),
		// but then IoT calls PutRecordBatch, which is its own IAM action
		// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html),
		// so a batching rule gets it too. AWS does not document this.
		extra = []string{"firehose:PutRecordBatch"}
	}
	stmts, kmsNotes, err := iam.Grant(env, iam.RuleAction, t, extra...)
	if err != nil {
		return iam.Role{}, fmt.Errorf("%s: target: %w", what, err)
	}
	if in.BatchMode && t.Kind != iam.KindFirehose {
		return iam.Role{}, fmt.Errorf("%s: BatchMode applies only to a firehose action", what)
	}

	var notes []string
	if in.BatchMode {
		notes = append(notes, "batchMode: IoT sends with PutRecordBatch, its own IAM action, so the role also gets firehose:PutRecordBatch; AWS's page for the firehose action lists only firehose:PutRecord (https://docs.aws.amazon.com/iot/latest/developerguide/kinesis-firehose-rule-action.html).")
	}
	notes = append(notes, kmsNotes...)
	if t.KMSKeyARN != "" {
		switch t.Kind {
		case iam.KindSNS:
			notes = append(notes, "Encrypted SNS topic: IoT uses this role, not its service principal, so the key policy must allow this role (or delegate to the account's IAM policies) for kms:GenerateDataKey and kms:Decrypt (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).")
		case iam.KindSQS, iam.KindKinesis, iam.KindS3:
			notes = append(notes, "Encrypted target: the key policy must allow this role, or delegate to the account's IAM policies (the default key policy does), for the KMS grant above to work (https://docs.aws.amazon.com/iot/latest/developerguide/"+map[iam.Kind]string{iam.KindSQS: "sqs", iam.KindKinesis: "kinesis", iam.KindS3: "s3"}[t.Kind]+"-rule-action.html).")
		}
	}
	if t.Kind == iam.KindDynamoDB {
		notes = append(notes, "dynamoDBv2 action: the message payload must carry the table's partition (and sort) key at its root (https://docs.aws.amazon.com/iot/latest/developerguide/dynamodb-v2-rule-action.html).")
	}
	if t.Kind == iam.KindS3 {
		notes = append(notes, "S3 action: the role gets s3:PutObject, the one action AWS's page lists (https://docs.aws.amazon.com/iot/latest/developerguide/s3-rule-action.html); AWS does not say whether a rule that sets cannedAcl also needs s3:PutObjectAcl, and wireup's rule sets none.")
	}
	notes = append(notes,
		"Whoever creates or replaces the rule needs iam:PassRole on this role, and the role must be in the rule's account (https://docs.aws.amazon.com/iot/latest/developerguide/pass-role.html).",
		"Trust pins aws:SourceArn to this rule's ARN, which is inside the format AWS documents (arn:PARTITION:iot:REGION:ACCOUNT:*); an errorAction of the same rule may use this role only for the same target (https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html, https://docs.aws.amazon.com/iot/latest/developerguide/rule-error-handling.html).",
	)

	rule := env.IoTRuleARN(in.RuleName)
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets IoT rule %s (only) write incoming messages to %s.", in.RuleName, iam.Describe(t)),
		Trust: iam.TrustPolicy("TrustIoTRule", "iot.amazonaws.com", iam.Condition{}.
			With("StringEquals", "aws:SourceAccount", env.AccountID).
			With("ArnLike", "aws:SourceArn", rule)),
		Policy: iam.NewDocument(stmts...),
		Notes:  notes,
	})
}
