package iam

import "fmt"

// BucketTLSOnlyPolicy returns the bucket policy every bucket wireup creates
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
func BucketTLSOnlyPolicy(env Env, bucket string) (ResourcePolicy, error) {
	what := fmt.Sprintf("TLS-only policy on bucket %s", bucket)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkName("bucket", bucket); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	b := env.BucketARN(bucket)
	rp := ResourcePolicy{
		Kind:   S3BucketPolicy,
		Target: b,
		Purpose: fmt.Sprintf("Refuses every request to bucket %s and its objects that is not made over HTTPS, "+
			"whoever makes it (encryption in transit).", bucket),
		Document: document(Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    Deny,
			Principal: everyone(),
			Action:    []string{"s3:*"},
			Resource:  sorted([]string{b, env.ObjectsARN(bucket, "")}),
			Condition: Condition{}.with("Bool", "aws:SecureTransport", "false"),
		}),
		Notes: []string{
			"Put this policy after PutPublicAccessBlock: a policy with only Deny statements is not public, so BlockPublicPolicy accepts it.",
			"PutBucketPolicy replaces the whole policy: to add statements, Merge them with this one rather than putting a second policy.",
			"Clients must use HTTPS. Where bucket policies are evaluated, a client of an emulator reached over http:// is refused too; `wireup deploy` leaves the policy off on moto for that reason.",
		},
	}
	return finishResourcePolicy(env, what, rp)
}
