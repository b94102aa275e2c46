package s3

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the bucket policy. The statements S3 needs in a
// destination's policy are covered by the queue, topic and function
// policies that use them (internal/service/sqs, sns, lambda).
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "s3-bucket-tls-only", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(TLSOnlyPolicy(env, "uploads-bucket"))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/s3 -run TestGolden -update` to accept new
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
		{"tls-only no bucket", iamtest.Err(TLSOnlyPolicy(env, "")), "bucket is empty"},
		{"tls-only bucket arn", iamtest.Err(TLSOnlyPolicy(env, env.BucketARN("b"))), "pass the plain name"},
		{"tls-only bad env", iamtest.Err(TLSOnlyPolicy(iam.EnvFor("us-east-1", "1"), "b")), "12 digits"},
		{"notification no destination", Notification{Bucket: "b"}.Check(env, "queue"), "queue is empty"},
		{"notification alias key", Notification{Bucket: "b", Destination: "q", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/k"}.Check(env, "queue"), "not a key ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
