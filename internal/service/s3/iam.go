package s3

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
)

// TLSOnlyPolicy returns the bucket policy every bucket wireup creates
// carries: one Deny statement refusing any request to the bucket or its
// objects that is not made over TLS (aws:SecureTransport = false), for every
// caller (principal "*") and every S3 action ("s3:*"), as AWS documents for
// enforcing encryption in transit.
//
// It grants nothing: the bucket's owners keep the access their identity
// policies give them, as long as they use HTTPS, which every AWS SDK does by
// default. The AWS services on wireup's routes are unaffected: Firehose and
// the IoT rule S3 action write over TLS, and S3 event notifications are not
// requests to the bucket.
func TLSOnlyPolicy(env iam.Env, bucket string) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("TLS-only policy on bucket %s", bucket)
	if err := env.Check(); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckName("bucket", bucket); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	b := env.BucketARN(bucket)
	rp := iam.ResourcePolicy{
		Kind:   iam.S3BucketPolicy,
		Target: b,
		Purpose: fmt.Sprintf("Refuses every request to bucket %s and its objects that is not made over HTTPS, "+
			"whoever makes it (encryption in transit).", bucket),
		// Sorted, as Validate requires: the bucket ARN is a prefix of its
		// objects' pattern.
		Document: iam.NewDocument(iam.DenyInsecureTransport([]string{"s3:*"}, b, env.ObjectsARN(bucket, ""))),
		Notes: []string{
			"The bucket blocks public access (BlockPublicPolicy on); this policy only denies, so S3 does not count it as public and accepts it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).",
			"A bucket has one policy, and putting a policy replaces it: statements you add belong in this same policy (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html).",
			"Clients must use HTTPS. Where bucket policies are evaluated, a client of an emulator reached over http:// is refused too; `wireup deploy` leaves the policy off on moto for that reason.",
		},
	}
	return iam.Validated(env, what, rp)
}

// The rest is S3 as a sender: what the queue policy, topic policy or
// function permission of a destination (internal/service/sqs, sns, lambda)
// needs to let one bucket's event notifications in.

// Notification names the two ends of an S3 event notification: the bucket
// (in env's account) and the queue, topic or function it notifies.
type Notification struct {
	Bucket      string
	Destination string // queue, topic or function name
	// KMSKeyARN is the customer managed key encrypting the queue or topic,
	// if any. S3 must be allowed to use it in the key policy.
	KMSKeyARN string
}

// Check validates n for a destination of kind destination ("queue"): env,
// both names, and the key when there is one.
func (n Notification) Check(env iam.Env, destination string) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := iam.CheckName("bucket", n.Bucket); err != nil {
		return err
	}
	if err := iam.CheckName(destination, n.Destination); err != nil {
		return err
	}
	if n.KMSKeyARN != "" {
		return iam.CheckKey(env, n.KMSKeyARN)
	}
	return nil
}

// Sid is the statement id of the grant to n's bucket: S3Bucket and the
// bucket's name.
func (n Notification) Sid() string { return "S3Bucket" + iam.SidName(n.Bucket) }

// NotificationOrderNote is the note every policy letting S3 deliver
// carries: S3 checks the destination when the notification is configured
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html).
const NotificationOrderNote = "S3 checks that it may deliver when the bucket notification is configured (to an SQS or SNS destination it sends an s3:TestEvent message, which consumers must ignore) and refuses the configuration otherwise, so wireup deploy applies this policy before the bucket notification (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html, https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html)."

// FromBucket turns s into a statement for S3 notifications from bucket:
// principal s3.amazonaws.com, aws:SourceArn the bucket (ArnLike, the
// operator AWS shows; the exact bucket ARN instead of AWS's
// arn:aws:s3:*:*:BUCKET pattern is narrower) and aws:SourceAccount, needed
// too because a bucket ARN carries no account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
func FromBucket(env iam.Env, s iam.Statement, bucket string) iam.Statement {
	s.Principal = iam.ServicePrincipal("s3.amazonaws.com")
	s.Condition = iam.Condition{}.
		With("ArnLike", "aws:SourceArn", env.BucketARN(bucket)).
		With("StringEquals", "aws:SourceAccount", env.AccountID)
	return s
}

// KeyStatement is the key-policy statement letting S3 use the CMK of an
// encrypted queue or topic for one bucket's notifications
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html,
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
func KeyStatement(env iam.Env, sid, bucket string) iam.Statement {
	return FromBucket(env, iam.AllowStatement(sid, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*"), bucket)
}

// KeyNote is [iam.KeyPolicyNote] for S3 delivering into a queue or topic.
func KeyNote(what, key string) string { return iam.KeyPolicyNote(what, "s3.amazonaws.com", key) }
