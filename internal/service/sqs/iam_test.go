package sqs

import (
	"flag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/s3"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the queue policies and every option that changes them.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "s3-sqs", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "upload-events"}))
		}},
		{Name: "s3-sqs-kms", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "upload-events", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "sns-sqs", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForSNS(env, SNSSubscription{Topic: "upload-topic", Queue: "upload-indexer"}))
		}},
		{Name: "eventbridge-sqs", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForEventBridge(env, EventBridgeRule{Rule: "orders-rule", Queue: "order-events"}))
		}},
		{Name: "tls-only", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(TLSOnlyPolicy(env, "order-events"))
		}},
		{Name: "sns-sqs-tls-only", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(WithTLSOnly(env)(PolicyForSNS(env, SNSSubscription{Topic: "upload-topic", Queue: "upload-indexer"})))
		}},
		{Name: "sns-sqs-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForSNS(env, SNSSubscription{Topic: "upload-topic", Queue: "upload-indexer", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/sqs -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition for the properties
// internal/iam promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected with a message naming the
// problem, never turned into a broader policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"s3 queue no bucket", iamtest.Err(PolicyForS3(env, s3.Notification{Destination: "q"})), "bucket is empty"},
		{"s3 queue bad key", iamtest.Err(PolicyForS3(env, s3.Notification{Bucket: "b", Destination: "q", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/k"})), "not a key ARN"},
		{"sns queue no topic", iamtest.Err(PolicyForSNS(env, SNSSubscription{Queue: "q"})), "topic is empty"},
		{"sns queue arn as name", iamtest.Err(PolicyForSNS(env, SNSSubscription{Topic: "t", Queue: env.QueueARN("q")})), "pass the plain name"},
		{"tls-only no queue", iamtest.Err(TLSOnlyPolicy(env, "")), "queue is empty"},
		{"tls-only passes the sender's error", iamtest.Err(WithTLSOnly(env)(PolicyForSNS(env, SNSSubscription{Queue: "q"}))), "topic is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}

// A queue that receives from both a bucket and a topic has one policy: the
// two builders' documents merge into a valid one, one statement per sender.
func TestPoliciesMerge(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	fromS3, err := PolicyForS3(env, s3.Notification{Bucket: "b", Destination: "q"})
	if err != nil {
		t.Fatal(err)
	}
	fromSNS, err := PolicyForSNS(env, SNSSubscription{Topic: "t", Queue: "q"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := iam.Merge(fromS3.Document, fromSNS.Document)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{m.Statement[0].Sid, m.Statement[1].Sid}; !cmp.Equal(got, []string{"S3BucketB", "SNSTopicT"}) {
		t.Errorf("merged sids = %v", got)
	}
	if err := iam.Validate(env, m); err != nil {
		t.Errorf("merged policy invalid: %v", err)
	}
}
