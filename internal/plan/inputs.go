package plan

import (
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// The functions below map a spec to the inputs of the internal/iam builders.
// Both the plan (what deploy creates) and the generator (the iam/*.json files
// of a project) use them, so the two can never describe different grants.

// WriteTarget is what a writer into service id (a producer, or an IoT rule
// action) may write to; false for a service nothing writes to directly.
func WriteTarget(s *spec.Spec, id string) (iam.Target, bool) {
	switch id {
	case "kinesis":
		return iam.Target{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}, true
	case "firehose":
		return iam.Target{Kind: iam.KindFirehose, Name: s.Firehose.DeliveryStream}, true
	case "sqs":
		return iam.Target{Kind: iam.KindSQS, Name: s.SQS.Queue}, true
	case "sns":
		return iam.Target{Kind: iam.KindSNS, Name: s.SNS.Topic}, true
	case "s3":
		return iam.Target{Kind: iam.KindS3, Name: s.S3.Bucket, Prefix: s.S3.ObjectPrefix, KMSKeyARN: KeyARN(s.S3.KMSKey)}, true
	case "dynamodb":
		return iam.Target{Kind: iam.KindDynamoDB, Name: s.DynamoDB.Table}, true
	case "iot":
		return iam.Target{Kind: iam.KindIoT, Name: s.IoT.Topic}, true
	}
	return iam.Target{}, false
}

// LambdaRoleInput is the execution role input of the route's Lambda
// function: the event source it polls, if any, and its on-failure
// destination (Kinesis and DynamoDB stream sources only).
func LambdaRoleInput(s *spec.Spec) (iam.LambdaInput, error) {
	in := iam.LambdaInput{FunctionName: s.Lambda.Function, RoleName: s.Lambda.Role}
	switch {
	case s.Has("kinesis-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}}
	case s.Has("sqs-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindSQS, Name: s.SQS.Queue}}
	case s.Has("dynamodb-to-lambda"):
		in.Sources = []iam.Source{{Kind: iam.KindDynamoDBStream, Name: s.DynamoDB.Table}}
	}
	if q := s.Lambda.OnFailureQueue; q != "" && (s.Has("kinesis-to-lambda") || s.Has("dynamodb-to-lambda")) {
		t, err := iam.OnFailureTarget(q)
		if err != nil {
			return iam.LambdaInput{}, fmt.Errorf("lambda.onFailureQueue: %w", err)
		}
		in.OnFailure = &t
	}
	return in, nil
}

// FirehoseRoleInput is the delivery role input of the route's delivery
// stream into its bucket (the spec must have both).
func FirehoseRoleInput(s *spec.Spec) iam.FirehoseInput {
	f := s.Firehose
	in := iam.FirehoseInput{DeliveryStreamName: f.DeliveryStream, RoleName: f.Role, BucketName: s.S3.Bucket,
		Prefix: f.Prefix, ErrorPrefix: f.ErrorPrefix, KMSKeyARN: KeyARN(s.S3.KMSKey)}
	if s.Has("kinesis-to-firehose") {
		in.SourceStreamName = s.Kinesis.Stream
	}
	if t := f.Transform; t != nil {
		in.TransformFunctionName = t.Function
	}
	return in
}

// TransformRoleInput is the execution role input of the Firehose transform.
func TransformRoleInput(t *spec.Transform) iam.LambdaInput {
	return iam.LambdaInput{FunctionName: t.Function, RoleName: t.Role}
}

// KeyARN returns the key when the spec names it by ARN: only then can a
// policy grant on it (an alias cannot be a policy resource).
func KeyARN(k string) string {
	if strings.HasPrefix(k, "arn:") && strings.Contains(k, ":key/") {
		return k
	}
	return ""
}
