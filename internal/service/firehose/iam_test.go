package firehose

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the delivery role, bare and with every option.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "firehose-direct", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "clicks", RoleName: "wireup-firehose-clicks", BucketName: "clicks-lake"}))
		}},
		{Name: "firehose-full", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{
				DeliveryStreamName:    "orders-to-s3",
				RoleName:              "wireup-firehose-orders",
				BucketName:            "orders-lake",
				Prefix:                "orders/!{timestamp:yyyy/MM/dd}/",
				ErrorPrefix:           "errors/!{firehose:error-output-type}/",
				SourceStreamName:      "orders",
				TransformFunctionName: "orders-transform",
				KMSKeyARN:             iamtest.KeyARN(env),
			}))
		}},
		{Name: "firehose-opensearch", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "clicks", RoleName: "wireup-firehose-clicks",
				BucketName: "clicks-search-backup", Prefix: "opensearch-failed/", ErrorPrefix: "opensearch-failed/",
				OpenSearchDomain: "clicks", OpenSearchIndex: "clicks-events"}))
		}},
		{Name: "firehose-http-endpoint", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "clicks-delivery", RoleName: "clicks-firehose",
				BucketName: "clicks-backup", ErrorPrefix: "errors/", SecretName: "clicks-http-endpoint-key"}))
		}},
		{Name: "firehose-splunk", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "clicks-delivery", RoleName: "clicks-firehose",
				BucketName: "clicks-backup", Prefix: "data/", ErrorPrefix: "errors/", SecretName: "clicks-splunk-hec-token", Splunk: true}))
		}},
		{Name: "firehose-redshift", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "clicks-delivery", RoleName: "clicks-firehose",
				BucketName: "clicks-rs-staging", Prefix: "staging/", ErrorPrefix: "backup/", SecretName: "clicks-redshift-firehose", RedshiftUser: "firehose"}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/firehose -run TestGolden -update` to accept
// new output.
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
		{"firehose no bucket", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r"})), "bucket is empty"},
		{"firehose bad prefix", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r", BucketName: "b", Prefix: "a*/"})), "must not contain"},
		{"firehose bad key", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r", BucketName: "b", KMSKeyARN: "key"})), "not an ARN"},
		{"firehose bad transform", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r", BucketName: "b", TransformFunctionName: "f:1"})), "function name"},
		{"firehose wildcard secret", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r", BucketName: "b", SecretName: "tok*", Splunk: true})), "secret name"},
		{"firehose bad log group", iamtest.Err(DeliveryRole(env, DeliveryRoleInput{DeliveryStreamName: "d", RoleName: "r", BucketName: "b", LogGroupName: "/aws/*"})), "plain names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
