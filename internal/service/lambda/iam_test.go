package lambda

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/s3"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the function permissions and the execution role for
// every kind of source and every option that changes them.
func iamCases() []iamtest.Case {
	role := func(name string, in func(iam.Env) ExecutionRoleInput, all bool) iamtest.Case {
		return iamtest.Case{Name: name, AllPartitions: all, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(ExecutionRole(env, in(env)))
		}}
	}
	return []iamtest.Case{
		{Name: "iot-lambda-permission", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PermissionForIoT(env, IoTRule{RuleName: "telemetry_rule", FunctionName: "handle-telemetry"}))
		}},
		{Name: "s3-lambda", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PermissionForS3(env, s3.Notification{Bucket: "uploads-bucket", Destination: "index-upload"}))
		}},
		{Name: "eventbridge-lambda", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PermissionForEventBridge(env, EventBridgeRule{Rule: "orders-rule", Function: "handle-orders"}))
		}},
		{Name: "logs-lambda", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PermissionForLogs(env, LogsSubscription{LogGroup: "/wireup/orders", Function: "index-logs"}))
		}},
		{Name: "sns-lambda", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(PermissionForSNS(env, SNSSubscription{Topic: "upload-topic", Function: "index-upload"}))
		}},

		role("lambda-kinesis", func(iam.Env) ExecutionRoleInput {
			return ExecutionRoleInput{
				FunctionName: "process-orders", RoleName: "wireup-lambda-process-orders",
				Sources:   []iam.Source{{Kind: iam.KindKinesis, Name: "orders"}},
				OnFailure: &iam.Target{Kind: iam.KindSQS, Name: "orders-failed"},
			}
		}, false),
		role("lambda-kinesis-efo-kms", func(env iam.Env) ExecutionRoleInput {
			return ExecutionRoleInput{
				FunctionName: "process-orders", RoleName: "wireup-lambda-process-orders",
				Sources:   []iam.Source{{Kind: iam.KindKinesis, Name: "orders", EnhancedFanOut: true, KMSKeyARN: iamtest.KeyARN(env)}},
				OnFailure: &iam.Target{Kind: iam.KindSQS, Name: "orders-failed", KMSKeyARN: iamtest.KeyARN(env)},
			}
		}, true),
		role("lambda-sqs", func(iam.Env) ExecutionRoleInput {
			return ExecutionRoleInput{
				FunctionName: "work-jobs", RoleName: "wireup-lambda-work-jobs",
				Sources: []iam.Source{{Kind: iam.KindSQS, Name: "jobs"}},
			}
		}, false),
		role("lambda-dynamodb-stream", func(iam.Env) ExecutionRoleInput {
			return ExecutionRoleInput{
				FunctionName: "on-device-change", RoleName: "wireup-lambda-on-device-change",
				Sources:   []iam.Source{{Kind: iam.KindDynamoDBStream, Name: "device-state"}},
				OnFailure: &iam.Target{Kind: iam.KindSNS, Name: "device-change-failures"},
			}
		}, false),
		role("lambda-s3-handler", func(iam.Env) ExecutionRoleInput {
			return ExecutionRoleInput{
				FunctionName: "index-upload", RoleName: "wireup-lambda-index-upload",
				Reads:  []iam.Source{{Kind: iam.KindS3, Name: "uploads-bucket", Prefix: "incoming/"}},
				Writes: []iam.Target{{Kind: iam.KindDynamoDB, Name: "upload-index"}},
			}
		}, false),
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/lambda -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition for the properties
// internal/iam promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected with a message naming the
// problem, never turned into a broader policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	key := iamtest.KeyARN(env)
	role := func(in ExecutionRoleInput) error {
		if in.FunctionName == "" {
			in.FunctionName = "f"
		}
		in.RoleName = "r"
		return iamtest.Err(ExecutionRole(env, in))
	}
	kinesis := []iam.Source{{Kind: iam.KindKinesis, Name: "s"}}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"lambda function name", role(ExecutionRoleInput{FunctionName: "f.n"}), "function name"},
		{"lambda s3 source", role(ExecutionRoleInput{Sources: []iam.Source{{Kind: iam.KindS3, Name: "b"}}}), "not supported"},
		{"lambda efo on sqs", role(ExecutionRoleInput{Sources: []iam.Source{{Kind: iam.KindSQS, Name: "q", EnhancedFanOut: true}}}), "only to kinesis"},
		{"lambda efo on read", role(ExecutionRoleInput{Reads: []iam.Source{{Kind: iam.KindKinesis, Name: "s", EnhancedFanOut: true}}}), "only to Sources"},
		{"lambda on-failure for sqs", role(ExecutionRoleInput{Sources: []iam.Source{{Kind: iam.KindSQS, Name: "q"}}, OnFailure: &iam.Target{Kind: iam.KindSQS, Name: "dlq"}}), "redrive"},
		{"lambda on-failure kind", role(ExecutionRoleInput{Sources: kinesis, OnFailure: &iam.Target{Kind: iam.KindS3, Name: "b"}}), "sqs or sns"},
		{"lambda on-failure name", role(ExecutionRoleInput{Sources: kinesis, OnFailure: &iam.Target{Kind: iam.KindSQS, Name: "q*"}}), "on-failure destination: "},
		{"lambda duplicate write", role(ExecutionRoleInput{Writes: []iam.Target{{Kind: iam.KindSQS, Name: "q"}, {Kind: iam.KindSQS, Name: "q"}}}), "duplicate sid"},
		{"s3 lambda with key", iamtest.Err(PermissionForS3(env, s3.Notification{Bucket: "b", Destination: "f", KMSKeyARN: key})), "KMSKeyARN"},
		{"s3 lambda no bucket", iamtest.Err(PermissionForS3(env, s3.Notification{Destination: "f"})), "bucket is empty"},
		{"sns lambda bad function", iamtest.Err(PermissionForSNS(env, SNSSubscription{Topic: "t", Function: "f:1"})), "function name"},
		{"iot permission bad function", iamtest.Err(PermissionForIoT(env, IoTRule{RuleName: "r", FunctionName: ""})), "function name"},
		{"logs permission bad group", iamtest.Err(PermissionForLogs(env, LogsSubscription{LogGroup: "/wireup/a*", Function: "f"})), "log group"},
		{"logs permission bad function", iamtest.Err(PermissionForLogs(env, LogsSubscription{LogGroup: "/wireup/a", Function: "f:1"})), "function name"},
		{"iot permission bad rule", iamtest.Err(PermissionForIoT(env, IoTRule{RuleName: "my-rule", FunctionName: "f"})), "IoT rule name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}

// A role built for each poll source grants exactly the poll set on the
// source (plus its own logs, and SubscribeToShard for enhanced fan-out),
// and never an action with no resource type on an ARN. That the poll set is
// AWS's managed policy is internal/iam's TestPollerGrantsMatchAWS.
func TestExecutionRolePollStatements(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	noResourceType := []string{"kinesis:ListStreams", "dynamodb:ListStreams"}
	for _, src := range []iam.Source{
		{Kind: iam.KindKinesis, Name: "orders"},
		{Kind: iam.KindKinesis, Name: "orders", EnhancedFanOut: true},
		{Kind: iam.KindSQS, Name: "jobs"},
		{Kind: iam.KindDynamoDBStream, Name: "devices"},
	} {
		r, err := ExecutionRole(env, ExecutionRoleInput{FunctionName: "f", RoleName: "r", Sources: []iam.Source{src}})
		if err != nil {
			t.Fatalf("%+v: %v", src, err)
		}
		var got []string
		for _, st := range r.Policy.Statement {
			for _, a := range st.Action {
				if slices.Contains(noResourceType, a) {
					t.Errorf("%+v: %s granted on %v can never match", src, a, st.Resource)
				}
				if !slices.Contains([]string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, a) {
					got = append(got, a)
				}
			}
		}
		poll, _, err := iam.Grant(env, iam.Poll, src)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, st := range poll {
			want = append(want, st.Action...)
		}
		if src.EnhancedFanOut {
			want = append(want, "kinesis:SubscribeToShard")
		}
		slices.Sort(got)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v: role actions (-want +got):\n%s", src, diff)
		}
	}
}

// An on-failure destination is a queue name or an SQS/SNS ARN; the Target
// names the resource, so the role grants on it in the caller's Env.
func TestOnFailureTarget(t *testing.T) {
	for _, tt := range []struct {
		dest string
		want iam.Target
		err  string
	}{
		{"orders-failed", iam.Target{Kind: iam.KindSQS, Name: "orders-failed"}, ""},
		{"arn:aws:sqs:us-east-1:123456789012:orders-failed", iam.Target{Kind: iam.KindSQS, Name: "orders-failed"}, ""},
		{"arn:aws-cn:sns:cn-north-1:123456789012:failures", iam.Target{Kind: iam.KindSNS, Name: "failures"}, ""},
		{"arn:aws:s3:::bucket", iam.Target{}, "SQS queue or SNS topic"},
		{"arn:nope", iam.Target{}, "not an ARN"},
		{"bad name", iam.Target{}, "not allowed"},
	} {
		got, err := OnFailureTarget(tt.dest)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("OnFailureTarget(%q) error = %v, want %q", tt.dest, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("OnFailureTarget(%q) = %+v, %v; want %+v", tt.dest, got, err, tt.want)
		}
	}
}
