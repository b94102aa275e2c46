package sns

import (
	"fmt"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the topic, the topic policy that lets S3 publish to it,
// and the topic's subscriptions.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "sns" }

// WriteTarget implements plan.Writable: a producer or an IoT rule publishes
// to the topic.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindSNS, Name: s.SNS.Topic, KMSKeyARN: s.SNS.KMSKey}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().SNS
	if s == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDTopic, Kind: plan.KindTopic, Name: s.Topic, Settings: map[string]string{
		"encryption": plan.BoolString(s.Encryption), "kmsKey": s.KMSKey,
	}})
	rp, err := TLSOnlyPolicy(b.IAMEnv(), s.Topic)
	return b.SetResourcePolicy(plan.IDTopic, rp, err)
}

// Accept implements plan.Acceptor: the topic policy for an S3
// notification. An IoT rule publishes with its own role and needs none.
func (Planner) Accept(b *plan.Builder, in *catalog.Integration) (string, error) {
	if in.From != "s3" {
		return "", nil
	}
	s := b.Spec()
	// The topic policy carries the TLS-only Deny too; the topic is
	// created without a policy of its own, so no two resources set it.
	rp, err := WithTLSOnly(b.IAMEnv())(PolicyForS3(b.IAMEnv(), s3.Notification{Bucket: s.S3.Bucket, Destination: s.SNS.Topic, KMSKeyARN: s.SNS.KMSKey}))
	t := b.Resource(plan.IDTopic)
	t.Policy, t.Purpose, t.Notes = nil, "", nil
	pol := b.Add(&plan.Resource{ID: plan.IDTopicPolicy, Kind: plan.KindTopicPolicy, Name: s.SNS.Topic, Integration: in.ID})
	b.Ref(pol, "topicArn", plan.IDTopic, "arn")
	pol.DependsOn = append(pol.DependsOn, plan.IDBucket)
	if k := s.SNS.KMSKey; k != "" {
		// wireup does not change a key it did not create: its owner adds
		// the statements that let S3 use it.
		pol.Settings = map[string]string{plan.SettingYouProvide: fmt.Sprintf("the key policy of %s: add the statements of iam/%s, which let S3 (bucket %s only) call kms:GenerateDataKey and kms:Decrypt, or S3 cannot publish to the encrypted topic (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html)",
			k, plan.KeyPolicyFile(s.SNS.Topic), s.S3.Bucket)}
	}
	return plan.IDTopicPolicy, b.SetResourcePolicy(plan.IDTopicPolicy, rp, err)
}

// subscribers are the destinations a subscription delivers to: the
// protocol SNS names, and the resource whose ARN is the endpoint.
var subscribers = map[string]struct{ protocol, id string }{
	"sqs":    {"sqs", plan.IDQueue},
	"lambda": {"lambda", plan.IDFunction},
}

// Wire implements plan.Wirer: a subscription, after the destination's
// resource policy: SNS delivers from the moment it exists
// (https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html).
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	to, ok := subscribers[in.To]
	if in.From != "sns" || !ok {
		return false, nil
	}
	wait, err := b.Accept(in)
	if err != nil {
		return false, err
	}
	s := b.Spec()
	sub := b.Add(&plan.Resource{ID: plan.IDSubscription, Kind: plan.KindSubscription, Name: s.SNS.Topic, Integration: in.ID,
		Settings: map[string]string{"protocol": to.protocol}})
	if q := s.SQS; q != nil && in.To == "sqs" {
		sub.Settings["rawDelivery"], sub.Settings["filterPolicy"] = plan.BoolString(q.RawDelivery), q.FilterPolicy
	}
	b.Ref(sub, "topicArn", plan.IDTopic, "arn")
	b.Ref(sub, "endpoint", to.id, "arn")
	if wait != "" {
		sub.DependsOn = append(sub.DependsOn, wait)
	}
	return true, nil
}
