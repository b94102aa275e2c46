package iam

import (
	"fmt"
	"slices"
)

// IoTRuleInput describes an IoT Core topic rule with one action.
type IoTRuleInput struct {
	RuleName string
	RoleName string
	// Target is the rule action's destination: kinesis, firehose, sqs, sns,
	// s3 (Prefix: the literal start of the rule's key template) or dynamodb
	// (the dynamoDBv2 action). A lambda action takes no role: use
	// [LambdaPermissionForIoT].
	Target Target
	// BatchMode is the firehose action's batchMode: IoT then calls
	// PutRecordBatch, so the role also gets firehose:PutRecordBatch.
	BatchMode bool
}

// IoTRuleRole returns the role an IoT topic rule assumes to perform its
// action. Trust: iot.amazonaws.com, only for this rule in this account
// (aws:SourceAccount + aws:SourceArn, ref §0.2, §5). Policy: the single write
// action the rule action documents on the target (ref §5), plus KMS grants
// for a target encrypted with a customer managed key.
func IoTRuleRole(env Env, in IoTRuleInput) (Role, error) {
	what := fmt.Sprintf("IoT rule role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkRoleName(in.RoleName); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkRuleName(in.RuleName); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	t := in.Target.ref()
	if t.kind == KindLambda {
		return Role{}, fmt.Errorf("%s: a lambda rule action uses a function permission, not a role; use LambdaPermissionForIoT", what)
	}
	if err := t.check(env, iotGrants); err != nil {
		return Role{}, fmt.Errorf("%s: target: %w", what, err)
	}
	if in.BatchMode && t.kind != KindFirehose {
		return Role{}, fmt.Errorf("%s: BatchMode applies only to a firehose action", what)
	}

	g := iotGrants[t.kind]
	var notes []string
	if in.BatchMode {
		// ref §5, Appendix B.2: AWS lists only firehose:PutRecord even with
		// batchMode. PutRecordBatch is its own IAM action, so a batching rule
		// needs it (NOT FOUND in AWS text; inferred from the API/action mapping).
		g.actions = append(slices.Clone(g.actions), "firehose:PutRecordBatch")
		notes = append(notes, "batchMode: firehose:PutRecordBatch added; AWS's page lists only firehose:PutRecord (ref §5, Appendix B.2, NOT FOUND).")
	}
	stmts, kmsNotes := t.statements(env, "Write", g)
	notes = append(notes, kmsNotes...)
	if t.key != "" {
		switch t.kind {
		case KindSNS:
			notes = append(notes, "Encrypted SNS topic: IoT uses this role, not its service principal, so the key policy must allow this role (or delegate to the account's IAM policies) for kms:GenerateDataKey and kms:Decrypt (ref §0.6, §5).")
		case KindSQS, KindKinesis, KindS3:
			notes = append(notes, "Encrypted target: the key policy must allow this role, or delegate to the account's IAM policies (the default key policy does), for the KMS grant above to work (ref §5).")
		}
	}
	if t.kind == KindDynamoDB {
		notes = append(notes, "dynamoDBv2 action: the message payload must carry the table's partition (and sort) key at its root (ref §5).")
	}
	if t.kind == KindS3 {
		notes = append(notes, "S3 action: if the rule sets cannedAcl, s3:PutObjectAcl may also be needed (NOT FOUND in ref §5); none is granted.")
	}
	notes = append(notes,
		"Whoever creates or replaces the rule needs iam:PassRole on this role; the role must be in the rule's account (ref §0.4, §5).",
		"Trust pins aws:SourceArn to this rule's ARN, which is inside the format AWS documents (arn:PARTITION:iot:REGION:ACCOUNT:*); an errorAction of the same rule may use this role only for the same target (ref §5).",
	)

	rule := env.IoTRuleARN(in.RuleName)
	return finishRole(env, what, Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets IoT rule %s (only) write incoming messages to %s.", in.RuleName, describe([]ref{t})),
		Trust: trustPolicy("TrustIoTRule", "iot.amazonaws.com", Condition{}.
			with("StringEquals", "aws:SourceAccount", env.AccountID).
			with("ArnLike", "aws:SourceArn", rule)),
		Policy: document(stmts...),
		Notes:  notes,
	})
}

// IoTLambdaInput names an IoT topic rule with a lambda action and its function.
type IoTLambdaInput struct {
	RuleName     string
	FunctionName string
}

// LambdaPermissionForIoT returns the function permission that lets one IoT
// topic rule invoke a function: principal iot.amazonaws.com, source-arn the
// rule ARN, source-account the account (ref §0.3, §5). Without both, any
// account's rule could invoke the function.
func LambdaPermissionForIoT(env Env, in IoTLambdaInput) (ResourcePolicy, error) {
	what := fmt.Sprintf("IoT permission on function %s", in.FunctionName)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkRuleName(in.RuleName); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkFunctionName(in.FunctionName); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := lambdaPermission(env, in.FunctionName, "IoTRule"+sidName(in.RuleName), "iot.amazonaws.com", env.IoTRuleARN(in.RuleName))
	rp.Purpose = fmt.Sprintf("Lets IoT rule %s (only) invoke function %s.", in.RuleName, in.FunctionName)
	rp.Notes = []string{"A lambda rule action needs no role and no iam:PassRole (ref §0.4, §5); the function must be in the rule's Region."}
	return finishResourcePolicy(env, what, rp)
}

// lambdaPermission builds a Lambda permission for service invoking function
// from sourceARN in env's account, and the statement Lambda stores for it.
func lambdaPermission(env Env, function, sid, service, sourceARN string) ResourcePolicy {
	fn := env.FunctionARN(function)
	stmt := allow(sid, []string{"lambda:InvokeFunction"}, fn)
	stmt.Principal = servicePrincipal(service)
	stmt.Condition = Condition{}.
		with("StringEquals", "aws:SourceAccount", env.AccountID).
		with("ArnLike", "aws:SourceArn", sourceARN)
	return ResourcePolicy{
		Kind:     LambdaPermissionPolicy,
		Target:   fn,
		Document: document(stmt),
		Permission: &LambdaPermission{
			FunctionName:  function,
			StatementID:   sid,
			Action:        "lambda:InvokeFunction",
			Principal:     service,
			SourceARN:     sourceARN,
			SourceAccount: env.AccountID,
		},
	}
}

// finishResourcePolicy validates rp and wraps any error with what was being built.
func finishResourcePolicy(env Env, what string, rp ResourcePolicy) (ResourcePolicy, error) {
	if err := rp.Validate(env); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	return rp, nil
}
