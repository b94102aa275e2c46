// Package eventbridge is Amazon EventBridge for wireup: the rule resource
// kind (a rule on the account's default event bus, its event pattern and
// its one target), the target role EventBridge assumes to write to a
// Kinesis stream or a Firehose delivery stream, and verify's canary, sent
// with PutEvents.
//
// SQS queues and Lambda functions take EventBridge's deliveries under
// their own resource policies (a queue policy, a function permission for
// events.amazonaws.com scoped to the rule), which internal/service/sqs and
// internal/service/lambda accept; such targets get no role:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
package eventbridge

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the EventBridge resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewRule(eventbridge.NewFromConfig(cfg))}
}
