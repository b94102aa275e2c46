package athena

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

// iamCases covers the query runner over the explicit table (with its
// CTAS and UNLOAD outputs), over crawled tables, and over a crawled
// DynamoDB table with a results bucket of its own.
func iamCases(t testing.TB) []iamtest.Case {
	table := QueryInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-athena"))
	crawled := QueryInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"))
	dynamo := QueryInputFor(specFor(t, "dynamodb-to-glue", "glue-to-athena"))
	kms := table
	return []iamtest.Case{
		{Name: "query-table", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(QueryPolicy(env, table)) }},
		{Name: "query-crawled", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(QueryPolicy(env, crawled)) }},
		{Name: "query-dynamodb", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(QueryPolicy(env, dynamo)) }},
		{Name: "query-table-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			kms.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Policy(QueryPolicy(env, kms))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/athena -run TestGolden -update` to accept
// new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	ok := QueryInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-athena"))
	noTables, noBucket, arn := ok, ok, ok
	noTables.Tables = nil
	noBucket.DataBucket = ""
	arn.WorkGroup = "arn:aws:athena:us-east-1:123456789012:workgroup/demo"
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"no tables", iamtest.Err(QueryPolicy(env, noTables)), "no tables"},
		{"outputs without bucket", iamtest.Err(QueryPolicy(env, noBucket)), "data bucket"},
		{"workgroup ARN", iamtest.Err(QueryPolicy(env, arn)), "is an ARN"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}
