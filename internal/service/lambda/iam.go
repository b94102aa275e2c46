package lambda

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// A function's IAM: the permissions that let S3, SNS and IoT invoke it (one
// statement of its function policy each, added with lambda:AddPermission),
// and its execution role.

// PermissionForS3 returns the function permission that lets one bucket's
// event notifications invoke a function: principal s3.amazonaws.com,
// source-arn the bucket, source-account the bucket owner, because another
// account could re-create a deleted bucket name
// (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
func PermissionForS3(env iam.Env, n s3.Notification) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("S3 permission on function %s", n.Destination)
	if err := cmp.Or(env.Check(), iam.CheckName("bucket", n.Bucket), iam.CheckFunctionName(n.Destination)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if n.KMSKeyARN != "" {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: a function is not encrypted by the caller; leave KMSKeyARN empty", what)
	}
	rp := permission(env, n.Destination, n.Sid(), "s3.amazonaws.com", env.BucketARN(n.Bucket))
	rp.Purpose = fmt.Sprintf("Lets bucket %s (only, in this account) invoke function %s.", n.Bucket, n.Destination)
	rp.Notes = []string{s3.NotificationOrderNote}
	return iam.Validated(env, what, rp)
}

// SNSSubscription names an SNS topic and the Lambda function subscribed to
// it.
type SNSSubscription struct {
	Topic    string
	Function string
}

// PermissionForSNS returns the function permission that lets one SNS topic
// invoke a subscribed function: principal sns.amazonaws.com,
// lambda:InvokeFunction, aws:SourceArn = the topic, aws:SourceAccount = the
// account. SNS calls the function asynchronously and retries a failed
// delivery by its delivery policy:
// https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html
// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
func PermissionForSNS(env iam.Env, s SNSSubscription) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("SNS permission on function %s", s.Function)
	if err := cmp.Or(env.Check(), iam.CheckName("topic", s.Topic), iam.CheckFunctionName(s.Function)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := permission(env, s.Function, "SNSTopic"+iam.SidName(s.Topic), "sns.amazonaws.com", env.TopicARN(s.Topic))
	rp.Purpose = fmt.Sprintf("Lets topic %s (only, in this account) invoke function %s.", s.Topic, s.Function)
	rp.Notes = []string{"wireup deploy adds this permission before it subscribes the function: SNS delivers from the moment the subscription exists, and an invocation it cannot make is retried, then dropped (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html)."}
	return iam.Validated(env, what, rp)
}

// EventBridgeRule names an EventBridge rule on the default event bus and
// the Lambda function that is its target.
type EventBridgeRule struct {
	Rule     string
	Function string
}

// PermissionForEventBridge returns the function permission that lets one
// EventBridge rule invoke its target function: principal
// events.amazonaws.com, source-arn the rule, source-account the account.
// EventBridge invokes the function asynchronously and needs no role
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions,
// https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge.html).
func PermissionForEventBridge(env iam.Env, r EventBridgeRule) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("EventBridge permission on function %s", r.Function)
	if err := cmp.Or(env.Check(), iam.CheckName("rule", r.Rule), iam.CheckFunctionName(r.Function)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := permission(env, r.Function, "EventBridgeRule"+iam.SidName(r.Rule), "events.amazonaws.com", env.EventRuleARN(r.Rule))
	rp.Purpose = fmt.Sprintf("Lets EventBridge rule %s (only, in this account) invoke function %s.", r.Rule, r.Function)
	rp.Notes = []string{"Add this permission before putting the function as the rule's target: EventBridge invokes it from then on, and an invocation it cannot make is retried, then dropped (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html)."}
	return iam.Validated(env, what, rp)
}

// LogsSubscription names a CloudWatch Logs log group and the Lambda
// function its subscription filter invokes.
type LogsSubscription struct {
	LogGroup string
	Function string
}

// PermissionForLogs returns the function permission that lets one log
// group's subscription filter invoke a function: principal
// logs.amazonaws.com, lambda:InvokeFunction, aws:SourceArn = the log group
// (log-group:NAME:*, the form AWS's example uses), aws:SourceAccount = the
// account. CloudWatch Logs invokes the function asynchronously with the
// gzipped, base64-encoded events
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample,
// https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html).
func PermissionForLogs(env iam.Env, s LogsSubscription) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("CloudWatch Logs permission on function %s", s.Function)
	groupErr := spec.LogGroupName(s.LogGroup)
	if groupErr != nil {
		groupErr = fmt.Errorf("log group %q %w", s.LogGroup, groupErr)
	}
	if err := cmp.Or(env.Check(), groupErr, iam.CheckFunctionName(s.Function)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := permission(env, s.Function, "LogGroup"+iam.SidName(s.LogGroup), "logs.amazonaws.com", env.LogGroupARN(s.LogGroup)+":*")
	rp.Purpose = fmt.Sprintf("Lets the subscription filter of log group %s (only, in this account) invoke function %s.", s.LogGroup, s.Function)
	rp.Notes = []string{"Add this permission before the subscription filter: CloudWatch Logs checks that it can invoke the function when the filter is put (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html)."}
	return iam.Validated(env, what, rp)
}

// IoTRule names an IoT topic rule with a lambda action and its function.
type IoTRule struct {
	RuleName     string
	FunctionName string
}

// PermissionForIoT returns the function permission that lets one IoT topic
// rule invoke a function: principal iot.amazonaws.com, source-arn the rule
// ARN, source-account the account. Without both, any account's rule could
// invoke the function (https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html).
func PermissionForIoT(env iam.Env, in IoTRule) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("IoT permission on function %s", in.FunctionName)
	if err := cmp.Or(env.Check(), iam.CheckRuleName(in.RuleName), iam.CheckFunctionName(in.FunctionName)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := permission(env, in.FunctionName, "IoTRule"+iam.SidName(in.RuleName), "iot.amazonaws.com", env.IoTRuleARN(in.RuleName))
	rp.Purpose = fmt.Sprintf("Lets IoT rule %s (only) invoke function %s.", in.RuleName, in.FunctionName)
	rp.Notes = []string{"A lambda rule action passes no role, so whoever creates the rule needs no iam:PassRole for it (https://docs.aws.amazon.com/iot/latest/developerguide/pass-role.html); the function must be in the rule's Region (https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html)."}
	return iam.Validated(env, what, rp)
}

// permission builds a Lambda permission for service invoking function from
// sourceARN in env's account, and the statement Lambda stores for it.
func permission(env iam.Env, function, sid, service, sourceARN string) iam.ResourcePolicy {
	fn := env.FunctionARN(function)
	stmt := iam.AllowStatement(sid, []string{"lambda:InvokeFunction"}, fn)
	stmt.Principal = iam.ServicePrincipal(service)
	stmt.Condition = iam.Condition{}.
		With("StringEquals", "aws:SourceAccount", env.AccountID).
		With("ArnLike", "aws:SourceArn", sourceARN)
	return iam.ResourcePolicy{
		Kind:     iam.LambdaPermissionPolicy,
		Target:   fn,
		Document: iam.NewDocument(stmt),
		Permission: &iam.LambdaPermission{
			FunctionName:  function,
			StatementID:   sid,
			Action:        "lambda:InvokeFunction",
			Principal:     service,
			SourceARN:     sourceARN,
			SourceAccount: env.AccountID,
		},
	}
}

// ExecutionRoleInput describes a Lambda function's execution role.
type ExecutionRoleInput struct {
	FunctionName string
	RoleName     string
	// Sources are the event source mappings that poll for the function:
	// kinesis (EnhancedFanOut for a registered consumer), sqs, or
	// dynamodb-stream (Name: the table).
	Sources []iam.Source
	// OnFailure is the on-failure destination of the stream sources' event
	// source mappings: sqs or sns. SQS sources use the queue's redrive policy
	// instead, which needs no grant on this role.
	OnFailure *iam.Target
	// Reads are resources the handler code reads (consumer grants).
	Reads []iam.Source
	// Writes are resources the handler code writes (producer grants).
	Writes []iam.Target
}

// ExecutionRole returns a function's execution role.
//
// Trust: lambda.amazonaws.com with no condition. AWS says a trust policy may
// carry aws:SourceAccount and aws:SourceArn but gives no value for Lambda
// (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html),
// and a condition on a key the service does not send would break AssumeRole
// (the keys are in the request only when a service acts for a resource:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
//
// Policy: CloudWatch Logs on the function's own log group only, not
// AWSLambdaBasicExecutionRole, which grants on "*"
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html);
// the event source mapping read set per source and the on-failure
// destination's send action
// (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html);
// and the handler's own reads and writes.
func ExecutionRole(env iam.Env, in ExecutionRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("Lambda execution role %s", in.RoleName)
	if err := cmp.Or(env.Check(), iam.CheckRoleName(in.RoleName), iam.CheckFunctionName(in.FunctionName)); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}

	group := env.LogGroupARN("/aws/lambda/" + in.FunctionName)
	stmts := []iam.Statement{
		// AWS documents no narrower resource than the managed policy's "*"
		// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html);
		// this scoping is wireup's. CloudWatch Logs authorizes CreateLogGroup
		// against the group's ARN, which it writes both bare and with a ":*" suffix;
		// both spellings of this one group are granted.
		iam.AllowStatement("CreateLogGroup", []string{"logs:CreateLogGroup"}, group, group+":*"),
		// log-group:NAME:* matches NAME:log-stream:ANY.
		iam.AllowStatement("WriteLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, group+":*"),
	}
	notes := []string{
		"CloudWatch Logs is scoped to /aws/lambda/" + in.FunctionName + " instead of the AWSLambdaBasicExecutionRole managed policy, which grants on \"*\" (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html).",
		"Trust has no aws:SourceAccount/aws:SourceArn condition: AWS allows them in a trust policy but documents no value for Lambda (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html), and a condition on a key the service does not send would make AssumeRole fail.",
	}
	add := func(st []iam.Statement, n []string) {
		stmts = append(stmts, st...)
		notes = append(notes, n...)
	}

	stream := false
	for i, s := range in.Sources {
		st, n, err := iam.Grant(env, iam.Poll, s)
		if err != nil {
			return iam.Role{}, fmt.Errorf("%s: source %d: %w", what, i, err)
		}
		if s.EnhancedFanOut && s.Kind != iam.KindKinesis {
			return iam.Role{}, fmt.Errorf("%s: source %d: EnhancedFanOut applies only to kinesis", what, i)
		}
		stream = stream || s.Kind != iam.KindSQS
		if s.EnhancedFanOut {
			// SubscribeToShard acts on the consumer ARN. AWS's Lambda pages give
			// no ARN for it; the KCL permission table does, stream/NAME/consumer/*
			// (https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html).
			st = append(st, iam.AllowStatement("Poll"+iam.Label(s)+"FanOut", []string{"kinesis:SubscribeToShard"}, env.StreamConsumersARN(s.Name)))
		}
		add(st, n)
	}
	if len(in.Sources) > 0 {
		notes = append(notes, "Event source mappings need no function policy: Lambda polls with this role. The read actions are those of AWS's managed execution policies (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html) on this source only, without kinesis:ListStreams and dynamodb:ListStreams: they have no resource type, and a mapping is given its source's ARN.")
	}

	if t := in.OnFailure; t != nil {
		if t.Kind != iam.KindSQS && t.Kind != iam.KindSNS {
			return iam.Role{}, fmt.Errorf("%s: on-failure destination must be sqs or sns, not %q", what, t.Kind)
		}
		if !stream {
			return iam.Role{}, fmt.Errorf("%s: an on-failure destination needs a kinesis or dynamodb-stream source; an SQS source uses its queue's redrive policy", what)
		}
		// sqs:SendMessage / sns:Publish (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html);
		// an encrypted destination needs what any producer needs
		// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
		// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
		st, n, err := iam.Grant(env, iam.OnFailure, *t)
		if err != nil {
			return iam.Role{}, fmt.Errorf("%s: on-failure destination: %w", what, err)
		}
		add(st, n)
	}

	for i, s := range in.Reads {
		if s.EnhancedFanOut {
			return iam.Role{}, fmt.Errorf("%s: read %d: EnhancedFanOut applies only to Sources", what, i)
		}
		st, n, err := iam.Grant(env, iam.Consume, s)
		if err != nil {
			return iam.Role{}, fmt.Errorf("%s: read %d: %w", what, i, err)
		}
		add(st, n)
	}
	for i, t := range in.Writes {
		st, n, err := iam.Grant(env, iam.Produce, t)
		if err != nil {
			return iam.Role{}, fmt.Errorf("%s: write %d: %w", what, i, err)
		}
		add(st, n)
	}

	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: executionPurpose(in),
		Trust:   iam.TrustPolicy("TrustLambda", "lambda.amazonaws.com", nil),
		Policy:  iam.NewDocument(stmts...),
		Notes:   iam.UniqueNotes(notes),
	})
}

func executionPurpose(in ExecutionRoleInput) string {
	s := "Lets function " + in.FunctionName + " write its own logs"
	if len(in.Sources) > 0 {
		s += ", poll " + iam.Describe(in.Sources...)
	}
	if in.OnFailure != nil {
		s += ", send failed batches to " + iam.Describe(*in.OnFailure)
	}
	if len(in.Reads) > 0 {
		s += ", read " + iam.Describe(in.Reads...)
	}
	if len(in.Writes) > 0 {
		s += ", write " + iam.Describe(in.Writes...)
	}
	return s + "."
}

// OnFailureTarget turns a stream event source mapping's on-failure
// destination as a spec holds it (an SQS queue name, or an SQS queue or SNS
// topic ARN) into the Target the execution role grants on. It only parses:
// the grant is built from the caller's Env, so a caller that deploys must
// also check that an ARN is in that Env's account and Region.
func OnFailureTarget(dest string) (iam.Target, error) {
	if !strings.HasPrefix(dest, "arn:") {
		return iam.Target{Kind: iam.KindSQS, Name: dest}, iam.CheckName("on-failure queue", dest)
	}
	a, err := arn.Parse(dest)
	if err != nil {
		return iam.Target{}, fmt.Errorf("on-failure destination %q is not an ARN", dest)
	}
	switch a.Service {
	case "sqs":
		return iam.Target{Kind: iam.KindSQS, Name: a.Resource}, iam.CheckName("on-failure queue", a.Resource)
	case "sns":
		return iam.Target{Kind: iam.KindSNS, Name: a.Resource}, iam.CheckName("on-failure topic", a.Resource)
	}
	return iam.Target{}, fmt.Errorf("on-failure destination %q must be an SQS queue or SNS topic", dest)
}

// The functions below map a spec to the execution role inputs. Both the
// plan (what deploy creates) and the generator (the iam/*.json files of a
// project) use them, so the two can never describe different grants.

// RoleInput is the execution role input of the route's Lambda function:
// the event source it polls, if any, and its on-failure destination
// (Kinesis and DynamoDB stream sources only).
func RoleInput(s *spec.Spec) (ExecutionRoleInput, error) {
	in := ExecutionRoleInput{FunctionName: s.Lambda.Function, RoleName: s.Lambda.Role}
	switch {
	case s.Has("kinesis-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}}
	case s.Has("sqs-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindSQS, Name: s.SQS.Queue, KMSKeyARN: s.SQS.KMSKey}}
	case s.Has("dynamodb-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindDynamoDBStream, Name: s.DynamoDB.Table}}
	}
	if q := s.Lambda.OnFailureQueue; q != "" && (s.Has("kinesis-to-lambda") || s.Has("dynamodb-to-lambda")) {
		t, err := OnFailureTarget(q)
		if err != nil {
			return ExecutionRoleInput{}, fmt.Errorf("lambda.onFailureQueue: %w", err)
		}
		in.OnFailure = &t
	}
	return in, nil
}

// TransformRoleInput is the execution role input of a Firehose transform
// function: it only writes its own logs (Firehose invokes it with the
// delivery role).
func TransformRoleInput(t *spec.Transform) ExecutionRoleInput {
	return ExecutionRoleInput{FunctionName: t.Function, RoleName: t.Role}
}
