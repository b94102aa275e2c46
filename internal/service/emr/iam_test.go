package emr

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// specFor is the default spec of route for project "demo".
func specFor(t testing.TB, route ...string) *spec.Spec {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route, firehose.SpecDefault, s3.SpecDefault, dynamodb.SpecDefault, glue.SpecDefault, etl.SpecDefault, SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// iamCases covers the job role over S3 events, over a crawled Glue table
// and over a DynamoDB table (with a bucket of its own), the role with the
// bucket's customer managed key, and cmd/job's policy.
func iamCases(t testing.TB) []iamtest.Case {
	s3 := RoleInputFor(specFor(t, "s3-to-emr"))
	lake := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-emr"))
	hive := RoleInputFor(specFor(t, "dynamodb-to-emr"))
	kms := s3
	launch := LaunchInputFor(specFor(t, "s3-to-emr"))
	return []iamtest.Case{
		{Name: "job-role-s3", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(JobRole(env, s3)) }},
		{Name: "job-role-glue", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(JobRole(env, lake)) }},
		{Name: "job-role-dynamodb", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(JobRole(env, hive)) }},
		{Name: "job-role-s3-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			kms.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Role(JobRole(env, kms))
		}},
		{Name: "job-launch", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(LaunchPolicy(env, launch)) }},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/emr -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	ok := RoleInputFor(specFor(t, "s3-to-emr"))
	both, wild, halfGlue, noPrefix := ok, ok, ok, ok
	both.DynamoDBTable = "t"
	wild.InputPrefix = "data/*"
	halfGlue.Database = "db"
	noPrefix.Layout.Prefix = ""
	badRole := LaunchInputFor(specFor(t, "s3-to-emr"))
	badRole.Role = "arn:aws:iam::123456789012:role/x"
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"two inputs", iamtest.Err(JobRole(env, both)), "one input"},
		{"wildcard prefix", iamtest.Err(JobRole(env, wild)), "literal"},
		{"database without table", iamtest.Err(JobRole(env, halfGlue)), "Glue input"},
		{"no prefix", iamtest.Err(JobRole(env, noPrefix)), "no prefix"},
		{"role ARN", iamtest.Err(LaunchPolicy(env, badRole)), "role name"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}
