package httpendpoint

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// iamCases are the receiver's execution role and the policy of whoever
// runs cmd/receiver outside Lambda.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "http-endpoint-receiver-role", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(ReceiverRole(env, ReceiverRoleInput{FunctionName: "clicks-receiver", RoleName: "clicks-receiver", SecretName: "clicks-http-endpoint-key"}))
		}},
		{Name: "http-endpoint-receiver-policy", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(ReaderPolicy(env, "clicks-http-endpoint-key"))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/httpendpoint -run TestGolden -update` to
// accept new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case for the properties internal/iam
// promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// The secret grant is the one secret, never a wildcard over names.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	for _, name := range []string{"", "a*", "a/b"} {
		if err := iamtest.Err(ReceiverRole(env, ReceiverRoleInput{FunctionName: "f", RoleName: "r", SecretName: name})); err == nil {
			t.Errorf("secret %q: no error", name)
		}
		if err := iamtest.Err(ReaderPolicy(env, name)); err == nil {
			t.Errorf("reader policy, secret %q: no error", name)
		}
	}
	r, err := ReceiverRole(env, ReceiverRoleInput{FunctionName: "f", RoleName: "r", SecretName: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if s := r.Policy.Statement[len(r.Policy.Statement)-1]; !strings.HasSuffix(s.Resource[0], ":secret:k-??????") {
		t.Errorf("secret resource %v", s.Resource)
	}
}
