package iam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// awsPollerPolicies are the read actions of AWS's managed execution policies
// for Lambda event source mappings, as AWS publishes them (logs actions left
// out: the role grants those on its own log group):
//   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaKinesisExecutionRole.html
//   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaSQSQueueExecutionRole.html
//     (and the SQS guide's Lambda trigger prerequisites,
//     https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html)
//   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaDynamoDBExecutionRole.html
var awsPollerPolicies = map[Kind][]string{
	KindKinesis: {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
		"kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard"},
	KindSQS:            {"sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
	KindDynamoDBStream: {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"},
}

// pollerLeftOut is why an action of a managed policy is not in pollerGrants.
var pollerLeftOut = map[string]string{
	"kinesis:ListStreams":      "no resource type (starResourceActions); the mapping is given the stream ARN",
	"dynamodb:ListStreams":     "no resource type (starResourceActions); the mapping is given the stream ARN",
	"kinesis:SubscribeToShard": "enhanced fan-out only, granted on the consumer ARN when EnhancedFanOut is set",
}

// The Lambda execution role's poll grants are AWS's documented set for the
// source, minus only the actions pollerLeftOut justifies: nothing added
// (sqs:ChangeMessageVisibility is not in AWS's set), and every action left
// out for a reason the role can check.
func TestPollerGrantsMatchAWS(t *testing.T) {
	for kind, managed := range awsPollerPolicies {
		var want []string
		for _, a := range managed {
			if _, ok := pollerLeftOut[a]; !ok {
				want = append(want, a)
			}
		}
		if diff := cmp.Diff(want, pollerGrants[kind].actions); diff != "" {
			t.Errorf("%s poller grants differ from AWS's managed policy (-want +got):\n%s", kind, diff)
		}
	}
	for kind := range pollerGrants {
		if _, ok := awsPollerPolicies[kind]; !ok {
			t.Errorf("%s: poller grants without an AWS managed policy to compare with", kind)
		}
	}
	// A no-resource-type action is one Validate accepts on "*" (the policy
	// language's starResourceActions).
	env := EnvFor("us-east-1", "123456789012")
	for a, why := range pollerLeftOut {
		if err := Validate(env, document(allow("Star", []string{a}, "*"))); err != nil && a != "kinesis:SubscribeToShard" {
			t.Errorf("%s is left out as %q but is not a no-resource-type action: %v", a, why, err)
		}
	}
}
