package eventbridge

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the target role for each target that takes one.
func iamCases() []iamtest.Case {
	role := func(name string, t iam.Target) iamtest.Case {
		return iamtest.Case{Name: "eventbridge-" + name, AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(TargetRole(env, TargetRoleInput{RuleName: "orders-rule", RoleName: "orders-events", Target: t}))
		}}
	}
	return []iamtest.Case{
		role("kinesis", iam.Target{Kind: iam.KindKinesis, Name: "orders-stream"}),
		role("firehose", iam.Target{Kind: iam.KindFirehose, Name: "orders-delivery"}),
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/eventbridge -run TestGolden -update` to
// accept new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition for the properties
// internal/iam promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestTargetRoleErrors: bad input is rejected with a message naming the
// problem, never turned into a broader policy.
func TestTargetRoleErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	kin := iam.Target{Kind: iam.KindKinesis, Name: "s"}
	tests := []struct {
		name string
		in   TargetRoleInput
		want string
	}{
		{"sqs takes no role", TargetRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindSQS, Name: "q"}}, "PolicyForEventBridge"},
		{"lambda takes no role", TargetRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindLambda, Name: "f"}}, "takes no role"},
		{"rule name", TargetRoleInput{RuleName: "my rule", RoleName: "x", Target: kin}, "EventBridge rule name"},
		{"role name", TargetRoleInput{RuleName: "r", RoleName: strings.Repeat("x", 65), Target: kin}, "role name"},
		{"wildcard stream", TargetRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindKinesis, Name: "s*"}}, "target: "},
		{"key", TargetRoleInput{RuleName: "r", RoleName: "x", Target: iam.Target{Kind: iam.KindKinesis, Name: "s", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/1"}}, "only Kind and Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := TargetRole(env, tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
