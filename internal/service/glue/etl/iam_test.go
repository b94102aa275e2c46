package etl

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

func demoJob() JobRoleInput {
	return JobRoleInput{RoleName: "AWSGlueServiceRole-demo-etl", JobName: "demo-etl", Database: "demo_db", Table: "crawled_data",
		Bucket: "demo-bucket", InputPrefix: "data/", OutputPrefix: "curated/", ScriptKey: "glue/scripts/demo-etl.py"}
}

// iamCases covers the job's role (with and without a bucket key) and the
// policy of cmd/etl.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "job", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(JobRole(env, demoJob()))
		}},
		{Name: "job-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			in := demoJob()
			in.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Role(JobRole(env, in))
		}},
		{Name: "etl", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(ETLPolicy(env, ETLInput{Name: "demo-etl", StateMachine: "demo-etl", Bucket: "demo-bucket", OutputPrefix: "curated/"}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/glue/etl -run TestGolden -update` to accept
// new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"job overlapping prefixes", iamtest.Err(JobRole(env, func() JobRoleInput { in := demoJob(); in.OutputPrefix = "data/curated/"; return in }())), "overlaps"},
		{"job wildcard script", iamtest.Err(JobRole(env, func() JobRoleInput { in := demoJob(); in.ScriptKey = "glue/*"; return in }())), "literal"},
		{"etl empty prefix", iamtest.Err(ETLPolicy(env, ETLInput{Name: "n", StateMachine: "m", Bucket: "b"})), "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
