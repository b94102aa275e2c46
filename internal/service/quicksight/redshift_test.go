package quicksight

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/connection"
)

// Recorded answers for a REDSHIFT data source, in the shapes of
// CreateDataSource and DescribeDataSource
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_RedshiftParameters.html).
const (
	rsSourcePath = "/accounts/" + acct + "/data-sources/demo-redshift"
	rsSourceARN  = "arn:aws:quicksight:us-east-1:" + acct + ":datasource/demo-redshift"
	rsRoleARN    = "arn:aws:iam::" + acct + ":role/demo-quicksight"
	secretARN    = "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:demo-redshift-quicksight-AbCdEf"
	vpcConnARN   = "arn:aws:quicksight:us-east-1:" + acct + ":vpcConnection/demo-vpc"
)

var (
	provisionedInputs = map[string]string{"type": "REDSHIFT", "database": "dev", "clusterId": "demo-cluster", "roleArn": rsRoleARN,
		"databaseUser": "quicksight", "vpcConnectionArn": "", "principalUser": "jane", "namespace": "default"}
	serverlessInputs = map[string]string{"type": "REDSHIFT", "database": "dev", "host": "demo-wg." + acct + ".us-east-1.redshift-serverless.amazonaws.com",
		"port": "5439", "secretArn": secretARN, "vpcConnectionArn": vpcConnARN, "principalUser": "jane", "namespace": "default"}
	rsCreated = answer{status: 202, body: `{"Arn":"` + rsSourceARN + `","CreationStatus":"CREATION_IN_PROGRESS","DataSourceId":"demo-redshift","Status":202}`}
)

func rsDescribed(status, params, extra string) answer {
	return answer{status: 200, body: `{"DataSource":{"Arn":"` + rsSourceARN + `","DataSourceId":"demo-redshift","Type":"REDSHIFT","Status":"` + status +
		`","DataSourceParameters":{"RedshiftParameters":` + params + `}` + extra + `},"Status":200}`}
}

// On a provisioned cluster QuickSight signs in with IAM: the cluster id,
// the role and the database user, and no credentials of any kind.
func TestRedshiftDataSourceProvisioned(t *testing.T) {
	params := `{"Database":"dev","ClusterId":"demo-cluster","IAMParameters":{"RoleArn":"` + rsRoleARN + `","DatabaseUser":"quicksight","AutoCreateDatabaseUser":true}}`
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {rsCreated},
		"GET " + rsSourcePath: {rsDescribed("CREATION_SUCCESSFUL", params, "")}})
	var created []map[string]string
	out, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-redshift", provisionedInputs, false, &created))
	if err != nil {
		t.Fatal(err)
	}
	if out["arn"] != rsSourceARN || len(created) != 1 {
		t.Errorf("outputs %v, created %v", out, created)
	}
	sent := r.sent(sourcesPath)
	b, _ := json.Marshal(sent["DataSourceParameters"])
	want := `{"RedshiftParameters":{"ClusterId":"demo-cluster","Database":"dev","IAMParameters":{"AutoCreateDatabaseUser":true,"DatabaseUser":"quicksight","RoleArn":"` + rsRoleARN + `"}}}`
	if sent["Type"] != "REDSHIFT" || string(b) != want {
		t.Errorf("CreateDataSource sent type %v, parameters\n got %s\nwant %s", sent["Type"], b, want)
	}
	if _, ok := sent["Credentials"]; ok {
		t.Errorf("credentials sent with IAM sign-in: %v", sent["Credentials"])
	}
	if _, ok := sent["VpcConnectionProperties"]; ok {
		t.Errorf("a VPC connection the spec does not name was sent: %v", sent["VpcConnectionProperties"])
	}
	// The same parameters read back are no drift; another cluster, role or
	// user is.
	rec := &service.Record{Name: "demo-redshift", Inputs: provisionedInputs, Outputs: map[string]string{"arn": rsSourceARN}}
	_, c = newRecorded(t, map[string][]answer{"GET " + rsSourcePath: {rsDescribed("CREATION_SUCCESSFUL", params, ""),
		rsDescribed("UPDATE_SUCCESSFUL", `{"Database":"dev","ClusterId":"other","IAMParameters":{"RoleArn":"arn:aws:iam::`+acct+`:role/admin","DatabaseUser":"admin"}}`, "")}})
	d := NewDataSource(c)
	if got, err := d.Drift(context.Background(), service.Env{}, nil, rec); err != nil || got != "" {
		t.Errorf("Drift of the planned data source = %q, %v", got, err)
	}
	got, err := d.Drift(context.Background(), service.Env{}, nil, rec)
	for _, w := range []string{`cluster "other", want demo-cluster`, `role "arn:aws:iam::` + acct + `:role/admin"`, `database user "admin", want quicksight`} {
		if err != nil || !strings.Contains(got, w) {
			t.Errorf("Drift = %q, %v; want %q", got, err, w)
		}
	}
}

// On a serverless workgroup QuickSight reaches the endpoint with the ARN
// of its own database user's secret (never a password) through the
// spec's VPC connection; without the secret nothing is created.
func TestRedshiftDataSourceServerless(t *testing.T) {
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {rsCreated},
		"GET " + rsSourcePath: {rsDescribed("CREATION_SUCCESSFUL", `{"Database":"dev","Host":"`+serverlessInputs["host"]+`","Port":5439}`, `,"VpcConnectionProperties":{"VpcConnectionArn":"`+vpcConnARN+`"}`)}})
	var created []map[string]string
	if _, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-redshift", serverlessInputs, false, &created)); err != nil {
		t.Fatal(err)
	}
	sent := r.sent(sourcesPath)
	b, _ := json.Marshal([]any{sent["DataSourceParameters"], sent["Credentials"], sent["VpcConnectionProperties"]})
	want := `[{"RedshiftParameters":{"Database":"dev","Host":"` + serverlessInputs["host"] + `","Port":5439}},{"SecretArn":"` + secretARN + `"},{"VpcConnectionArn":"` + vpcConnARN + `"}]`
	if string(b) != want {
		t.Errorf("CreateDataSource sent\n got %s\nwant %s", b, want)
	}
	if strings.Contains(r.bodies[sourcesPath], "Password") {
		t.Errorf("a password was sent: %s", r.bodies[sourcesPath])
	}

	noSecret := map[string]string{}
	for k, v := range serverlessInputs {
		noSecret[k] = v
	}
	noSecret["secretArn"] = ""
	r, c = newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {rsCreated}})
	_, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-redshift", noSecret, false, &created))
	if err == nil || !strings.Contains(err.Error(), "quicksight.secret") || r.count(sourcesPath) != 0 {
		t.Errorf("Ensure without the secret = %v (creates %d), want an error and no create", err, r.count(sourcesPath))
	}
}

// A warehouse QuickSight cannot reach (no VPC connection) fails with
// QuickSight's reason and says what to provide.
func TestRedshiftUnreachableSaysVPC(t *testing.T) {
	failed := rsDescribed("CREATION_FAILED", `{"Database":"dev","ClusterId":"demo-cluster"}`, `,"ErrorInfo":{"Type":"TIMEOUT","Message":"Connection attempt timed out"}`)
	_, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {rsCreated}, "GET " + rsSourcePath: {failed}})
	var created []map[string]string
	_, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-redshift", provisionedInputs, false, &created))
	for _, w := range []string{"CREATION_FAILED", "TIMEOUT", "VPC connection", "quicksight.vpcConnection", connection.VPCURL} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Ensure = %v; want it to say %q", err, w)
		}
	}
}

// A workgroup data source refused its sign-in secret says how QuickSight
// gets to read it, not the VPC hint of an unreachable warehouse.
func TestRedshiftSecretDeniedSaysSecretsRole(t *testing.T) {
	failed := rsDescribed("CREATION_FAILED", `{"Database":"dev","Host":"`+serverlessInputs["host"]+`","Port":5439}`,
		`,"SecretArn":"`+serverlessInputs["secretArn"]+`","ErrorInfo":{"Type":"ACCESS_DENIED","Message":"Unable to access the secret"}`)
	_, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {rsCreated}, "GET " + rsSourcePath: {failed}})
	var created []map[string]string
	_, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-redshift", serverlessInputs, false, &created))
	for _, w := range []string{"CREATION_FAILED", "ACCESS_DENIED", SecretsRoleName, "Security & permissions", SecretsURL} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Ensure = %v; want it to say %q", err, w)
		}
	}
	if err != nil && strings.Contains(err.Error(), "VPC connection") {
		t.Errorf("Ensure = %v; the VPC hint does not apply to a refused secret", err)
	}
}

// The dataset over the warehouse names the table by its schema, with no
// Glue catalog.
func TestRedshiftDataSet(t *testing.T) {
	in := map[string]string{"importMode": "DIRECT_QUERY", "columns": "id:string,seq:int", "engine": "REDSHIFT", "dataSourceArn": rsSourceARN,
		"database": "public", "table": "events", "principalUser": "jane", "namespace": "default"}
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		setsPath: {{status: 201, body: `{"Arn":"` + setARN + `","DataSetId":"demo-events","Status":201}`}}})
	var created []map[string]string
	if _, err := NewDataSet(c).Ensure(context.Background(), request(plan.KindDataSet, "demo-events", in, false, &created)); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r.sent(setsPath)["PhysicalTableMap"])
	want := `{"events":{"RelationalTable":{"DataSourceArn":"` + rsSourceARN + `","InputColumns":[{"Name":"id","Type":"STRING"},{"Name":"seq","Type":"INTEGER"}],"Name":"events","Schema":"public"}}}`
	if string(b) != want {
		t.Errorf("PhysicalTableMap\n got %s\nwant %s", b, want)
	}
}
