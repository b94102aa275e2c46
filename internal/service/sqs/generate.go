package sqs

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about SQS:
// templates/sqs/ holds a producer (SendMessageBatch), a long-polling
// consumer, a Lambda handler for sqs events and the config helper that
// resolves the queue URL.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "sqs", Func: "SQS",
		Produce: Planner{}.WriteTarget,
		Read: func(s *spec.Spec) iam.Source {
			return iam.Source{Kind: iam.KindSQS, Name: s.SQS.Queue, KMSKeyARN: s.SQS.KMSKey}
		},
		Handle: true,
		// A function its messages go to deletes them.
		DrainedByHandler: true,
		Modules:          []string{"github.com/aws/aws-sdk-go-v2/service/sqs", "github.com/aws/aws-sdk-go-v2/service/sts"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "SQS_QUEUE", Field: "SQSQueue", Default: s.SQS.Queue, Doc: "the SQS queue (SQS_QUEUE_URL overrides the URL)"}}
		},
		Resource: func(s *spec.Spec) string { return s.SQS.Queue },
		Policies: []service.PolicyFile{
			{Kind: plan.KindQueuePolicy, Name: queuePolicyFile},
			// A queue no service sends to carries its TLS-only policy itself;
			// one that a service sends to gets it in that queue policy.
			{Kind: plan.KindQueue, Name: queuePolicyFile,
				What: "nothing over plain HTTP: every SQS action (`sqs:*`) on the queue is denied when `aws:SecureTransport` is false"},
		},
	}
}

// queuePolicyFile is the iam/ file of a queue's policy.
func queuePolicyFile(queue string) string { return "queue-policy-" + queue + ".json" }
