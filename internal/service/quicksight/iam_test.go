package quicksight

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/athena"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/service/redshift"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

func specFor(t testing.TB, route ...string) *spec.Spec {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route, firehose.SpecDefault, s3.SpecDefault, glue.SpecDefault, etl.SpecDefault, athena.SpecDefault, SpecDefault, redshift.SpecDefault, RedshiftSpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// iamCases: the role over the route's table (with its data prefix and
// results location), over crawled tables, and with no table at all.
func iamCases(t testing.TB) []iamtest.Case {
	table := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"))
	crawled := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena", "athena-to-quicksight"))
	// No table at all: the workgroup's own (a route cannot start at
	// Athena, so the spec is the table route's without what feeds it).
	bare := *specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight")
	bare.Route, bare.Firehose, bare.S3, bare.Glue = []string{"athena-to-quicksight"}, nil, nil, nil
	alone := RoleInputFor(&bare)
	warehouse := specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight")
	warehouse.Redshift.Mode = spec.RedshiftProvisioned
	cluster := RedshiftRoleInputFor(warehouse)
	return []iamtest.Case{
		{Name: "role-table", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(Role(env, table)) }},
		{Name: "role-crawled", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(Role(env, crawled)) }},
		{Name: "role-workgroup-only", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(Role(env, alone)) }},
		{Name: "role-redshift-cluster", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(RedshiftRole(env, cluster)) }},
		{Name: "secret-policy-workgroup", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(SecretPolicy(env, "demo-redshift-quicksight"))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/quicksight -run TestGolden -update` to
// accept new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestRoleErrors: bad input is rejected, never turned into a broader
// policy.
func TestRoleErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	ok := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"))
	badRole, badWG := ok, ok
	badRole.RoleName = "arn:aws:iam::123456789012:role/x"
	badWG.Query.WorkGroup = "arn:aws:athena:us-east-1:123456789012:workgroup/demo"
	for _, in := range []RoleInput{badRole, badWG} {
		if _, err := Role(env, in); err == nil || !strings.Contains(err.Error(), "QuickSight role") {
			t.Errorf("Role(%+v) = %v, want an error", in, err)
		}
	}
	w := specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight")
	w.Redshift.Mode = spec.RedshiftProvisioned
	good := RedshiftRoleInputFor(w)
	noUser, wildCluster := good, good
	noUser.DatabaseUser = ""
	wildCluster.Cluster = "*"
	for _, in := range []RedshiftRoleInput{noUser, wildCluster} {
		if _, err := RedshiftRole(env, in); err == nil || !strings.Contains(err.Error(), "QuickSight role") {
			t.Errorf("RedshiftRole(%+v) = %v, want an error", in, err)
		}
	}
	for _, name := range []string{"", "*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"} {
		if _, err := SecretPolicy(env, name); err == nil {
			t.Errorf("SecretPolicy(%q) = nil error, want one", name)
		}
	}
}
