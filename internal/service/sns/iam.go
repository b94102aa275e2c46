package sns

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/s3"
)

// PolicyForS3 returns the topic policy that lets one bucket's event
// notifications reach an SNS topic: principal s3.amazonaws.com, sns:Publish,
// aws:SourceArn = the bucket, aws:SourceAccount = the bucket owner
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
// It is the only topic policy a topic accepts: an IoT rule publishes with a
// role of its own.
func PolicyForS3(env iam.Env, n s3.Notification) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("S3 notification policy on topic %s", n.Destination)
	if err := n.Check(env, "topic"); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	topic := env.TopicARN(n.Destination)
	rp := iam.ResourcePolicy{
		Kind:     iam.SNSTopicPolicy,
		Target:   topic,
		Purpose:  fmt.Sprintf("Lets bucket %s (only, in this account) publish event notifications to topic %s.", n.Bucket, n.Destination),
		Document: iam.NewDocument(s3.FromBucket(env, iam.AllowStatement(n.Sid(), []string{"sns:Publish"}, topic), n.Bucket)),
		Notes: []string{s3.NotificationOrderNote, s3.KeyNote("topic", n.KMSKeyARN),
			"The topic policy replaces SNS's default policy: principals of this account keep access through their identity policies, but other services or accounts that publish need their own statements in this same policy."},
	}
	if n.KMSKeyARN != "" {
		rp.KeyPolicy = []iam.Statement{s3.KeyStatement(env, n.Sid()+"Key", n.Bucket)}
	}
	return iam.Validated(env, what, rp)
}

// TLSOnlyPolicy returns the topic policy every topic wireup creates carries:
// one Deny statement refusing a publish that is not made over TLS
// (aws:SecureTransport = false), for every caller, as AWS documents for
// enforcing encryption in transit
// (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit).
//
// It grants nothing, and it replaces SNS's default topic policy: principals
// of this account keep the access their identity policies give them, over
// HTTPS, which every AWS SDK uses by default. A topic S3 publishes to gets
// this statement merged into its S3 topic policy ([WithTLSOnly]).
func TLSOnlyPolicy(env iam.Env, topic string) (iam.ResourcePolicy, error) {
	return iam.TLSOnly(env, iam.SNSTopicPolicy, "topic", topic, env.TopicARN(topic), []string{"sns:Publish"},
		fmt.Sprintf("Refuses every publish to topic %s that is not made over HTTPS, whoever makes it (encryption in transit).", topic),
		"The topic policy replaces SNS's default policy: principals of this account keep access through their identity policies, but other services or accounts that publish need their own statements in this same policy (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).")
}

// WithTLSOnly returns a function that adds the Deny statement of
// [TLSOnlyPolicy] to a topic policy that lets a service publish
// (PolicyForS3), so that setting it keeps the topic TLS-only. An error from
// the builder is passed on.
func WithTLSOnly(env iam.Env) func(iam.ResourcePolicy, error) (iam.ResourcePolicy, error) {
	return iam.WithDenyInsecureTransport(env, []string{"sns:Publish"}, "Refuses every publish not made over HTTPS.")
}
