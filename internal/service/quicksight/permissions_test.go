package quicksight

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Permission answers in the shape of DescribeDataSourcePermissions and
// DescribeDataSetPermissions
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeDataSourcePermissions.html,
// API_DescribeDataSetPermissions.html).
func permsAnswer(arnKey, arn string, perms string) answer {
	return answer{status: 200, body: `{"` + arnKey + `":"` + arn + `","Permissions":` + perms + `,"RequestId":"r-9","Status":200}`}
}

func actionsJSON(actions []string) string {
	b, _ := json.Marshal(actions)
	return string(b)
}

const bobARN = "arn:aws:quicksight:us-east-1:" + acct + ":user/default/bob"

var (
	ownerOnly = permsAnswer("DataSourceArn", sourceARN, `[{"Principal":"`+userARN+`","Actions":`+actionsJSON(DataSourceOwnerActions)+`}]`)
	// handEdited: the owner lost UpdateDataSourcePermissions and bob was
	// given the data source in the console.
	handEdited = permsAnswer("DataSourceArn", sourceARN, `[{"Principal":"`+userARN+`","Actions":`+actionsJSON(DataSourceOwnerActions[:5])+`},`+
		`{"Principal":"`+bobARN+`","Actions":["quicksight:DescribeDataSource","quicksight:PassDataSource"]}]`)
)

// status reports permissions changed outside wireup: an owner's action
// taken away and another principal added, on the data source and on the
// dataset; the planned permissions are no drift.
func TestPermissionsDrift(t *testing.T) {
	rec := &service.Record{Name: "demo-athena", Inputs: sourceInputs, Outputs: map[string]string{"arn": sourceARN, "owner": userARN}}
	_, c := newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_SUCCESSFUL")},
		"GET " + sourcePath + "/permissions": {ownerOnly, handEdited}})
	d := NewDataSource(c)
	if got, err := d.Drift(context.Background(), service.Env{}, nil, rec); err != nil || got != "" {
		t.Fatalf("Drift with the planned permissions = %q, %v; want none", got, err)
	}
	got, err := d.Drift(context.Background(), service.Env{}, nil, rec)
	for _, want := range []string{"permissions changed outside wireup", "owner " + userARN + " lacks quicksight:UpdateDataSourcePermissions",
		"also granted to " + bobARN + " (quicksight:DescribeDataSource, quicksight:PassDataSource)"} {
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("Drift of hand-edited permissions = %q, %v; want it to say %q", got, err, want)
		}
	}

	setRec := &service.Record{Name: "demo-events", Inputs: setInputs, Outputs: map[string]string{"arn": setARN, "owner": userARN}}
	described := answer{status: 200, body: `{"DataSet":{"Arn":"` + setARN + `","ImportMode":"DIRECT_QUERY","PhysicalTableMap":{"events":{"RelationalTable":{"DataSourceArn":"` + sourceARN +
		`","Catalog":"AwsDataCatalog","Schema":"demo_db","Name":"events","InputColumns":[{"Name":"id","Type":"STRING"}]}}}},"Status":200}`}
	_, c = newRecorded(t, map[string][]answer{"GET " + setPath: {described},
		"GET " + setPath + "/permissions": {permsAnswer("DataSetArn", setARN, `[{"Principal":"`+bobARN+`","Actions":`+actionsJSON(DataSetOwnerActions)+`}]`)}})
	got, err = NewDataSet(c).Drift(context.Background(), service.Env{}, nil, setRec)
	if err != nil || !strings.Contains(got, "owner "+userARN+" has no permissions") || !strings.Contains(got, "also granted to "+bobARN) {
		t.Errorf("Drift of a dataset given to bob = %q, %v", got, err)
	}

	// moto has no permissions API (HTML 404): an error, never "no drift".
	_, c = newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_SUCCESSFUL")}})
	if got, err := NewDataSource(c).Drift(context.Background(), service.Env{}, nil, rec); err == nil || !strings.Contains(err.Error(), "no such API") {
		t.Errorf("Drift without a permissions API = %q, %v; want an error", got, err)
	}
}

// The next deploy (the engine ensures a drifted resource again) puts the
// permissions back: bob's and the owner's extra actions revoked in one
// call, then the owner's planned actions granted.
func TestPermissionsRestored(t *testing.T) {
	extra := permsAnswer("DataSourceArn", sourceARN, `[{"Principal":"`+userARN+`","Actions":`+actionsJSON(append([]string{"quicksight:CreateDataSource"}, DataSourceOwnerActions[:5]...))+`},`+
		`{"Principal":"`+bobARN+`","Actions":["quicksight:DescribeDataSource"]}]`)
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {errAnswer(409, "ResourceExistsException", "exists")},
		"PUT " + sourcePath:                   {{status: 202, body: `{"Arn":"` + sourceARN + `","Status":202}`}},
		"GET " + sourcePath + "/permissions":  {extra},
		"POST " + sourcePath + "/permissions": {{status: 200, body: `{"DataSourceArn":"` + sourceARN + `","Status":200}`}},
		"GET " + sourcePath:                   {dataSourceStatus("UPDATE_SUCCESSFUL")}})
	var created []map[string]string
	if _, err := NewDataSource(c).Ensure(context.Background(), request(plan.KindDataSource, "demo-athena", sourceInputs, true, &created)); err != nil {
		t.Fatal(err)
	}
	sent := r.all["POST "+sourcePath+"/permissions"]
	if len(sent) != 2 {
		t.Fatalf("permission updates = %d, want 2 (revoke, then grant): %v", len(sent), sent)
	}
	var revoke, grant struct {
		GrantPermissions, RevokePermissions []struct {
			Principal string
			Actions   []string
		}
	}
	_ = json.Unmarshal([]byte(sent[0]), &revoke)
	_ = json.Unmarshal([]byte(sent[1]), &grant)
	if len(revoke.GrantPermissions) != 0 || len(revoke.RevokePermissions) != 2 ||
		revoke.RevokePermissions[0].Principal != bobARN || revoke.RevokePermissions[1].Principal != userARN ||
		strings.Join(revoke.RevokePermissions[1].Actions, ",") != "quicksight:CreateDataSource" {
		t.Errorf("revoke call = %s", sent[0])
	}
	if len(grant.RevokePermissions) != 0 || len(grant.GrantPermissions) != 1 || grant.GrantPermissions[0].Principal != userARN ||
		len(grant.GrantPermissions[0].Actions) != len(DataSourceOwnerActions) {
		t.Errorf("grant call = %s", sent[1])
	}
}
