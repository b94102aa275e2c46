package athena

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

var testPlan = &plan.Plan{Project: "demo", Route: []string{"s3-to-athena"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-athena"}}}

func request(kind plan.Kind, name string, in map[string]string, created *[]map[string]string) *service.Request {
	return &service.Request{Plan: testPlan, Resource: &plan.Resource{Kind: kind, Name: name}, Inputs: in,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

var wgInputs = map[string]string{"bucket": "demo-bucket", "resultsPrefix": "athena-results/", "cutoffBytes": "1073741824"}

// The workgroup enforces its encrypted results location and the scan
// cutoff; a workgroup of the project is adopted and put back to the plan,
// another project's is refused.
func TestWorkGroupEnsureAdopt(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	w := NewWorkGroup(f)
	var created []map[string]string
	out, err := w.Ensure(ctx, request(plan.KindWorkGroup, "demo", wgInputs, &created))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"name": "demo"}, out); d != "" || len(created) != 1 {
		t.Errorf("outputs (-want +got):\n%s (created %d)", d, len(created))
	}
	c := f.wgs["demo"].Configuration
	if !aws.ToBool(c.EnforceWorkGroupConfiguration) || aws.ToInt64(c.BytesScannedCutoffPerQuery) != 1<<30 ||
		aws.ToString(c.ResultConfiguration.OutputLocation) != "s3://demo-bucket/athena-results/" ||
		c.ResultConfiguration.EncryptionConfiguration.EncryptionOption != athenatypes.EncryptionOptionSseS3 {
		t.Errorf("configuration = %+v, results %+v", c, c.ResultConfiguration)
	}
	rec := &service.Record{Name: "demo", Inputs: wgInputs, Outputs: out}
	if d, err := w.Drift(ctx, service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift right after Ensure = %q, %v", d, err)
	}
	// Hand edits that let queries run unbounded and results go anywhere.
	c.EnforceWorkGroupConfiguration, c.BytesScannedCutoffPerQuery = aws.Bool(false), nil
	d, err := w.Drift(ctx, service.Env{}, nil, rec)
	if err != nil || !strings.Contains(d, "EnforceWorkGroupConfiguration is off") || !strings.Contains(d, "BytesScannedCutoffPerQuery 0") {
		t.Errorf("Drift = %q, %v", d, err)
	}
	if _, err := w.Ensure(ctx, request(plan.KindWorkGroup, "demo", wgInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if d, _ := w.Drift(ctx, service.Env{}, nil, rec); d != "" || len(created) != 1 {
		t.Errorf("after adopting: Drift %q, created %d", d, len(created))
	}
	f.tags[account+"demo"] = []athenatypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("other")}}
	if _, err := w.Ensure(ctx, request(plan.KindWorkGroup, "demo", wgInputs, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's workgroup = %v, want ErrNameTaken", err)
	}
}

// Results in a bucket with a customer managed key are encrypted with it.
func TestWorkGroupKMS(t *testing.T) {
	e := encryption(&WorkGroupSettings{KMSKey: "arn:aws:kms:us-east-1:123456789012:key/k"})
	if e.EncryptionOption != athenatypes.EncryptionOptionSseKms || aws.ToString(e.KmsKey) != "arn:aws:kms:us-east-1:123456789012:key/k" {
		t.Errorf("encryption = %+v", e)
	}
}

// Delete removes the workgroup with its named queries; afterwards it is
// gone whether the target answers with an error (AWS) or with an empty
// workgroup (moto), and a second Delete is not an error.
func TestWorkGroupDelete(t *testing.T) {
	for _, moto := range []bool{false, true} {
		ctx := context.Background()
		f := newFake()
		f.motoDeleted = moto
		w := NewWorkGroup(f)
		var created []map[string]string
		if _, err := w.Ensure(ctx, request(plan.KindWorkGroup, "demo", wgInputs, &created)); err != nil {
			t.Fatal(err)
		}
		rec := &service.Record{Name: "demo"}
		if err := w.Delete(ctx, service.Env{}, rec); err != nil {
			t.Fatal(err)
		}
		if f.calls[len(f.calls)-1] != "DeleteWorkGroup demo recursive=true" {
			t.Errorf("calls %v", f.calls)
		}
		if ok, err := w.Exists(ctx, service.Env{}, rec); ok || err != nil {
			t.Errorf("moto=%t: Exists after Delete = %t, %v", moto, ok, err)
		}
		if err := w.Delete(ctx, service.Env{}, rec); err != nil {
			t.Errorf("second Delete: %v", err)
		}
	}
}

// List pages through the workgroups, leaves out primary and reads each
// one's tags by its ARN.
func TestWorkGroupList(t *testing.T) {
	f := newFake()
	for _, n := range []string{"demo", "other", "primary"} {
		f.wgs[n] = &athenatypes.WorkGroup{Name: aws.String(n)}
		f.tags[account+n] = []athenatypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String(n)}}
	}
	got, err := NewWorkGroup(f).List(context.Background(), testPlan)
	if err != nil {
		t.Fatal(err)
	}
	owned := map[string]bool{}
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		owned[l.Name] = service.OwnedBy(tags, "demo")
	}
	if d := cmp.Diff(map[string]bool{"demo": true, "other": false}, owned); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
}

// A named query is created once, found by name in its workgroup on the
// next deploy, its text updated when the plan changes it, and deleted by
// its id.
func TestNamedQuery(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	f.queries["q0"] = &athenatypes.NamedQuery{NamedQueryId: aws.String("q0"), Name: aws.String("export-events"), WorkGroup: aws.String("other")}
	q := NewNamedQuery(f)
	in := map[string]string{"workGroup": "demo", "database": "demo_db", "query": "SELECT 1", "description": "d"}
	var created []map[string]string
	out, err := q.Ensure(ctx, request(plan.KindNamedQuery, "export-events", in, &created))
	if err != nil {
		t.Fatal(err)
	}
	id := out["id"]
	if id == "q0" || len(created) != 1 || aws.ToString(f.queries[id].WorkGroup) != "demo" {
		t.Fatalf("outputs %v, created %v: want a new query in the project's workgroup", out, created)
	}
	in2 := map[string]string{"workGroup": "demo", "database": "demo_db", "query": "SELECT 2", "description": "d"}
	out2, err := q.Ensure(ctx, request(plan.KindNamedQuery, "export-events", in2, &created))
	if err != nil {
		t.Fatal(err)
	}
	if out2["id"] != id || aws.ToString(f.queries[id].QueryString) != "SELECT 2" || len(created) != 1 {
		t.Errorf("second Ensure: %v, query %q, created %d", out2, aws.ToString(f.queries[id].QueryString), len(created))
	}
	rec := &service.Record{Name: "export-events", Outputs: out}
	if q.Identity(rec) != id {
		t.Errorf("Identity = %q", q.Identity(rec))
	}
	if err := q.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if ok, err := q.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v", ok, err)
	}
	if f.queries["q0"] == nil {
		t.Error("another workgroup's query of the same name was deleted")
	}
	// moto has no DeleteNamedQuery: the query is left to the workgroup.
	n := len(f.calls)
	if err := q.Delete(ctx, service.Env{Target: targets.Moto}, &service.Record{Outputs: map[string]string{"id": "q0"}}); err != nil || len(f.calls) != n {
		t.Errorf("Delete on moto = %v, calls %v", err, f.calls[n:])
	}
}

// The named queries write Parquet under the route's bucket, quote "time",
// and partition the CTAS output by the projected hour, last in the SELECT.
func TestNamedQueries(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, firehose.SpecDefault, s3.SpecDefault, glue.SpecDefault, etl.SpecDefault, SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	qs := NamedQueries(s)
	want := []string{
		`CREATE TABLE "demo_db"."events_parquet" WITH (format = 'PARQUET', external_location = 's3://demo-us-east-1-data/curated/events_parquet/', partitioned_by = ARRAY['datehour']) AS SELECT "id", "source", "seq", "kind", "value", "time", datehour FROM "demo_db"."events"`,
		`UNLOAD (SELECT "id", "source", "seq", "kind", "value", "time" FROM "demo_db"."events") TO 's3://demo-us-east-1-data/exports/events/' WITH (format = 'PARQUET')`,
	}
	var got []string
	for _, q := range qs {
		got = append(got, q.SQL)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("queries (-want +got):\n%s", d)
	}
}

// invalidList is a target without ListWorkGroups, as kumo answers.
type invalidList struct{ *fakeAthena }

func (invalidList) ListWorkGroups(context.Context, *athena.ListWorkGroupsInput, ...func(*athena.Options)) (*athena.ListWorkGroupsOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "InvalidAction", Message: "The action ListWorkGroups is not valid."}
}

// A target without the listing lists nothing rather than failing every
// destroy; any other error fails it.
func TestWorkGroupListUnsupported(t *testing.T) {
	got, err := NewWorkGroup(invalidList{newFake()}).List(context.Background(), testPlan)
	if err != nil || len(got) != 0 {
		t.Errorf("List = %v, %v", got, err)
	}
	if NewWorkGroup(newFake()).Always() {
		t.Error("workgroups are listed for plans without Athena")
	}
}

// staleBatchAthena lists a query that is gone, and answers the batch read
// of it as moto does: HTTP 500 for the whole batch.
type staleBatchAthena struct{ *fakeAthena }

func (f staleBatchAthena) ListNamedQueries(ctx context.Context, in *athena.ListNamedQueriesInput, o ...func(*athena.Options)) (*athena.ListNamedQueriesOutput, error) {
	out, err := f.fakeAthena.ListNamedQueries(ctx, in, o...)
	if err == nil {
		out.NamedQueryIds = append(out.NamedQueryIds, "gone")
	}
	return out, err
}

func (f staleBatchAthena) BatchGetNamedQuery(ctx context.Context, in *athena.BatchGetNamedQueryInput, o ...func(*athena.Options)) (*athena.BatchGetNamedQueryOutput, error) {
	return nil, &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 500}},
		Err: errors.New("failed to decode response body, invalid character '<'")}}
}

// A batch read that fails on the server's side as a whole (a listed query
// deleted meanwhile, on moto) is read one query at a time: the project's
// query is still found and updated, not created twice.
func TestNamedQueryBatchFault(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	q := NewNamedQuery(staleBatchAthena{f})
	in := map[string]string{"workGroup": "demo", "database": "demo_db", "query": "SELECT 1", "description": "d"}
	var created []map[string]string
	out, err := q.Ensure(ctx, request(plan.KindNamedQuery, "export-events", in, &created))
	if err != nil {
		t.Fatal(err)
	}
	in["query"] = "SELECT 2"
	out2, err := q.Ensure(ctx, request(plan.KindNamedQuery, "export-events", in, &created))
	if err != nil || out2["id"] != out["id"] || len(created) != 1 || aws.ToString(f.queries[out["id"]].QueryString) != "SELECT 2" {
		t.Errorf("second Ensure = %v, %v; created %d: want the first query adopted and updated", out2, err, len(created))
	}
}
