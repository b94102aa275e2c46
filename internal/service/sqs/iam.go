package sqs

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/s3"
)

// The queue policies a queue accepts: from an S3 bucket's event
// notifications and from an SNS topic it is subscribed to. An IoT rule or a
// Lambda function sends with a role of its own and needs none.

// PolicyForS3 returns the queue policy that lets one bucket's event
// notifications reach an SQS queue: principal s3.amazonaws.com,
// sqs:SendMessage, aws:SourceArn = the bucket and aws:SourceAccount = the
// bucket owner (both needed: bucket ARNs carry no account,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
func PolicyForS3(env iam.Env, n s3.Notification) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("S3 notification policy on queue %s", n.Destination)
	if err := n.Check(env, "queue"); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	queue := env.QueueARN(n.Destination)
	rp := iam.ResourcePolicy{
		Kind:     iam.SQSQueuePolicy,
		Target:   queue,
		Purpose:  fmt.Sprintf("Lets bucket %s (only, in this account) send event notifications to queue %s.", n.Bucket, n.Destination),
		Document: iam.NewDocument(s3.FromBucket(env, iam.AllowStatement(n.Sid(), []string{"sqs:SendMessage"}, queue), n.Bucket)),
		Notes:    []string{s3.NotificationOrderNote, s3.KeyNote("queue", n.KMSKeyARN)},
	}
	if n.KMSKeyARN != "" {
		rp.KeyPolicy = []iam.Statement{s3.KeyStatement(env, n.Sid()+"Key", n.Bucket)}
	}
	return iam.Validated(env, what, rp)
}

// SNSSubscription names an SNS topic and the SQS queue subscribed to it.
type SNSSubscription struct {
	Topic string
	Queue string
	// KMSKeyARN is the customer managed key encrypting the queue, if any.
	KMSKeyARN string
}

// PolicyForSNS returns the queue policy that lets one SNS topic deliver to
// a subscribed queue: principal sns.amazonaws.com, sqs:SendMessage,
// aws:SourceArn = the topic (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html).
// A queue subscribed to several topics
// gets one statement per topic: build one policy per topic and
// [iam.Merge] them.
func PolicyForSNS(env iam.Env, s SNSSubscription) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("SNS subscription policy on queue %s", s.Queue)
	if err := env.Check(); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, c := range []struct{ what, name string }{{"topic", s.Topic}, {"queue", s.Queue}} {
		if err := iam.CheckName(c.what, c.name); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	if s.KMSKeyARN != "" {
		if err := iam.CheckKey(env, s.KMSKeyARN); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	queue, topic := env.QueueARN(s.Queue), env.TopicARN(s.Topic)
	sid := "SNSTopic" + iam.SidName(s.Topic)
	stmt := iam.AllowStatement(sid, []string{"sqs:SendMessage"}, queue)
	stmt.Principal = iam.ServicePrincipal("sns.amazonaws.com")
	// ArnEquals on the topic ARN, as AWS shows (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html):
	// the topic ARN contains the account, so aws:SourceAccount adds nothing.
	stmt.Condition = iam.Condition{}.With("ArnEquals", "aws:SourceArn", topic)
	rp := iam.ResourcePolicy{
		Kind:     iam.SQSQueuePolicy,
		Target:   queue,
		Purpose:  fmt.Sprintf("Lets topic %s (only) deliver messages to subscribed queue %s.", s.Topic, s.Queue),
		Document: iam.NewDocument(stmt),
		Notes: []string{
			"wireup deploy puts this policy on the queue before it subscribes the queue to the topic, so SNS can deliver from the first message (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html); the identity that runs deploy needs sns:Subscribe on the topic (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html).",
			iam.KeyPolicyNote("queue", "sns.amazonaws.com", s.KMSKeyARN),
		},
	}
	if s.KMSKeyARN != "" {
		// SNS needs kms:Decrypt and kms:GenerateDataKey* on the queue's key
		// (https://docs.aws.amazon.com/sns/latest/dg/sns-enable-encryption-for-topic-sqs-queue-subscriptions.html).
		// GenerateDataKey is the call SNS makes; the wildcard form is not
		// used (no wildcard actions). The SourceArn condition is not in the
		// SNS example; the SQS key-management page says SNS sends it
		// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
		k := iam.AllowStatement(sid+"Key", []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*")
		k.Principal = iam.ServicePrincipal("sns.amazonaws.com")
		k.Condition = iam.Condition{}.With("ArnEquals", "aws:SourceArn", topic)
		rp.KeyPolicy = []iam.Statement{k}
	}
	return iam.Validated(env, what, rp)
}

// EventBridgeRule names an EventBridge rule on the default event bus and
// the SQS queue that is its target.
type EventBridgeRule struct {
	Rule  string
	Queue string
	// KMSKeyARN is the customer managed key encrypting the queue, if any.
	KMSKeyARN string
}

// PolicyForEventBridge returns the queue policy that lets one EventBridge
// rule send events to a queue, its target or its dead-letter queue: principal
// events.amazonaws.com, sqs:SendMessage, aws:SourceArn = the rule (whose
// ARN contains the account). The target gets no role: EventBridge delivers
// to SQS under the queue policy
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions).
func PolicyForEventBridge(env iam.Env, r EventBridgeRule) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("EventBridge rule policy on queue %s", r.Queue)
	if err := env.Check(); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, c := range []struct{ what, name string }{{"rule", r.Rule}, {"queue", r.Queue}} {
		if err := iam.CheckName(c.what, c.name); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	if r.KMSKeyARN != "" {
		if err := iam.CheckKey(env, r.KMSKeyARN); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	queue, rule := env.QueueARN(r.Queue), env.EventRuleARN(r.Rule)
	sid := "EventBridgeRule" + iam.SidName(r.Rule)
	stmt := iam.AllowStatement(sid, []string{"sqs:SendMessage"}, queue)
	stmt.Principal = iam.ServicePrincipal("events.amazonaws.com")
	stmt.Condition = iam.Condition{}.With("ArnEquals", "aws:SourceArn", rule)
	rp := iam.ResourcePolicy{
		Kind:     iam.SQSQueuePolicy,
		Target:   queue,
		Purpose:  fmt.Sprintf("Lets EventBridge rule %s (only) send events to queue %s.", r.Rule, r.Queue),
		Document: iam.NewDocument(stmt),
		Notes: []string{
			"Apply this policy before the rule names the queue, as its target or its dead-letter queue: EventBridge sends from then on, and an event it cannot send is retried, then dropped (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).",
			"If the queue is SSE-KMS encrypted with a customer managed key, its key policy must let events.amazonaws.com call kms:GenerateDataKey and kms:Decrypt; with SSE-SQS (wireup's default) nothing more is needed (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).",
		},
	}
	if r.KMSKeyARN != "" {
		rp.Notes[1] = iam.KeyPolicyNote("queue", "events.amazonaws.com", r.KMSKeyARN)
		// EventBridge sends to an encrypted queue under the key policy, not
		// a role: events.amazonaws.com needs kms:GenerateDataKey and
		// kms:Decrypt (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sqs-encrypted).
		// The SourceArn condition, as for SNS, keeps it to this rule
		// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
		k := iam.AllowStatement(sid+"Key", []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*")
		k.Principal = iam.ServicePrincipal("events.amazonaws.com")
		k.Condition = iam.Condition{}.With("ArnEquals", "aws:SourceArn", rule)
		rp.KeyPolicy = []iam.Statement{k}
	}
	return iam.Validated(env, what, rp)
}

// TLSOnlyPolicy returns the queue policy every queue wireup creates carries:
// one Deny statement refusing any request to the queue that is not made over
// TLS (aws:SecureTransport = false), for every caller and every SQS action,
// as AWS documents for enforcing encryption in transit
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html#enforce-encryption-data-in-transit).
//
// It grants nothing: the queue's owners keep the access their identity
// policies give them, over HTTPS, which every AWS SDK uses by default. A
// queue that a service sends to gets this statement merged into that
// service's queue policy ([WithTLSOnly]): a queue has one policy.
func TLSOnlyPolicy(env iam.Env, queue string) (iam.ResourcePolicy, error) {
	return iam.TLSOnly(env, iam.SQSQueuePolicy, "queue", queue, env.QueueARN(queue), []string{"sqs:*"},
		fmt.Sprintf("Refuses every request to queue %s that is not made over HTTPS, whoever makes it (encryption in transit).", queue),
		"A queue has one policy, and setting the Policy attribute replaces it: statements you add belong in this same policy (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).")
}

// WithTLSOnly returns a function that adds the Deny statement of
// [TLSOnlyPolicy] to a queue policy that lets a service send (PolicyForS3,
// PolicyForSNS, PolicyForEventBridge), so that setting it keeps the queue
// TLS-only: WithTLSOnly(env)(PolicyForSNS(env, …)). An error from the
// builder is passed on.
func WithTLSOnly(env iam.Env) func(iam.ResourcePolicy, error) (iam.ResourcePolicy, error) {
	return iam.WithDenyInsecureTransport(env, []string{"sqs:*"}, "Refuses every request not made over HTTPS.")
}
