package quicksight

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/targets"
)

// The providers are tested on recorded AWS answers: moto 5.2.1 lacks
// DescribeAccountSubscription and DescribeDataSet, and its
// DescribeDataSource does not decode. Each answer has the shape the API
// reference documents (https://docs.aws.amazon.com/quicksight/latest/APIReference/):
// restJson with the error code in X-Amzn-ErrorType.

const acct = "123456789012"

var testPlan = &plan.Plan{Project: "demo", Env: plan.Env{Partition: "aws", Region: "us-east-1", AccountID: acct},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-athena+athena-to-quicksight"}}}

// answer is one recorded response.
type answer struct {
	status int
	code   string // X-Amzn-ErrorType, for an error
	body   string
}

// recorded is a QuickSight endpoint that answers each "METHOD path" with
// its queue of answers (the last one repeats) and records the requests.
type recorded struct {
	mu      sync.Mutex
	answers map[string][]answer
	calls   []string
	bodies  map[string]string
	// all are every body sent to a key, in order.
	all map[string][]string
	// auths are the Authorization headers, in order: the credential
	// scope names the Region a request was signed for.
	auths []string
}

func (r *recorded) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	p, _ := url.PathUnescape(req.URL.EscapedPath())
	key := req.Method + " " + p
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.calls = append(r.calls, key)
	r.auths = append(r.auths, req.Header.Get("Authorization"))
	r.bodies[key] = string(b)
	r.all[key] = append(r.all[key], string(b))
	q := r.answers[key]
	var a answer
	switch {
	case len(q) == 0:
		a = answer{status: 404, body: "<html>no recorded answer for " + key + "</html>"}
	case len(q) == 1:
		a = q[0]
	default:
		a, r.answers[key] = q[0], q[1:]
	}
	r.mu.Unlock()
	if a.code != "" {
		w.Header().Set("X-Amzn-ErrorType", a.code)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (r *recorded) sent(key string) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var m map[string]any
	_ = json.Unmarshal([]byte(r.bodies[key]), &m)
	return m
}

func (r *recorded) count(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		if c == key {
			n++
		}
	}
	return n
}

func newRecorded(t *testing.T, answers map[string][]answer) (*recorded, *quicksight.Client) {
	r := &recorded{answers: answers, bodies: map[string]string{}, all: map[string][]string{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	c := quicksight.New(quicksight.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), RetryMaxAttempts: 1})
	return r, c
}

func errAnswer(status int, code, msg string) answer {
	return answer{status: status, code: code, body: fmt.Sprintf(`{"Message":%q,"RequestId":"r-1"}`, msg)}
}

const (
	subscriptionPath = "GET /account/" + acct
	userPath         = "GET /accounts/" + acct + "/namespaces/default/users/jane"
	groupPath        = "GET /accounts/" + acct + "/namespaces/default/groups/analysts"
	sourcesPath      = "POST /accounts/" + acct + "/data-sources"
	sourcePath       = "/accounts/" + acct + "/data-sources/demo-athena"
	setsPath         = "POST /accounts/" + acct + "/data-sets"
	setPath          = "/accounts/" + acct + "/data-sets/demo-events"
	userARN          = "arn:aws:quicksight:us-east-1:" + acct + ":user/default/jane"
	sourceARN        = "arn:aws:quicksight:us-east-1:" + acct + ":datasource/demo-athena"
	setARN           = "arn:aws:quicksight:us-east-1:" + acct + ":dataset/demo-events"
)

var (
	subscribedOK = answer{status: 200, body: `{"AccountInfo":{"AccountName":"demo","AccountSubscriptionStatus":"ACCOUNT_CREATED","Edition":"ENTERPRISE","AuthenticationType":"IAM_AND_QUICKSIGHT"},"RequestId":"r-1","Status":200}`}
	janeOK       = answer{status: 200, body: `{"User":{"Arn":"` + userARN + `","UserName":"jane","Role":"AUTHOR","Active":true},"RequestId":"r-2","Status":200}`}
)

func dataSourceStatus(status string) answer {
	return answer{status: 200, body: `{"DataSource":{"Arn":"` + sourceARN + `","DataSourceId":"demo-athena","Name":"demo-athena","Type":"ATHENA","Status":"` + status +
		`","DataSourceParameters":{"AthenaParameters":{"WorkGroup":"demo","RoleArn":"arn:aws:iam::` + acct + `:role/demo-quicksight"}},"SslProperties":{"DisableSsl":false},"CreatedTime":1.7649e9,"LastUpdatedTime":1.7649e9},"RequestId":"r-3","Status":200}`}
}

var sourceInputs = map[string]string{"type": "ATHENA", "workGroup": "demo", "roleArn": "arn:aws:iam::" + acct + ":role/demo-quicksight", "principalUser": "jane", "namespace": "default"}

func request(kind plan.Kind, name string, in map[string]string, recorded bool, created *[]map[string]string) *service.Request {
	return &service.Request{Env: service.Env{Target: targets.AWS, MaxWait: 5 * time.Second}, Plan: testPlan, Resource: &plan.Resource{Kind: kind, Name: name},
		Inputs: in, Recorded: recorded, Created: func(o map[string]string) { *created = append(*created, o) }}
}

// Without a subscription AWS answers ResourceNotFoundException, or
// AccessDeniedException for an account QuickSight does not know; a target
// without the API answers an HTML 404. Each stops the deploy, saying what
// to do, and nothing else is called.
func TestPrecheckStopsWithoutSubscription(t *testing.T) {
	p := &plan.Plan{Project: "demo", Env: testPlan.Env, Resources: []*plan.Resource{{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: "demo-athena", Settings: sourceInputs}}}
	for _, tt := range []struct {
		name string
		a    answer
		want string
	}{
		{"never subscribed", errAnswer(404, "ResourceNotFoundException", "The account "+acct+" does not exist."), "has no QuickSight subscription"},
		{"access denied", errAnswer(403, "AccessDeniedException", "You don't have access to this item. The provided credentials couldn't be validated."), "Either the account has not signed up"},
		{"no such API", answer{status: 404, body: "<html>Not Found</html>"}, "no QuickSight account API"},
		{"sign-up unfinished", answer{status: 200, body: `{"AccountInfo":{"AccountSubscriptionStatus":"SIGNUP_ATTEMPT_IN_PROGRESS"},"Status":200}`}, "is SIGNUP_ATTEMPT_IN_PROGRESS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, c := newRecorded(t, map[string][]answer{subscriptionPath: {tt.a}, userPath: {janeOK}})
			err := NewDataSource(c).Precheck(context.Background(), service.Env{}, p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, account.ErrNoSubscription) {
				t.Fatalf("Precheck = %v, want ErrNoSubscription saying %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "nothing was created") {
				t.Errorf("error does not say nothing was created: %v", err)
			}
			if len(r.calls) != 1 {
				t.Errorf("calls = %v, want only DescribeAccountSubscription", r.calls)
			}
		})
	}
}

// With a subscription, the principal must be a QuickSight user or group.
func TestPrecheckPrincipal(t *testing.T) {
	mk := func(in map[string]string) *plan.Plan {
		return &plan.Plan{Project: "demo", Env: testPlan.Env, Resources: []*plan.Resource{{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: "demo-athena", Settings: in}}}
	}
	r, c := newRecorded(t, map[string][]answer{subscriptionPath: {subscribedOK}, userPath: {janeOK},
		groupPath: {errAnswer(404, "ResourceNotFoundException", "Group analysts not found")}})
	d := NewDataSource(c)
	if err := d.Precheck(context.Background(), service.Env{}, mk(sourceInputs)); err != nil {
		t.Fatalf("Precheck with user jane: %v", err)
	}
	if got := r.count(userPath); got != 1 {
		t.Errorf("DescribeUser calls = %d, want 1", got)
	}
	err := d.Precheck(context.Background(), service.Env{}, mk(map[string]string{"namespace": "default"}))
	if !errors.Is(err, account.ErrNoPrincipal) || !strings.Contains(err.Error(), "quicksight.principal.user") || !strings.Contains(err.Error(), "nothing was created") {
		t.Errorf("Precheck without a principal = %v, want ErrNoPrincipal naming the setting", err)
	}
	err = d.Precheck(context.Background(), service.Env{}, mk(map[string]string{"principalGroup": "analysts", "namespace": "default"}))
	if !errors.Is(err, account.ErrNoPrincipal) || !strings.Contains(err.Error(), "no group analysts") {
		t.Errorf("Precheck with an unknown group = %v, want ErrNoPrincipal", err)
	}
}

// A new data source is created with the workgroup, the role, SSL on and
// its owner's permissions, recorded at once, and awaited through
// CREATION_IN_PROGRESS to CREATION_SUCCESSFUL.
func TestDataSourceCreateWaits(t *testing.T) {
	r, c := newRecorded(t, map[string][]answer{
		userPath:            {janeOK},
		sourcesPath:         {{status: 202, body: `{"Arn":"` + sourceARN + `","CreationStatus":"CREATION_IN_PROGRESS","DataSourceId":"demo-athena","RequestId":"r-4","Status":202}`}},
		"GET " + sourcePath: {dataSourceStatus("CREATION_IN_PROGRESS"), dataSourceStatus("CREATION_IN_PROGRESS"), dataSourceStatus("CREATION_SUCCESSFUL")},
	})
	d := NewDataSource(c)
	var created []map[string]string
	out, err := d.Ensure(context.Background(), request(plan.KindDataSource, "demo-athena", sourceInputs, false, &created))
	if err != nil {
		t.Fatal(err)
	}
	if out["arn"] != sourceARN || len(created) != 1 || created[0]["arn"] != sourceARN {
		t.Errorf("outputs %v, created %v", out, created)
	}
	if n := r.count("GET " + sourcePath); n != 3 {
		t.Errorf("DescribeDataSource calls = %d, want 3 (two in progress, then successful)", n)
	}
	sent := r.sent(sourcesPath)
	params, _ := sent["DataSourceParameters"].(map[string]any)
	athenaParams, _ := params["AthenaParameters"].(map[string]any)
	if sent["Type"] != "ATHENA" || athenaParams["WorkGroup"] != "demo" || athenaParams["RoleArn"] != sourceInputs["roleArn"] {
		t.Errorf("CreateDataSource sent %v", sent)
	}
	// DisableSsl false is the zero value the SDK leaves out: SSL on.
	if ssl, ok := sent["SslProperties"].(map[string]any); !ok || ssl["DisableSsl"] == true {
		t.Errorf("SSL not on: %v", sent["SslProperties"])
	}
	perms, _ := sent["Permissions"].([]any)
	if len(perms) != 1 || !strings.Contains(fmt.Sprint(perms[0]), userARN) || !strings.Contains(fmt.Sprint(perms[0]), "quicksight:PassDataSource") {
		t.Errorf("permissions %v, want jane as owner", perms)
	}
}

// A data source that fails to create reports QuickSight's reason.
func TestDataSourceCreationFailed(t *testing.T) {
	failed := answer{status: 200, body: `{"DataSource":{"Arn":"` + sourceARN + `","DataSourceId":"demo-athena","Status":"CREATION_FAILED","ErrorInfo":{"Type":"PERMISSION_DENIED","Message":"Unable to verify/create output bucket"}},"Status":200}`}
	_, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		sourcesPath:         {{status: 202, body: `{"Arn":"` + sourceARN + `","CreationStatus":"CREATION_IN_PROGRESS","Status":202}`}},
		"GET " + sourcePath: {failed}})
	d := NewDataSource(c)
	var created []map[string]string
	_, err := d.Ensure(context.Background(), request(plan.KindDataSource, "demo-athena", sourceInputs, false, &created))
	if err == nil || !strings.Contains(err.Error(), "CREATION_FAILED") || !strings.Contains(err.Error(), "PERMISSION_DENIED") {
		t.Fatalf("Ensure = %v, want CREATION_FAILED with QuickSight's reason", err)
	}
	if len(created) != 1 {
		t.Errorf("the data source was not recorded before the wait failed: %v", created)
	}
}

// ResourceExistsException: the project's data source (tagged) is adopted
// and updated; another one is refused; one the state records is updated
// without reading its tags.
func TestDataSourceAdopt(t *testing.T) {
	exists := errAnswer(409, "ResourceExistsException", "Data source demo-athena already exists")
	tagsPath := "GET /resources/" + sourceARN + "/tags"
	for _, tt := range []struct {
		name     string
		tags     string
		recorded bool
		wantErr  error
	}{
		{"ours", `[{"Key":"wireup:project","Value":"demo"}]`, false, nil},
		{"theirs", `[{"Key":"team","Value":"bi"}]`, false, service.ErrNameTaken},
		{"recorded", `[]`, true, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, c := newRecorded(t, map[string][]answer{userPath: {janeOK}, sourcesPath: {exists},
				tagsPath:                              {{status: 200, body: `{"Tags":` + tt.tags + `,"Status":200}`}},
				"PUT " + sourcePath:                   {{status: 202, body: `{"Arn":"` + sourceARN + `","UpdateStatus":"UPDATE_IN_PROGRESS","Status":202}`}},
				"POST " + sourcePath + "/permissions": {{status: 200, body: `{"DataSourceArn":"` + sourceARN + `","Status":200}`}},
				"GET " + sourcePath + "/permissions":  {ownerOnly},
				"GET " + sourcePath:                   {dataSourceStatus("UPDATE_IN_PROGRESS"), dataSourceStatus("UPDATE_SUCCESSFUL")}})
			d := NewDataSource(c)
			var created []map[string]string
			out, err := d.Ensure(context.Background(), request(plan.KindDataSource, "demo-athena", sourceInputs, tt.recorded, &created))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || r.count("PUT "+sourcePath) != 0 {
					t.Fatalf("Ensure = %v (updates %d), want %v and no update", err, r.count("PUT "+sourcePath), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out["arn"] != sourceARN || r.count("PUT "+sourcePath) != 1 || r.count("POST "+sourcePath+"/permissions") != 1 {
				t.Errorf("outputs %v, calls %v", out, r.calls)
			}
			if got := r.count(tagsPath); (got == 0) != tt.recorded {
				t.Errorf("tag reads = %d, recorded = %v", got, tt.recorded)
			}
		})
	}
}

var setInputs = map[string]string{"importMode": "DIRECT_QUERY", "columns": "id:string,seq:int,value:double,time:timestamp", "dataSourceArn": sourceARN,
	"database": "demo_db", "table": "events", "principalUser": "jane", "namespace": "default"}

// The dataset reads the Glue table through the data source, DIRECT_QUERY,
// with the table's columns typed for QuickSight.
func TestDataSetCreate(t *testing.T) {
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		setsPath: {{status: 201, body: `{"Arn":"` + setARN + `","DataSetId":"demo-events","RequestId":"r-5","Status":201}`}}})
	var created []map[string]string
	out, err := NewDataSet(c).Ensure(context.Background(), request(plan.KindDataSet, "demo-events", setInputs, false, &created))
	if err != nil {
		t.Fatal(err)
	}
	if out["arn"] != setARN || len(created) != 1 {
		t.Errorf("outputs %v, created %v", out, created)
	}
	sent := r.sent(setsPath)
	b, _ := json.Marshal(sent["PhysicalTableMap"])
	want := `{"events":{"RelationalTable":{"Catalog":"AwsDataCatalog","DataSourceArn":"` + sourceARN + `","InputColumns":[{"Name":"id","Type":"STRING"},{"Name":"seq","Type":"INTEGER"},{"Name":"value","Type":"DECIMAL"},{"Name":"time","Type":"DATETIME"}],"Name":"events","Schema":"demo_db"}}}`
	if string(b) != want {
		t.Errorf("PhysicalTableMap\n got %s\nwant %s", b, want)
	}
	if sent["ImportMode"] != "DIRECT_QUERY" {
		t.Errorf("ImportMode %v", sent["ImportMode"])
	}
}

// Destroy deletes the dataset and waits until QuickSight no longer
// describes it; a dataset already gone is deleted; a target answering an
// HTML 404 (no DeleteDataSet: moto) is an error, never a deletion.
func TestDataSetDelete(t *testing.T) {
	rec := &service.Record{Name: "demo-events", Outputs: map[string]string{"arn": setARN}}
	gone := errAnswer(404, "ResourceNotFoundException", "Data set demo-events not found")
	described := answer{status: 200, body: `{"DataSet":{"Arn":"` + setARN + `","DataSetId":"demo-events","ImportMode":"DIRECT_QUERY"},"Status":200}`}
	env := service.Env{MaxWait: 5 * time.Second}

	r, c := newRecorded(t, map[string][]answer{"DELETE " + setPath: {{status: 200, body: `{"Arn":"` + setARN + `","Status":200}`}}, "GET " + setPath: {described, gone}})
	if err := NewDataSet(c).Delete(context.Background(), env, rec); err != nil {
		t.Fatal(err)
	}
	if n := r.count("GET " + setPath); n != 2 {
		t.Errorf("DescribeDataSet calls = %d, want 2 (still there, then gone)", n)
	}

	_, c = newRecorded(t, map[string][]answer{"DELETE " + setPath: {gone}})
	if err := NewDataSet(c).Delete(context.Background(), env, rec); err != nil {
		t.Errorf("Delete of a dataset already gone = %v", err)
	}

	_, c = newRecorded(t, map[string][]answer{})
	err := NewDataSet(c).Delete(context.Background(), env, rec)
	if err == nil || service.IsNotFound(err) || !strings.Contains(err.Error(), "no such API") {
		t.Errorf("Delete on a target without the API = %v, want an error that is not a not-found", err)
	}
}

// The probe on AWS checks the data source's status and the dataset, and
// says that this does not prove data flows.
func TestProbeCheck(t *testing.T) {
	c := &service.Canary{Target: targets.AWS, Resources: map[string]*service.Record{
		plan.IDDataSource: {Name: "demo-athena", Outputs: map[string]string{"arn": sourceARN}},
		plan.IDDataSet:    {Name: "demo-events", Outputs: map[string]string{"arn": setARN}},
	}}
	_, qc := newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_SUCCESSFUL")},
		"GET " + setPath: {{status: 200, body: `{"DataSet":{"Arn":"` + setARN + `","DataSetId":"demo-events"},"Status":200}`}}})
	detail, err := NewProbe(qc).Check(context.Background(), c)
	if err != nil || !strings.Contains(detail, "not that data flows") {
		t.Fatalf("Check = %q, %v", detail, err)
	}
	_, qc = newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_FAILED")}})
	if _, err := NewProbe(qc).Check(context.Background(), c); err == nil || !strings.Contains(err.Error(), "CREATION_FAILED") {
		t.Errorf("Check of a failed data source = %v", err)
	}
	if (&Probe{}).Proves(&service.Canary{Target: targets.Moto}) {
		t.Error("the probe claims to prove something on moto")
	}
}

// Destroy without a state lists the account's data sources, every page,
// and reads tags only when asked; a target whose listing does not decode
// (moto writes timestamps as strings) lists nothing rather than failing.
func TestDataSourceList(t *testing.T) {
	listPath := "GET /accounts/" + acct + "/data-sources"
	_, c := newRecorded(t, map[string][]answer{listPath: {
		{status: 200, body: `{"DataSources":[{"Arn":"` + sourceARN + `","DataSourceId":"demo-athena"}],"NextToken":"t1","Status":200}`},
		{status: 200, body: `{"DataSources":[{"Arn":"arn:aws:quicksight:us-east-1:` + acct + `:datasource/other","DataSourceId":"other"}],"Status":200}`},
	}, "GET /resources/" + sourceARN + "/tags": {{status: 200, body: `{"Tags":[{"Key":"wireup:project","Value":"demo"}],"Status":200}`}}})
	got, err := NewDataSource(c).List(context.Background(), testPlan)
	if err != nil || len(got) != 2 || got[0].Name != "demo-athena" || got[1].Name != "other" {
		t.Fatalf("List = %+v, %v; want both pages", got, err)
	}
	tg, err := got[0].Tags(context.Background())
	if err != nil || tg[plan.TagProject] != "demo" {
		t.Errorf("tags = %v, %v", tg, err)
	}
	_, c = newRecorded(t, map[string][]answer{listPath: {{status: 200, body: `{"DataSources":[{"CreatedTime":"2026-12-02T04:00:00Z"}],"Status":200}`}}})
	if got, err := NewDataSource(c).List(context.Background(), testPlan); err != nil || len(got) != 0 {
		t.Errorf("List on an undecodable answer = %v, %v; want nothing, no error", got, err)
	}
	_, c = newRecorded(t, map[string][]answer{listPath: {errAnswer(403, "AccessDeniedException", "denied")}})
	if _, err := NewDataSource(c).List(context.Background(), testPlan); err == nil {
		t.Error("List swallowed AWS's AccessDeniedException")
	}
}

// Drift names what weakens the data source: SSL off, another workgroup or
// role. The dataset's drift names SPICE and another table.
func TestDrift(t *testing.T) {
	rec := &service.Record{Name: "demo-athena", Inputs: sourceInputs, Outputs: map[string]string{"arn": sourceARN}}
	edited := answer{status: 200, body: `{"DataSource":{"Arn":"` + sourceARN + `","DataSourceId":"demo-athena","Status":"UPDATE_SUCCESSFUL",` +
		`"DataSourceParameters":{"AthenaParameters":{"WorkGroup":"primary"}},"SslProperties":{"DisableSsl":true}},"Status":200}`}
	_, c := newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_SUCCESSFUL"), edited}})
	d := NewDataSource(c)
	if got, err := d.Drift(context.Background(), service.Env{}, nil, rec); err != nil || got != "" {
		t.Errorf("Drift of the planned data source = %q, %v; want none", got, err)
	}
	got, err := d.Drift(context.Background(), service.Env{}, nil, rec)
	for _, want := range []string{"SSL is off", `workgroup "primary", want demo`, `role "", want`} {
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("Drift of the edited data source = %q, %v; want it to name %q", got, err, want)
		}
	}
	setRec := &service.Record{Name: "demo-events", Inputs: setInputs, Outputs: map[string]string{"arn": setARN}}
	spice := answer{status: 200, body: `{"DataSet":{"Arn":"` + setARN + `","ImportMode":"SPICE","PhysicalTableMap":{"events":{"RelationalTable":{"DataSourceArn":"` + sourceARN +
		`","Schema":"demo_db","Name":"other","InputColumns":[{"Name":"id","Type":"STRING"}]}}}},"Status":200}`}
	_, c = newRecorded(t, map[string][]answer{"GET " + setPath: {spice}})
	got, err = NewDataSet(c).Drift(context.Background(), service.Env{}, nil, setRec)
	if err != nil || !strings.Contains(got, "import mode SPICE, want DIRECT_QUERY") || !strings.Contains(got, "reads demo_db.other") {
		t.Errorf("Drift of the edited dataset = %q, %v", got, err)
	}
}

// A user looked up outside the account's identity Region is looked up
// again in the Region QuickSight names.
func TestPrincipalInIdentityRegion(t *testing.T) {
	wrong := errAnswer(403, "AccessDeniedException", "Operation is being called from endpoint us-east-1, but your identity region is eu-west-1. Please use the eu-west-1 endpoint.")
	r, c := newRecorded(t, map[string][]answer{userPath: {wrong, janeOK}})
	got, err := account.PrincipalARN(context.Background(), c, testPlan, account.Principal{User: "jane", Namespace: "default"})
	if err != nil || got != userARN {
		t.Fatalf("PrincipalARN = %q, %v", got, err)
	}
	if len(r.auths) != 2 || !strings.Contains(r.auths[1], "/eu-west-1/quicksight/") {
		t.Errorf("second lookup not signed for eu-west-1: %v", r.auths)
	}
}

// On AWS the probe listens by checking the data source and records what
// that proves as a hop; elsewhere it listens to nothing and records
// nothing. It is always blind: QuickSight moves no canary.
func TestProbeListen(t *testing.T) {
	var hops []string
	c := &service.Canary{Target: targets.AWS, Resources: map[string]*service.Record{
		plan.IDDataSource: {Name: "demo-athena", Outputs: map[string]string{"arn": sourceARN}},
	}, OnHop: func(path string, _ time.Duration, detail string) { hops = append(hops, path+": "+detail) }}
	_, qc := newRecorded(t, map[string][]answer{"GET " + sourcePath: {dataSourceStatus("CREATION_SUCCESSFUL")}})
	p := NewProbe(qc)
	if l, err := p.Listen(context.Background(), c); err != nil || l != nil {
		t.Fatalf("Listen = %v, %v", l, err)
	}
	if len(hops) != 1 || !strings.Contains(hops[0], "athena → quicksight: data source demo-athena is CREATION_SUCCESSFUL; this proves the wiring, not that data flows") {
		t.Errorf("hops %v", hops)
	}
	if p.Blind(c) == "" {
		t.Error("the probe is not blind on AWS")
	}
	hops = nil
	c.Target = targets.Moto
	if l, err := p.Listen(context.Background(), c); err != nil || l != nil || len(hops) != 0 {
		t.Errorf("Listen on moto = %v, %v, hops %v; want nothing", l, err, hops)
	}
}
