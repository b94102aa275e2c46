package stepfunctions

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the builders' output")

func demoRole() RoleInput {
	return RoleInput{RoleName: "demo-states", StateMachine: "demo-etl", Crawler: "demo-crawler", Job: "demo-etl"}
}

func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "state-machine", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(Role(env, demoRole()))
		}},
	}
}

// TestGolden compares the role with testdata/PARTITION/state-machine.json
// (`go test ./internal/service/stepfunctions -run TestGolden -update`).
func TestGolden(t *testing.T) {
	iamtest.Golden(t, iamCases(), *update)
	r, err := Role(iam.EnvFor("us-east-1", "123456789012"), demoRole())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := r.Policy.JSON()
	tr, _ := r.Trust.JSON()
	for _, want := range []string{`"arn:aws:glue:us-east-1:123456789012:crawler/demo-crawler"`, `"arn:aws:glue:us-east-1:123456789012:job/demo-etl"`} {
		if !strings.Contains(string(p), want) {
			t.Errorf("policy does not scope to %s", want)
		}
	}
	if !strings.Contains(string(tr), `"arn:aws:states:us-east-1:123456789012:stateMachine:demo-etl"`) {
		t.Errorf("trust is not limited to the state machine:\n%s", tr)
	}
}

// TestInvariants checks the role in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

func TestRoleErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	bad := demoRole()
	bad.Job = "j*"
	if _, err := Role(env, bad); err == nil {
		t.Error("a wildcard job name was accepted")
	}
	if _, err := Role(iam.EnvFor("us-east-1", "1"), demoRole()); err == nil {
		t.Error("a bad account was accepted")
	}
}
