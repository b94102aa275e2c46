package sqs

import (
	"fmt"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the queue wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	q := s.SQS
	enc := service.Default{Setting: "sqs.encryption", Value: plan.BoolString(q.Encryption) + " (SSE-SQS)", What: "messages are encrypted at rest with a key SQS manages",
		Doc: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html"}
	if q.KMSKey != "" {
		enc.Value = plan.BoolString(q.Encryption) + " (SSE-KMS)"
		enc.What = "messages are encrypted at rest with the customer managed key " + q.KMSKey + " (sqs.kmsKey); its key policy must let every service that sends to the queue use it (the plan says which statements to add); the dead-letter queue stays SSE-SQS"
	}
	out := []service.Default{
		enc,
		{Value: "a Deny on aws:SecureTransport false", What: "the queue policy of every queue wireup creates (dead-letter and on-failure queues too) refuses every request not made over HTTPS",
			Doc: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html#enforce-encryption-data-in-transit"},
	}
	if q.DeadLetterQueue != "" {
		out = append(out, service.Default{Setting: "sqs.deadLetterQueue", Value: fmt.Sprintf("%s after %d receives", q.DeadLetterQueue, q.MaxReceiveCount),
			What: "a message that keeps failing moves to the dead-letter queue instead of being retried until it expires",
			Doc:  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"})
	}
	out = append(out, service.Default{Setting: "sqs.visibilityTimeoutSeconds", Value: fmt.Sprintf("%d s", q.VisibilityTimeoutSeconds),
		What: "a received message stays hidden this long; for a Lambda trigger six times the function's timeout, as AWS advises",
		Doc:  "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"})
	return out
}
