package iam

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// LambdaInput describes a Lambda function's execution role.
type LambdaInput struct {
	FunctionName string
	RoleName     string
	// Sources are the event source mappings that poll for the function:
	// kinesis (EnhancedFanOut for a registered consumer), sqs, or
	// dynamodb-stream (Name: the table).
	Sources []Source
	// OnFailure is the on-failure destination of the stream sources' event
	// source mappings: sqs or sns. SQS sources use the queue's redrive policy
	// instead, which needs no grant on this role.
	OnFailure *Target
	// Reads are resources the handler code reads (consumer grants).
	Reads []Source
	// Writes are resources the handler code writes (producer grants).
	Writes []Target
}

// LambdaExecutionRole returns a function's execution role. Trust:
// lambda.amazonaws.com with no condition (ref §0.1, §0.2: AWS documents no
// Lambda-specific value, and a condition on a key Lambda does not send would
// break AssumeRole). Policy: CloudWatch Logs on the function's own log group
// only (not AWSLambdaBasicExecutionRole, ref §0.7); the event source mapping
// read set per source (ref §2); the on-failure destination's send action
// (ref §2); and the handler's own reads and writes.
func LambdaExecutionRole(env Env, in LambdaInput) (Role, error) {
	what := fmt.Sprintf("Lambda execution role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkRoleName(in.RoleName); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkFunctionName(in.FunctionName); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}

	group := env.LogGroupARN("/aws/lambda/" + in.FunctionName)
	stmts := []Statement{
		// Scoping is NOT FOUND in the reference (ref §2 shows "*" in the
		// managed policy). CloudWatch Logs authorizes CreateLogGroup against
		// the group's ARN, which it writes both bare and with a ":*" suffix;
		// both spellings of this one group are granted.
		allow("CreateLogGroup", []string{"logs:CreateLogGroup"}, group, group+":*"),
		// log-group:NAME:* matches NAME:log-stream:ANY.
		allow("WriteLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, group+":*"),
	}
	notes := []string{
		"CloudWatch Logs is scoped to /aws/lambda/" + in.FunctionName + " instead of the AWSLambdaBasicExecutionRole managed policy, which grants on \"*\" (ref §0.7).",
		"Trust has no aws:SourceAccount/aws:SourceArn condition: AWS documents no Lambda-specific value, and a condition on a key Lambda does not send makes AssumeRole fail (ref §0.1, §0.2).",
	}

	stream := false
	for i, s := range in.Sources {
		r := s.ref()
		if err := r.check(env, pollerGrants); err != nil {
			return Role{}, fmt.Errorf("%s: source %d: %w", what, i, err)
		}
		if s.EnhancedFanOut && s.Kind != KindKinesis {
			return Role{}, fmt.Errorf("%s: source %d: EnhancedFanOut applies only to kinesis", what, i)
		}
		stream = stream || s.Kind != KindSQS
		st, n := r.statements(env, "Poll", pollerGrants[r.kind])
		if s.EnhancedFanOut {
			// ref §2: SubscribeToShard acts on the consumer ARN; the Lambda text
			// gives no ARN, the KCL table does (ref §14.2, NOT FOUND for Lambda).
			st = append(st, allow("Poll"+r.label()+"FanOut", []string{"kinesis:SubscribeToShard"}, env.StreamConsumersARN(s.Name)))
		}
		stmts = append(stmts, st...)
		notes = append(notes, n...)
	}
	if len(in.Sources) > 0 {
		notes = append(notes, "Event source mappings need no function policy: Lambda polls with this role. The read actions are those of AWS's managed execution policies (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html) on this source only, without kinesis:ListStreams and dynamodb:ListStreams: they have no resource type, and a mapping is given its source's ARN.")
	}

	if in.OnFailure != nil {
		r := in.OnFailure.ref()
		if r.kind != KindSQS && r.kind != KindSNS {
			return Role{}, fmt.Errorf("%s: on-failure destination must be sqs or sns, not %q", what, r.kind)
		}
		if !stream {
			return Role{}, fmt.Errorf("%s: an on-failure destination needs a kinesis or dynamodb-stream source; an SQS source uses its queue's redrive policy", what)
		}
		if err := r.check(env, producerGrants); err != nil {
			return Role{}, fmt.Errorf("%s: on-failure destination: %w", what, err)
		}
		// ref §2: sqs:SendMessage / sns:Publish; encrypted destination: the
		// producer KMS rule (ref §0.6).
		st, n := r.statements(env, "OnFailure", producerGrants[r.kind])
		stmts = append(stmts, st...)
		notes = append(notes, n...)
	}

	for i, s := range in.Reads {
		r := s.ref()
		if s.EnhancedFanOut {
			return Role{}, fmt.Errorf("%s: read %d: EnhancedFanOut applies only to Sources", what, i)
		}
		if err := r.check(env, consumerGrants); err != nil {
			return Role{}, fmt.Errorf("%s: read %d: %w", what, i, err)
		}
		st, n := r.statements(env, "Read", consumerGrants[r.kind])
		stmts = append(stmts, st...)
		notes = append(notes, n...)
		notes = append(notes, appNotes("Read", r)...)
	}
	for i, t := range in.Writes {
		r := t.ref()
		if err := r.check(env, producerGrants); err != nil {
			return Role{}, fmt.Errorf("%s: write %d: %w", what, i, err)
		}
		st, n := r.statements(env, "Write", producerGrants[r.kind])
		stmts = append(stmts, st...)
		notes = append(notes, n...)
		notes = append(notes, appNotes("Write", r)...)
	}

	return finishRole(env, what, Role{
		Name:    in.RoleName,
		Purpose: lambdaPurpose(in),
		Trust:   trustPolicy("TrustLambda", "lambda.amazonaws.com", nil),
		Policy:  document(stmts...),
		Notes:   uniqueNotes(notes),
	})
}

func lambdaPurpose(in LambdaInput) string {
	s := "Lets function " + in.FunctionName + " write its own logs"
	if len(in.Sources) > 0 {
		s += ", poll " + describe(refsOfSources(in.Sources))
	}
	if in.OnFailure != nil {
		s += ", send failed batches to " + describe([]ref{in.OnFailure.ref()})
	}
	if len(in.Reads) > 0 {
		s += ", read " + describe(refsOfSources(in.Reads))
	}
	if len(in.Writes) > 0 {
		s += ", write " + describe(refsOfTargets(in.Writes))
	}
	return s + "."
}

// OnFailureTarget turns a stream event source mapping's on-failure
// destination as a spec holds it (an SQS queue name, or an SQS queue or SNS
// topic ARN) into the Target the execution role grants on. It only parses:
// the grant is built from the caller's Env, so a caller that deploys must
// also check that an ARN is in that Env's account and Region.
func OnFailureTarget(dest string) (Target, error) {
	if !strings.HasPrefix(dest, "arn:") {
		return Target{Kind: KindSQS, Name: dest}, checkName("on-failure queue", dest)
	}
	a, err := arn.Parse(dest)
	if err != nil {
		return Target{}, fmt.Errorf("on-failure destination %q is not an ARN", dest)
	}
	switch a.Service {
	case "sqs":
		return Target{Kind: KindSQS, Name: a.Resource}, checkName("on-failure queue", a.Resource)
	case "sns":
		return Target{Kind: KindSNS, Name: a.Resource}, checkName("on-failure topic", a.Resource)
	}
	return Target{}, fmt.Errorf("on-failure destination %q must be an SQS queue or SNS topic", dest)
}
