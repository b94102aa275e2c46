package plan

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// The functions below map a spec to the inputs of the IAM builders that
// more than one service uses (the roles' own inputs are in the service
// packages' iam.go). Both the plan (what deploy creates) and the generator
// (the iam/*.json files of a project) use them, so the two can never
// describe different grants.

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

// KeyARN returns the key when the spec names it by ARN: only then can a
// policy grant on it (an alias cannot be a policy resource).
func KeyARN(k string) string {
	if strings.HasPrefix(k, "arn:") && strings.Contains(k, ":key/") {
		return k
	}
	return ""
}
