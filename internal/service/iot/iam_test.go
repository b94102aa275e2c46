package iot

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the rule role for every action target and every option
// that changes it.
func iamCases() []iamtest.Case {
	rule := func(name string, t iam.Target, batch, all bool) iamtest.Case {
		return iamtest.Case{Name: "iot-" + name, AllPartitions: all, Build: func(env iam.Env) (iamtest.Output, error) {
			if t.KMSKeyARN != "" {
				t.KMSKeyARN = iamtest.KeyARN(env)
			}
			return iamtest.Role(RuleRole(env, RuleRoleInput{RuleName: "telemetry_rule", RoleName: "wireup-iot-telemetry", Target: t, BatchMode: batch}))
		}}
	}
	withKey := "set per env"
	return []iamtest.Case{
		rule("kinesis", iam.Target{Kind: iam.KindKinesis, Name: "telemetry"}, false, false),
		rule("kinesis-kms", iam.Target{Kind: iam.KindKinesis, Name: "telemetry", KMSKeyARN: withKey}, false, false),
		rule("firehose", iam.Target{Kind: iam.KindFirehose, Name: "telemetry-to-s3"}, false, false),
		rule("firehose-batch", iam.Target{Kind: iam.KindFirehose, Name: "telemetry-to-s3"}, true, false),
		rule("sqs-kms", iam.Target{Kind: iam.KindSQS, Name: "telemetry-queue", KMSKeyARN: withKey}, false, true),
		rule("sns", iam.Target{Kind: iam.KindSNS, Name: "alerts"}, false, false),
		rule("sns-kms", iam.Target{Kind: iam.KindSNS, Name: "alerts", KMSKeyARN: withKey}, false, false),
		rule("s3", iam.Target{Kind: iam.KindS3, Name: "telemetry-archive", Prefix: "raw/"}, false, false),
		rule("dynamodb", iam.Target{Kind: iam.KindDynamoDB, Name: "device-state"}, false, false),
		rule("opensearch", iam.Target{Kind: iam.KindOpenSearch, Name: "telemetry", Prefix: "telemetry-events/_doc/*"}, false, true),
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/iot -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition for the properties
// internal/iam promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected with a message naming the
// problem, never turned into a broader policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	sqs := iam.Target{Kind: iam.KindSQS, Name: "q"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"iot lambda", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindLambda, Name: "f"}})), "PermissionForIoT"},
		{"iot rule name", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "my-rule", RoleName: "x", Target: sqs})), "IoT rule name"},
		{"iot batch not firehose", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: "x", Target: sqs, BatchMode: true})), "BatchMode"},
		{"iot iot", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindIoT, Name: "t"}})), "not supported"},
		{"role name", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: strings.Repeat("x", 65), Target: sqs})), "role name"},
		{"opensearch path", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindOpenSearch, Name: "d", Prefix: "*"}})), "opensearch path"},
		{"target wildcard", iamtest.Err(RuleRole(env, RuleRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindKinesis, Name: "s*"}})), "target: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
