package emr

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/targets"
)

var testPlan = &plan.Plan{Project: "demo", Route: []string{"s3-to-emr"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-emr"}}}

var appInputs = map[string]string{"type": "SPARK", "releaseLabel": "emr-7.12.0", "idleTimeoutMinutes": "5",
	"maxCpu": "4 vCPU", "maxMemory": "16 GB", "maxDisk": "80 GB"}

func request(name string, created *[]map[string]string) *service.Request {
	return &service.Request{Env: service.Env{MaxWait: 5 * time.Second}, Plan: testPlan,
		Resource: &plan.Resource{Kind: plan.KindEMRApplication, Name: name, Hash: "h1"}, Inputs: appInputs,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

func newApp(f *fakeEMR) *Application { a := NewApplication(f); a.Poll = time.Millisecond; return a }

// A new application is created with auto-start, auto-stop after the
// planned idle time, the maximum capacity and the project's tags, recorded
// at once, and returned once it is CREATED.
func TestApplicationEnsureCreates(t *testing.T) {
	f := &fakeEMR{}
	f.add("other", types.ApplicationStateCreated, nil)
	var created []map[string]string
	out, err := newApp(f).Ensure(context.Background(), request("demo", &created))
	if err != nil {
		t.Fatal(err)
	}
	a := f.apps[1].app
	if a.State != types.ApplicationStateCreated {
		t.Errorf("returned while the application is %s", a.State)
	}
	if !aws.ToBool(a.AutoStartConfiguration.Enabled) || !aws.ToBool(a.AutoStopConfiguration.Enabled) || aws.ToInt32(a.AutoStopConfiguration.IdleTimeoutMinutes) != 5 {
		t.Errorf("auto-start/stop %+v %+v", a.AutoStartConfiguration, a.AutoStopConfiguration)
	}
	if got := []string{aws.ToString(a.MaximumCapacity.Cpu), aws.ToString(a.MaximumCapacity.Memory), aws.ToString(a.MaximumCapacity.Disk)}; !slices.Equal(got, []string{"4 vCPU", "16 GB", "80 GB"}) {
		t.Errorf("maximum capacity %v", got)
	}
	if a.Tags[plan.TagProject] != "demo" || aws.ToString(a.Type) != "SPARK" || aws.ToString(a.ReleaseLabel) != "emr-7.12.0" {
		t.Errorf("tags %v type %s release %s", a.Tags, aws.ToString(a.Type), aws.ToString(a.ReleaseLabel))
	}
	want := map[string]string{"id": aws.ToString(a.ApplicationId), "arn": aws.ToString(a.Arn), "name": "demo"}
	if d := cmp.Diff(want, out); d != "" || len(created) != 1 || !cmp.Equal(created[0], want) {
		t.Errorf("outputs (-want +got):\n%s\ncreated %v", d, created)
	}
	// The token is the plan's: a retried create of this plan is one create.
	var again []map[string]string
	f2 := &fakeEMR{}
	if _, err := newApp(f2).Ensure(context.Background(), request("demo", &again)); err != nil {
		t.Fatal(err)
	}
	if f.tokens[0] == "" || f.tokens[0] != f2.tokens[0] {
		t.Errorf("client tokens %q and %q: want one per plan", f.tokens[0], f2.tokens[0])
	}
}

// The project's application is adopted (the oldest, if an interrupted
// create left two); one that drifted is stopped, then put back to the
// plan; another project's is refused.
func TestApplicationEnsureAdopts(t *testing.T) {
	f := &fakeEMR{}
	own := f.add("demo", types.ApplicationStateStarted, map[string]string{plan.TagProject: "demo"})
	f.add("demo", types.ApplicationStateCreated, map[string]string{plan.TagProject: "demo"})
	own.app.AutoStopConfiguration = &types.AutoStopConfig{Enabled: aws.Bool(false)}
	var created []map[string]string
	out, err := newApp(f).Ensure(context.Background(), request("demo", &created))
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(own.app.ApplicationId)
	if out["id"] != id || len(created) != 0 {
		t.Errorf("adopted %v (created %v), want %s", out, created, id)
	}
	if want := []string{"stop " + id, "update " + id}; !slices.Equal(f.calls, want) {
		t.Errorf("calls %v, want %v", f.calls, want)
	}
	if !aws.ToBool(own.app.AutoStopConfiguration.Enabled) {
		t.Error("auto-stop not put back")
	}

	hive := &fakeEMR{}
	hive.add("demo", types.ApplicationStateCreated, map[string]string{plan.TagProject: "demo"}).app.Type = aws.String("Hive")
	if _, err := newApp(hive).Ensure(context.Background(), request("demo", &created)); err == nil || !strings.Contains(err.Error(), "cannot become SPARK") {
		t.Errorf("err = %v, want the type change refused", err)
	}

	f = &fakeEMR{}
	f.add("demo", types.ApplicationStateCreated, map[string]string{plan.TagProject: "someone-else"})
	_, err = newApp(f).Ensure(context.Background(), request("demo", &created))
	if !errors.Is(err, service.ErrNameTaken) || !strings.Contains(err.Error(), "Rename emr.application") {
		t.Errorf("err = %v, want ErrNameTaken saying what to rename", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("calls on another project's application: %v", f.calls)
	}
}

// Destroy cancels every unfinished run (listed in pages), waits until
// none is left, stops the application, waits until it is STOPPED,
// deletes it and waits until it is TERMINATED. Without the cancel, the
// fake refuses the stop and the delete, as kumo does.
func TestApplicationDeleteCancelsRunsFirst(t *testing.T) {
	f := &fakeEMR{}
	a := f.add("demo", types.ApplicationStateStarted, nil)
	a.runs = []types.JobRunSummary{{Id: aws.String("r1"), State: types.JobRunStateRunning}, {Id: aws.String("r2"), State: types.JobRunStateSuccess},
		{Id: aws.String("r3"), State: types.JobRunStatePending}}
	id := aws.ToString(a.app.ApplicationId)
	rec := &service.Record{Name: "demo", Outputs: map[string]string{"id": id}}
	if err := newApp(f).Delete(context.Background(), service.Env{MaxWait: 5 * time.Second}, rec); err != nil {
		t.Fatal(err)
	}
	if want := []string{"cancel r1", "cancel r3", "stop " + id, "delete " + id}; !slices.Equal(f.calls, want) {
		t.Errorf("calls %v, want %v", f.calls, want)
	}
	if a.app.State != types.ApplicationStateTerminated {
		t.Errorf("state %s after delete", a.app.State)
	}
	// Gone already: nothing to do, and not an error.
	f.calls = nil
	if err := newApp(f).Delete(context.Background(), service.Env{MaxWait: time.Second}, rec); err != nil || len(f.calls) != 0 {
		t.Errorf("delete of a TERMINATED application: %v, calls %v", err, f.calls)
	}
	// moto lists no runs of an application that never ran one as "not
	// found": that is no run, and the application is still deleted.
	f = &fakeEMR{motoListing: true}
	a = f.add("demo", types.ApplicationStateStarted, nil)
	rec = &service.Record{Name: "demo", Outputs: map[string]string{"id": aws.ToString(a.app.ApplicationId)}}
	if err := newApp(f).Delete(context.Background(), service.Env{MaxWait: 5 * time.Second}, rec); err != nil || a.app.State != types.ApplicationStateTerminated {
		t.Errorf("delete with moto's run listing: %v, state %s", err, a.app.State)
	}
	missing := &service.Record{Name: "demo", Outputs: map[string]string{"id": "00fnope"}}
	if err := newApp(f).Delete(context.Background(), service.Env{MaxWait: time.Second}, missing); !service.IsNotFound(err) {
		t.Errorf("delete of a missing application: %v, want not found", err)
	}
}

func TestApplicationDriftAndExists(t *testing.T) {
	f := &fakeEMR{}
	a := f.add("demo", types.ApplicationStateCreated, nil)
	rec := &service.Record{Name: "demo", Inputs: appInputs, Outputs: map[string]string{"id": aws.ToString(a.app.ApplicationId)}}
	app := newApp(f)
	if d, err := app.Drift(context.Background(), service.Env{}, nil, rec); err != nil || d != "" {
		t.Errorf("drift of the planned application: %q, %v", d, err)
	}
	a.app.AutoStopConfiguration = &types.AutoStopConfig{Enabled: aws.Bool(true), IdleTimeoutMinutes: aws.Int32(600)}
	a.app.MaximumCapacity.Cpu = aws.String("400vcpu")
	d, err := app.Drift(context.Background(), service.Env{}, nil, rec)
	if err != nil || !strings.Contains(d, "auto-stop after 600 idle minutes, want 5") || !strings.Contains(d, `maximum cpu "400vcpu", want "4 vCPU"`) {
		t.Errorf("drift = %q, %v", d, err)
	}
	a.app.MaximumCapacity.Cpu = aws.String("4vcpu") // the same, written another way
	if d, _ := app.Drift(context.Background(), service.Env{}, nil, rec); strings.Contains(d, "cpu") {
		t.Errorf("4vcpu reported as drift from 4 vCPU: %q", d)
	}
	if ok, err := app.Exists(context.Background(), service.Env{}, rec); !ok || err != nil {
		t.Errorf("Exists = %v, %v", ok, err)
	}
	a.app.State = types.ApplicationStateTerminated
	if ok, err := app.Exists(context.Background(), service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists of a TERMINATED application = %v, %v", ok, err)
	}
}

// List pages through every application, leaves out TERMINATED ones and
// reads tags only when asked.
func TestApplicationList(t *testing.T) {
	f := &fakeEMR{}
	f.add("demo", types.ApplicationStateCreated, map[string]string{plan.TagProject: "demo"})
	f.add("old", types.ApplicationStateTerminated, nil)
	f.add("other", types.ApplicationStateStarted, map[string]string{plan.TagProject: "x"})
	got, err := newApp(f).List(context.Background(), testPlan)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name)
	}
	if !slices.Equal(names, []string{"demo", "other"}) {
		t.Fatalf("listed %v", names)
	}
	tags, err := got[0].Tags(context.Background())
	if err != nil || tags[plan.TagProject] != "demo" {
		t.Errorf("tags %v, %v", tags, err)
	}
	if got[0].Outputs["id"] == "" || (&Application{}).Identity(&service.Record{Outputs: got[0].Outputs}) != got[0].Outputs["id"] {
		t.Errorf("outputs %v: the identity is the id", got[0].Outputs)
	}
}

// The plan of s3-to-emr: the application (depending on its role and the
// route's bucket), the job role reading incoming/ and writing emr/out/.
func TestPlan(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route  []string
		bucket string
		input  map[string]string
	}{
		{[]string{"s3-to-emr"}, plan.IDBucket, map[string]string{"inputPrefix": "incoming/", "table": "", "dynamodbTable": ""}},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-emr"}, plan.IDBucket, map[string]string{"inputPrefix": "data/", "table": ""}},
		{[]string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-emr"}, plan.IDBucket, map[string]string{"inputPrefix": "data/", "database": "demo_db", "table": "crawled_data"}},
		{[]string{"dynamodb-to-emr"}, plan.IDEMRBucket, map[string]string{"type": "HIVE", "inputPrefix": "", "dynamodbTable": "demo-table"}},
		{[]string{"dynamodb-to-emr", "emr-to-s3"}, plan.IDBucket, map[string]string{"type": "HIVE", "dynamodbTable": "demo-table"}},
	} {
		s := specFor(t, tt.route...)
		p, err := plan.New(s, c, plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}, []plan.Planner{Planner{}, svcs3.Planner{}, firehose.Planner{}, glue.Planner{}, dynamodb.Planner{}})
		if err != nil {
			t.Fatalf("%v: %v", tt.route, err)
		}
		app := p.Resource(plan.IDEMRApplication)
		if app == nil || p.Resource(plan.IDRoleEMR) == nil || p.Resource(tt.bucket) == nil {
			t.Fatalf("%v: plan lacks the application, its role or bucket %s", tt.route, tt.bucket)
		}
		if app.Refs["bucket"] != tt.bucket+".name" || app.Refs["jobRoleArn"] != plan.IDRoleEMR+".arn" {
			t.Errorf("%v: refs %v", tt.route, app.Refs)
		}
		for k, v := range tt.input {
			if app.Settings[k] != v {
				t.Errorf("%v: setting %s = %q, want %q", tt.route, k, app.Settings[k], v)
			}
		}
	}
}

func TestTargetsSayWhy(t *testing.T) {
	for id, row := range Targets() {
		for _, tg := range []targets.Target{targets.Moto, targets.Kumo} {
			if c := row[tg]; !c.Deploy || c.Data || c.DataReason == "" {
				t.Errorf("%s on %s: %+v, want deployable, not verifiable, with the reason", id, tg, c)
			}
		}
	}
}

// A planned setting that does not parse is an error naming it, before
// any call: never an application that stops after 0 idle minutes.
func TestApplicationUnparsableSettingIsAnError(t *testing.T) {
	in := map[string]string{}
	for k, v := range appInputs {
		in[k] = v
	}
	in["idleTimeoutMinutes"] = "five"
	f := &fakeEMR{}
	var created []map[string]string
	req := request("demo", &created)
	req.Inputs = in
	_, err := newApp(f).Ensure(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), `emr-serverless.application demo: setting idleTimeoutMinutes = "five"`) || len(f.calls) != 0 {
		t.Fatalf("err = %v, calls %v: want the setting named and nothing called", err, f.calls)
	}
	if _, err := newApp(f).Drift(context.Background(), service.Env{}, nil, &service.Record{Name: "demo", Inputs: in, Outputs: map[string]string{"id": "00fapp"}}); err == nil || !strings.Contains(err.Error(), "idleTimeoutMinutes") {
		t.Fatalf("Drift err = %v, want the setting named", err)
	}
}
