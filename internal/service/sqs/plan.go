package sqs

import (
	"fmt"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the queue, its dead-letter queue and the queue policy that
// lets S3, SNS or an EventBridge rule send to it.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "sqs" }

// WriteTarget implements plan.Writable: a producer or an IoT rule sends
// messages to the queue.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindSQS, Name: s.SQS.Queue, KMSKeyARN: s.SQS.KMSKey}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().SQS
	if s == nil {
		return nil
	}
	q := b.Add(&plan.Resource{ID: plan.IDQueue, Kind: plan.KindQueue, Name: s.Queue, Settings: map[string]string{
		"visibilityTimeoutSeconds": plan.ItoA(s.VisibilityTimeoutSeconds),
		"retentionSeconds":         plan.ItoA(s.RetentionSeconds),
		"encryption":               plan.BoolString(s.Encryption),
		"kmsKey":                   s.KMSKey,
	}})
	if s.DeadLetterQueue != "" {
		// The dead-letter queue stays SSE-SQS: only SQS moves messages
		// there, re-encrypting them, so no sender needs the key.
		b.Add(&plan.Resource{ID: plan.IDDeadLetterQueue, Kind: plan.KindQueue, Name: s.DeadLetterQueue, Settings: map[string]string{
			"retentionSeconds": "1209600", "encryption": plan.BoolString(s.Encryption),
		}})
		q.Settings["maxReceiveCount"] = plan.ItoA(max(s.MaxReceiveCount, 1))
		b.Ref(q, "deadLetterTargetArn", plan.IDDeadLetterQueue, "arn")
		if err := TLSOnly(b, plan.IDDeadLetterQueue); err != nil {
			return err
		}
	}
	return TLSOnly(b, plan.IDQueue)
}

// TLSOnly gives queue resource id the TLS-only queue policy
// ([TLSOnlyPolicy]), set as the queue is created. Every planner that adds a
// queue calls it; a queue policy that lets a service send replaces it with
// itself plus the same Deny ([WithTLSOnly], [Planner.Accept]).
func TLSOnly(b *plan.Builder, id string) error {
	rp, err := TLSOnlyPolicy(b.IAMEnv(), b.Resource(id).Name)
	return b.SetResourcePolicy(id, rp, err)
}

// dropTLSOnly takes the TLS-only policy off queue resource id, whose queue
// policy resource carries the same Deny: the queue is created without a
// policy and gets the full one right after, so no two plan resources set
// the queue's one Policy attribute.
func dropTLSOnly(b *plan.Builder, id string) {
	q := b.Resource(id)
	q.Policy, q.Purpose, q.Notes = nil, "", nil
}

// Accept implements plan.Acceptor: the queue policy for an S3 notification
// or an SNS subscription, after the bucket or topic it names. An IoT rule
// sends with its own role and needs none.
func (Planner) Accept(b *plan.Builder, in *catalog.Integration) (string, error) {
	s, env := b.Spec(), b.IAMEnv()
	var rp iam.ResourcePolicy
	var err error
	var from, sender string
	key := s.SQS.KMSKey
	switch in.From {
	case "s3":
		from, sender = plan.IDBucket, "S3 (bucket "+s.S3.Bucket+" only)"
		rp, err = PolicyForS3(env, s3.Notification{Bucket: s.S3.Bucket, Destination: s.SQS.Queue, KMSKeyARN: key})
	case "sns":
		from, sender = plan.IDTopic, "SNS (topic "+s.SNS.Topic+" only)"
		rp, err = PolicyForSNS(env, SNSSubscription{Topic: s.SNS.Topic, Queue: s.SQS.Queue, KMSKeyARN: key})
	case "eventbridge":
		// The rule's ARN is known before the rule exists: the policy comes
		// first, and the rule waits for it.
		sender = "EventBridge"
		rp, err = PolicyForEventBridge(env, EventBridgeRule{Rule: s.EventBridge.Rule, Queue: s.SQS.Queue, KMSKeyARN: key})
	default:
		return "", nil
	}
	pol := b.Add(&plan.Resource{ID: plan.IDQueuePolicy, Kind: plan.KindQueuePolicy, Name: s.SQS.Queue, Integration: in.ID})
	if key != "" {
		// wireup does not change a key it did not create: its owner adds
		// the statements that let the sending service use it.
		pol.Settings = map[string]string{plan.SettingYouProvide: fmt.Sprintf("the key policy of %s: add the statements of iam/%s, which let %s call kms:GenerateDataKey and kms:Decrypt, or it cannot send to the encrypted queue (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html)",
			key, plan.KeyPolicyFile(s.SQS.Queue), sender)}
	}
	b.Ref(pol, "queueUrl", plan.IDQueue, "url")
	if from != "" {
		pol.DependsOn = append(pol.DependsOn, from)
	}
	dropTLSOnly(b, plan.IDQueue)
	rp, err = WithTLSOnly(env)(rp, err)
	return plan.IDQueuePolicy, b.SetResourcePolicy(plan.IDQueuePolicy, rp, err)
}
