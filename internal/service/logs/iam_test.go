package logs

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases covers the subscription role for each destination that takes
// one.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "logs-firehose", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(SubscriptionRole(env, SubscriptionRoleInput{RoleName: "orders-logs", LogGroup: "/wireup/orders",
				Destination: iam.Target{Kind: iam.KindFirehose, Name: "orders-delivery"}}))
		}},
		{Name: "logs-kinesis", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(SubscriptionRole(env, SubscriptionRoleInput{RoleName: "orders-logs", LogGroup: "/wireup/orders",
				Destination: iam.Target{Kind: iam.KindKinesis, Name: "orders-stream"}}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/logs -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition for the properties
// internal/iam promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected with a message naming the
// problem, never turned into a broader policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	role := func(group string, dest iam.Target) error {
		return iamtest.Err(SubscriptionRole(env, SubscriptionRoleInput{RoleName: "r", LogGroup: group, Destination: dest}))
	}
	fh := iam.Target{Kind: iam.KindFirehose, Name: "d"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"wildcard group", role("/wireup/*", fh), "log group"},
		{"no group", role("", fh), "log group"},
		{"lambda destination", role("/g", iam.Target{Kind: iam.KindLambda, Name: "f"}), "Kinesis or Firehose"},
		{"wildcard stream", role("/g", iam.Target{Kind: iam.KindKinesis, Name: "s*"}), "kinesis name"},
		{"bad role", iamtest.Err(SubscriptionRole(env, SubscriptionRoleInput{RoleName: "r/1", LogGroup: "/g", Destination: fh})), "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
