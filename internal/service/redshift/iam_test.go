package redshift

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

// iamCases covers the warehouse role for COPY (from Firehose's data/),
// for Spectrum over the lake's table, for Spectrum over a crawled catalog
// with UNLOAD, with a customer managed key, and the SQL runner on a
// workgroup and on a cluster, without and with database users to create.
func iamCases(t testing.TB) []iamtest.Case {
	copyIn := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift"))
	spectrum := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift-spectrum"))
	unload := RoleInputFor(specFor(t, "dynamodb-to-glue", "glue-to-redshift", "redshift-to-s3"))
	kms := copyIn
	sqlServerless := SQLInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift"))
	prov := specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift")
	prov.Redshift.Mode = spec.RedshiftProvisioned
	sqlProvisioned := SQLInputFor(prov)
	sqlFirehose := SQLInputFor(specFor(t, "app-to-firehose", "firehose-to-redshift"))
	fhProv := specFor(t, "app-to-firehose", "firehose-to-redshift")
	fhProv.Redshift.Mode = spec.RedshiftProvisioned
	sqlFirehoseProvisioned := SQLInputFor(fhProv)
	qsProv := specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight")
	qsProv.Redshift.Mode = spec.RedshiftProvisioned
	qsProv.QuickSight = &spec.QuickSight{DatabaseUser: "quicksight"} // quicksight.SpecDefault's, which imports this package
	sqlQuickSightProvisioned := SQLInputFor(qsProv)
	return []iamtest.Case{
		{Name: "role-copy", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(WarehouseRole(env, copyIn)) }},
		{Name: "role-spectrum", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(WarehouseRole(env, spectrum)) }},
		{Name: "role-glue-unload", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(WarehouseRole(env, unload)) }},
		{Name: "role-copy-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			kms.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Role(WarehouseRole(env, kms))
		}},
		{Name: "sql-serverless", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(SQLPolicy(env, sqlServerless)) }},
		{Name: "sql-provisioned", Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(SQLPolicy(env, sqlProvisioned)) }},
		// cmd/sql creates Firehose's user: it reads the user's secret, and
		// runs as the admin, whose secret the Data API reads as the caller.
		{Name: "sql-firehose-serverless", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Policy(SQLPolicy(env, sqlFirehose)) }},
		// QuickSight's user on a cluster has no password: the admin's
		// secret only.
		{Name: "sql-quicksight-provisioned", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(SQLPolicy(env, sqlQuickSightProvisioned))
		}},
		{Name: "sql-firehose-provisioned", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(SQLPolicy(env, sqlFirehoseProvisioned))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/redshift -run TestGolden -update` to accept
// new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	ok := RoleInputFor(specFor(t, "app-to-firehose", "firehose-to-s3", "s3-to-redshift"))
	nothing, wild := ok, ok
	nothing.CopyPrefix = ""
	wild.CopyPrefix = "data/*"
	both := SQLInput{Name: "demo-sql", Workgroup: "wg", Cluster: "c", Database: "dev", Project: "demo"}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"nothing to grant", iamtest.Err(WarehouseRole(env, nothing)), "nothing to grant"},
		{"wildcard prefix", iamtest.Err(WarehouseRole(env, wild)), "literal"},
		{"two warehouses", iamtest.Err(SQLPolicy(env, both)), "one warehouse"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}
