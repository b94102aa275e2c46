package sns

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/s3"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the topic policy and every option that changes it.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "s3-sns", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "upload-topic"}))
		}},
		{Name: "tls-only", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(TLSOnlyPolicy(env, "upload-topic"))
		}},
		{Name: "s3-sns-tls-only", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(WithTLSOnly(env)(PolicyForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "upload-topic"})))
		}},
		{Name: "s3-sns-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PolicyForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "upload-topic", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/sns -run TestGolden -update` to accept new
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
		{"s3 topic bad key", iamtest.Err(PolicyForS3(env, s3.Notification{Bucket: "b", Destination: "t", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/*"})), "one key"},
		{"tls-only no topic", iamtest.Err(TLSOnlyPolicy(env, "")), "topic is empty"},
		{"tls-only passes the sender's error", iamtest.Err(WithTLSOnly(env)(PolicyForS3(env, s3.Notification{Bucket: "b"}))), "topic is empty"},
		{"s3 topic no topic", iamtest.Err(PolicyForS3(env, s3.Notification{Bucket: "b"})), "topic is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
