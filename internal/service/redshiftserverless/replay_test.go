package redshiftserverless

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// answer is one recorded Redshift Serverless response: its HTTP status and
// JSON body, in the shapes of the API reference
// (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/).
type answer struct {
	status int
	body   string
}

func ok(body string) answer { return answer{http.StatusOK, body} }

// apiError is an error response of the awsJson1_1 protocol.
func apiError(code, msg string) answer {
	return answer{http.StatusBadRequest, `{"__type":"` + code + `","message":"` + msg + `"}`}
}

// replay serves recorded answers per operation (X-Amz-Target
// RedshiftServerless.<Op>): the next in order, the last one repeated. A
// call it has no answer for fails the test. It records every call.
type replay struct {
	t       *testing.T
	mu      sync.Mutex
	answers map[string][]answer
	calls   []string
	bodies  map[string][]string
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "RedshiftServerless.")
	body, _ := io.ReadAll(req.Body)
	r.calls = append(r.calls, op)
	r.bodies[op] = append(r.bodies[op], string(body))
	list := r.answers[op]
	if len(list) == 0 {
		r.t.Errorf("unexpected call %s %s", op, body)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"ValidationException","message":"unexpected"}`)
		return
	}
	a := list[0]
	if len(list) > 1 {
		r.answers[op] = list[1:]
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

// count is how many times op was called.
func (r *replay) count(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		if c == op {
			n++
		}
	}
	return n
}

// serverless is a Redshift Serverless client on recorded answers.
func serverless(t *testing.T, answers map[string][]answer) (*redshiftserverless.Client, *replay) {
	t.Helper()
	r := &replay{t: t, answers: answers, bodies: map[string][]string{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return redshiftserverless.New(redshiftserverless.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1}), r
}

var testPlan = &plan.Plan{Project: "demo", Route: []string{"s3-to-redshift"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-redshift"}}}

const roleARN = "arn:aws:iam::123456789012:role/demo-redshift"

func request(kind plan.Kind, name string, in map[string]string, created *[]map[string]string) *service.Request {
	return &service.Request{Env: service.Env{Target: targets.AWS, MaxWait: time.Minute}, Plan: testPlan,
		Resource: &plan.Resource{Kind: kind, Name: name}, Inputs: in,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

// Recorded bodies.
const (
	nsArn = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/5c3a1f0e-0000-4000-8000-000000000001"
	wgArn = "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/9d2b7c44-0000-4000-8000-000000000002"
)

func namespaceBody(status string) string {
	return `{"namespace":{"namespaceName":"demo-ns","namespaceArn":"` + nsArn + `","namespaceId":"5c3a1f0e-0000-4000-8000-000000000001",` +
		`"dbName":"dev","adminUsername":"admin","adminPasswordSecretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift!demo-ns-admin-AbCdEf",` +
		`"iamRoles":["IamRole(applyStatus=in-sync, iamRoleArn=` + roleARN + `)"],"defaultIamRoleArn":"` + roleARN + `",` +
		`"status":"` + status + `","creationDate":"2026-12-02T04:30:00.123Z"}}`
}

func workgroupBody(status string) string {
	return `{"workgroup":{"workgroupName":"demo-wg","workgroupArn":"` + wgArn + `","workgroupId":"9d2b7c44-0000-4000-8000-000000000002",` +
		`"namespaceName":"demo-ns","baseCapacity":4,"publiclyAccessible":false,"enhancedVpcRouting":false,"status":"` + status + `",` +
		`"endpoint":{"address":"demo-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com","port":5439},"creationDate":"2026-12-02T04:31:00.456Z"}}`
}

const ownTags = `{"tags":[{"key":"wireup:project","value":"demo"},{"key":"wireup:route","value":"s3-to-redshift"}]}`

var nsInputs = map[string]string{"roleArn": roleARN, "database": "dev", "adminUser": "admin"}

// The namespace is created with a managed admin password and the
// project's role as its default, and Ensure waits through MODIFYING until
// it is AVAILABLE.
func TestNamespaceCreate(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateNamespace": {ok(namespaceBody("MODIFYING"))},
		"GetNamespace":    {ok(namespaceBody("MODIFYING")), ok(namespaceBody("AVAILABLE"))},
	})
	var created []map[string]string
	out, err := NewNamespace(c).Ensure(context.Background(), request(plan.KindNamespace, "demo-ns", nsInputs, &created))
	if err != nil {
		t.Fatal(err)
	}
	if out["arn"] != nsArn || !strings.HasPrefix(out["secretArn"], "arn:aws:secretsmanager:") || len(created) != 1 || r.count("GetNamespace") != 2 {
		t.Errorf("outputs %v, created %v, calls %v", out, created, r.calls)
	}
	body := r.bodies["CreateNamespace"][0]
	for _, want := range []string{`"manageAdminPassword":true`, `"defaultIamRoleArn":"` + roleARN + `"`, `"adminUsername":"admin"`, `"key":"wireup:project","value":"demo"`} {
		if !strings.Contains(body, want) {
			t.Errorf("CreateNamespace %s: want %s", body, want)
		}
	}
	if strings.Contains(body, "adminUserPassword") {
		t.Errorf("CreateNamespace sent a password: %s", body)
	}
}

// A deploy interrupted while the workgroup was creating: the next run's
// create answers ConflictException, and Ensure finds the project's
// workgroup CREATING and waits for it (CREATING → AVAILABLE) instead of
// creating a second one.
func TestWorkgroupResumeAfterInterruptedCreate(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateWorkgroup":     {apiError(codeConflict, "Workgroup demo-wg already exists.")},
		"GetWorkgroup":        {ok(workgroupBody("CREATING")), ok(workgroupBody("CREATING")), ok(workgroupBody("CREATING")), ok(workgroupBody("AVAILABLE"))},
		"ListTagsForResource": {ok(ownTags)},
	})
	var created []map[string]string
	in := map[string]string{"namespace": "demo-ns", "baseCapacity": "4"}
	out, err := NewWorkgroup(c).Ensure(context.Background(), request(plan.KindServerlessWorkgroup, "demo-wg", in, &created))
	if err != nil {
		t.Fatal(err)
	}
	if r.count("CreateWorkgroup") != 1 || len(created) != 0 || r.count("GetWorkgroup") != 4 {
		t.Errorf("calls %v, created %v: want one create, adopted, waited", r.calls, created)
	}
	if out["arn"] != wgArn || out["endpoint"] != "demo-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com" || out["port"] != "5439" {
		t.Errorf("outputs %v", out)
	}
	if !strings.Contains(r.bodies["ListTagsForResource"][0], wgArn) {
		t.Errorf("tags read of %v, want the workgroup's ARN", r.bodies["ListTagsForResource"])
	}
}

// The first deploy's create call succeeded and the deploy died in the
// wait: the state records the workgroup, so the next run adopts it
// without reading tags, and waits.
func TestWorkgroupResumeRecorded(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateWorkgroup": {apiError(codeConflict, "Workgroup demo-wg already exists.")},
		"GetWorkgroup":    {ok(workgroupBody("CREATING")), ok(workgroupBody("AVAILABLE"))},
	})
	var created []map[string]string
	req := request(plan.KindServerlessWorkgroup, "demo-wg", map[string]string{"namespace": "demo-ns", "baseCapacity": "4"}, &created)
	req.Recorded = true
	if _, err := NewWorkgroup(c).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if r.count("ListTagsForResource") != 0 || r.count("CreateWorkgroup") != 1 {
		t.Errorf("calls %v", r.calls)
	}
}

// A name held by another project's workgroup is refused as taken, and
// nothing is waited for or changed.
func TestWorkgroupNameTaken(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateWorkgroup":     {apiError(codeConflict, "Workgroup demo-wg already exists.")},
		"GetWorkgroup":        {ok(workgroupBody("AVAILABLE"))},
		"ListTagsForResource": {ok(`{"tags":[{"key":"team","value":"finance"}]}`)},
	})
	var created []map[string]string
	_, err := NewWorkgroup(c).Ensure(context.Background(), request(plan.KindServerlessWorkgroup, "demo-wg", map[string]string{"namespace": "demo-ns", "baseCapacity": "4"}, &created))
	if err == nil || !strings.Contains(err.Error(), service.ErrNameTaken.Error()) || !strings.Contains(err.Error(), "redshift.workgroup") {
		t.Errorf("err = %v, want name taken naming the setting", err)
	}
	if r.count("UpdateWorkgroup") != 0 || r.count("GetWorkgroup") != 1 {
		t.Errorf("calls %v", r.calls)
	}
}

// A namespace still being deleted by an earlier destroy is waited out,
// then created.
func TestNamespaceStillDeleting(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateNamespace": {apiError(codeConflict, "There is an operation running on the namespace. Try again later."), ok(namespaceBody("AVAILABLE"))},
		"GetNamespace": {ok(namespaceBody("DELETING")), ok(namespaceBody("DELETING")),
			apiError(codeNotFound, "Namespace demo-ns does not exist."), ok(namespaceBody("AVAILABLE"))},
	})
	var created []map[string]string
	if _, err := NewNamespace(c).Ensure(context.Background(), request(plan.KindNamespace, "demo-ns", nsInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if r.count("CreateNamespace") != 2 || len(created) != 1 {
		t.Errorf("calls %v, created %v: want the create retried once the delete finished", r.calls, created)
	}
}

// An account at its quota fails with what to do.
func TestWorkgroupQuota(t *testing.T) {
	c, _ := serverless(t, map[string][]answer{
		"CreateWorkgroup": {apiError(codeQuota, "You have reached the maximum number of workgroups for this account.")},
	})
	var created []map[string]string
	_, err := NewWorkgroup(c).Ensure(context.Background(), request(plan.KindServerlessWorkgroup, "demo-wg", map[string]string{"namespace": "demo-ns", "baseCapacity": "4"}, &created))
	if err == nil || !strings.Contains(err.Error(), "Service Quotas") || len(created) != 0 {
		t.Errorf("err = %v", err)
	}
}

// Delete retries while the workgroup is still busy (ConflictException),
// then waits until GetWorkgroup finds nothing; the namespace after it is
// deleted once the workgroup is gone, and a second Delete is no error.
func TestDeleteWaitsUntilGone(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"DeleteWorkgroup": {apiError(codeConflict, "Workgroup demo-wg is currently being modified."), ok(workgroupBody("DELETING"))},
		"GetWorkgroup":    {ok(workgroupBody("DELETING")), apiError(codeNotFound, "Workgroup demo-wg does not exist.")},
		"DeleteNamespace": {ok(namespaceBody("DELETING")), apiError(codeNotFound, "Namespace demo-ns does not exist.")},
		"GetNamespace":    {ok(namespaceBody("DELETING")), apiError(codeNotFound, "Namespace demo-ns does not exist.")},
	})
	env := service.Env{MaxWait: time.Minute}
	if err := NewWorkgroup(c).Delete(context.Background(), env, &service.Record{Name: "demo-wg"}); err != nil {
		t.Fatal(err)
	}
	if err := NewNamespace(c).Delete(context.Background(), env, &service.Record{Name: "demo-ns"}); err != nil {
		t.Fatal(err)
	}
	want := "DeleteWorkgroup DeleteWorkgroup GetWorkgroup GetWorkgroup DeleteNamespace GetNamespace GetNamespace"
	if got := strings.Join(r.calls, " "); got != want {
		t.Errorf("calls\n got %s\nwant %s", got, want)
	}
	if ok, err := NewNamespace(c).Exists(context.Background(), env, &service.Record{Name: "demo-ns"}); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v", ok, err)
	}
	if err := NewNamespace(c).Delete(context.Background(), env, &service.Record{Name: "demo-ns"}); err != nil {
		t.Errorf("second Delete: %v", err)
	}
}

// The usage limit is created on the workgroup's ARN as a daily compute
// limit that deactivates it; an existing daily limit is updated instead.
func TestUsageLimit(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"ListUsageLimits":  {ok(`{"usageLimits":[]}`), ok(`{"usageLimits":[{"usageLimitId":"ul-1","resourceArn":"` + wgArn + `","usageType":"serverless-compute","amount":8,"period":"daily","breachAction":"log"}]}`)},
		"CreateUsageLimit": {ok(`{"usageLimit":{"usageLimitId":"ul-1","resourceArn":"` + wgArn + `","usageType":"serverless-compute","amount":4,"period":"daily","breachAction":"deactivate"}}`)},
		"UpdateUsageLimit": {ok(`{"usageLimit":{"usageLimitId":"ul-1","amount":4,"breachAction":"deactivate"}}`)},
		"GetUsageLimit":    {ok(`{"usageLimit":{"usageLimitId":"ul-1","amount":4,"period":"daily","breachAction":"emit-metric"}}`)},
	})
	u := NewUsageLimit(c)
	var created []map[string]string
	in := map[string]string{"workgroupArn": wgArn, "rpuHours": "4"}
	out, err := u.Ensure(context.Background(), request(plan.KindUsageLimit, "demo-wg", in, &created))
	if err != nil || out["id"] != "ul-1" || len(created) != 1 {
		t.Fatalf("Ensure = %v, %v (created %v)", out, err, created)
	}
	if b := r.bodies["CreateUsageLimit"][0]; !strings.Contains(b, `"breachAction":"deactivate"`) || !strings.Contains(b, `"period":"daily"`) || !strings.Contains(b, `"amount":4`) {
		t.Errorf("CreateUsageLimit %s", b)
	}
	if _, err := u.Ensure(context.Background(), request(plan.KindUsageLimit, "demo-wg", in, &created)); err != nil || r.count("UpdateUsageLimit") != 1 || len(created) != 1 {
		t.Errorf("second Ensure: %v, calls %v", err, r.calls)
	}
	d, err := u.Drift(context.Background(), service.Env{}, nil, &service.Record{Inputs: in, Outputs: out})
	if err != nil || !strings.Contains(d, "emit-metric") {
		t.Errorf("Drift = %q, %v", d, err)
	}
}

// moto and kumo have no Redshift Serverless: the kinds refuse before any
// call, saying what to do.
func TestServerlessRefusedOnEmulators(t *testing.T) {
	for _, tg := range []targets.Target{targets.Moto, targets.Kumo} {
		c, r := serverless(t, map[string][]answer{})
		var created []map[string]string
		req := request(plan.KindNamespace, "demo-ns", nsInputs, &created)
		req.Target = tg
		_, err := NewNamespace(c).Ensure(context.Background(), req)
		if err == nil || len(r.calls) != 0 {
			t.Errorf("%s: err %v, calls %v", tg, err, r.calls)
		}
		if tg == targets.Moto && !strings.Contains(err.Error(), "redshift.mode: provisioned") {
			t.Errorf("moto: %v, want the provisioned mode named", err)
		}
	}
}

// A namespace of the project whose default role was changed by hand gets
// the project's role back on the next deploy, and Drift names it.
func TestNamespaceRoleRestored(t *testing.T) {
	other := strings.ReplaceAll(namespaceBody("AVAILABLE"), roleARN, "arn:aws:iam::123456789012:role/someone-else")
	c, r := serverless(t, map[string][]answer{
		"CreateNamespace":     {apiError(codeConflict, "Namespace demo-ns already exists.")},
		"GetNamespace":        {ok(other), ok(other), ok(other), ok(namespaceBody("AVAILABLE"))},
		"ListTagsForResource": {ok(ownTags)},
		"UpdateNamespace":     {ok(namespaceBody("MODIFYING"))},
	})
	n := NewNamespace(c)
	rec := &service.Record{Name: "demo-ns", Inputs: nsInputs}
	if d, err := n.Drift(context.Background(), service.Env{}, nil, rec); err != nil || !strings.Contains(d, "someone-else") {
		t.Errorf("Drift = %q, %v", d, err)
	}
	var created []map[string]string
	if _, err := n.Ensure(context.Background(), request(plan.KindNamespace, "demo-ns", nsInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if b := r.bodies["UpdateNamespace"]; len(b) != 1 || !strings.Contains(b[0], `"defaultIamRoleArn":"`+roleARN+`"`) || len(created) != 0 {
		t.Errorf("UpdateNamespace %v, created %v", b, created)
	}
}

// A namespace the route only reads (redshift-to-quicksight alone) is
// created with no role at all, never an empty role ARN.
func TestNamespaceWithoutRole(t *testing.T) {
	c, r := serverless(t, map[string][]answer{
		"CreateNamespace": {ok(namespaceBody("AVAILABLE"))},
		"GetNamespace":    {ok(namespaceBody("AVAILABLE"))},
	})
	var created []map[string]string
	in := map[string]string{"database": "dev", "adminUser": "admin"}
	if _, err := NewNamespace(c).Ensure(context.Background(), request(plan.KindNamespace, "demo-ns", in, &created)); err != nil {
		t.Fatal(err)
	}
	body := r.bodies["CreateNamespace"][0]
	if strings.Contains(body, "iamRoles") || strings.Contains(body, "defaultIamRoleArn") {
		t.Errorf("CreateNamespace sent a role: %s", body)
	}
	if r.count("UpdateNamespace") != 0 {
		t.Errorf("a namespace without a role was given one: %v", r.calls)
	}
}

// CreateUsageLimit takes no client token: a create whose answer was lost
// (a 5xx after the limit was made) is not retried blindly into a second
// limit. The daily limit found after it is the one made; none found, the
// create is tried again; a refusal is not retried.
func TestUsageLimitAnswerLost(t *testing.T) {
	limit := `{"usageLimits":[{"usageLimitId":"ul-1","resourceArn":"` + wgArn + `","usageType":"serverless-compute","amount":4,"period":"daily","breachAction":"deactivate"}]}`
	made := ok(`{"usageLimit":{"usageLimitId":"ul-2","amount":4,"period":"daily","breachAction":"deactivate"}}`)
	lost := answer{http.StatusInternalServerError, `{"__type":"InternalServerException","message":"We encountered an internal error."}`}
	in := map[string]string{"workgroupArn": wgArn, "rpuHours": "4"}
	for _, tc := range []struct {
		name         string
		list, create []answer
		wantID       string
		wantCreates  int
		wantErr      bool
	}{
		{"made, answer lost", []answer{ok(`{"usageLimits":[]}`), ok(limit)}, []answer{lost}, "ul-1", 1, false},
		{"nothing made", []answer{ok(`{"usageLimits":[]}`), ok(`{"usageLimits":[]}`)}, []answer{lost, made}, "ul-2", 2, false},
		{"always lost", []answer{ok(`{"usageLimits":[]}`)}, []answer{lost}, "", service.CreateAttempts, true},
		{"refused", []answer{ok(`{"usageLimits":[]}`)}, []answer{apiError("ValidationException", "amount must be positive")}, "", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, r := serverless(t, map[string][]answer{"ListUsageLimits": tc.list, "CreateUsageLimit": tc.create})
			u := NewUsageLimit(c)
			u.Wait = time.Millisecond
			var created []map[string]string
			out, err := u.Ensure(context.Background(), request(plan.KindUsageLimit, "demo-wg", in, &created))
			if (err != nil) != tc.wantErr || out["id"] != tc.wantID || r.count("CreateUsageLimit") != tc.wantCreates {
				t.Fatalf("Ensure = %v, %v after %d creates (calls %v); want id %q after %d", out, err, r.count("CreateUsageLimit"), r.calls, tc.wantID, tc.wantCreates)
			}
			if !tc.wantErr && len(created) != 1 {
				t.Errorf("created %v, want the limit recorded once", created)
			}
		})
	}
}

// A base capacity or a limit that does not parse is an error naming the
// setting before any call: never a workgroup at 0 RPUs or a limit of 0
// RPU-hours.
func TestUnparsableSettingIsAnError(t *testing.T) {
	c, r := serverless(t, map[string][]answer{})
	var created []map[string]string
	_, err := NewWorkgroup(c).Ensure(context.Background(), request(plan.KindServerlessWorkgroup, "demo-wg", map[string]string{"namespace": "demo-ns", "baseCapacity": "8 RPU"}, &created))
	if err == nil || !strings.Contains(err.Error(), `redshift-serverless.workgroup demo-wg: setting baseCapacity = "8 RPU"`) {
		t.Errorf("workgroup: %v", err)
	}
	_, err = NewUsageLimit(c).Ensure(context.Background(), request(plan.KindUsageLimit, "demo-wg", map[string]string{"workgroupArn": wgArn, "rpuHours": "4.5"}, &created))
	if err == nil || !strings.Contains(err.Error(), `redshift-serverless.usage-limit demo-wg: setting rpuHours = "4.5"`) {
		t.Errorf("usage limit: %v", err)
	}
	if _, err := NewUsageLimit(c).Drift(context.Background(), service.Env{}, nil, &service.Record{Name: "demo-wg", Inputs: map[string]string{"rpuHours": "x"}}); err == nil {
		t.Error("usage limit Drift: no error")
	}
	if len(r.calls) != 0 || len(created) != 0 {
		t.Errorf("calls %v, created %v: want none", r.calls, created)
	}
}
