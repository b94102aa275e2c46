package etl

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// recordedGlue answers the Glue and S3 calls of the job kind with the
// response shapes of the AWS API references (API_GetJob, API_CreateJob,
// API_UpdateJob, API_GetTags, API_DeleteJob; S3 PutObject, DeleteObject):
// moto has no UpdateJob, so the update path is proven here, through the
// real SDK clients and their serialisation.
type recordedGlue struct {
	mu      sync.Mutex
	job     map[string]any    // the stored job, as GetJob returns it; nil: none
	tags    map[string]string // the job's tags
	calls   []string
	bodies  map[string]map[string]any // last request body per Glue operation
	objects map[string]string         // S3 key → body
	// noUpdate answers UpdateJob as moto 5.2.1 does: HTTP 500, HTML.
	noUpdate bool
}

func (r *recordedGlue) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	body, _ := io.ReadAll(req.Body)
	if op, ok := strings.CutPrefix(req.Header.Get("X-Amz-Target"), "AWSGlue."); ok {
		r.calls = append(r.calls, op)
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		r.bodies[op] = in
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		notFound := func() {
			w.WriteHeader(400)
			_, _ = io.WriteString(w, `{"__type":"EntityNotFoundException","Message":"Job demo-etl not found."}`)
		}
		switch op {
		case "GetJob":
			if r.job == nil {
				notFound()
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"Job": r.job})
		case "CreateJob":
			r.job = in
			r.tags, _ = in["Tags"].(map[string]string)
			if t, ok := in["Tags"].(map[string]any); ok {
				r.tags = map[string]string{}
				for k, v := range t {
					r.tags[k] = v.(string)
				}
			}
			_, _ = io.WriteString(w, `{"Name":"demo-etl"}`)
		case "UpdateJob":
			if r.noUpdate {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(500)
				_, _ = io.WriteString(w, "<!doctype html><title>500 Internal Server Error</title>")
				return
			}
			upd := in["JobUpdate"].(map[string]any)
			upd["Name"] = in["JobName"]
			r.job = upd
			_, _ = io.WriteString(w, `{"JobName":"demo-etl"}`)
		case "GetTags":
			_ = json.NewEncoder(w).Encode(map[string]any{"Tags": r.tags})
		case "DeleteJob":
			// "If the job definition is not found, no exception is thrown."
			r.job = nil
			_, _ = io.WriteString(w, `{"JobName":"demo-etl"}`)
		default:
			w.WriteHeader(400)
			_, _ = io.WriteString(w, `{"__type":"InvalidInputException","Message":"Unknown operation: `+op+`"}`)
		}
		return
	}
	key := strings.TrimPrefix(req.URL.Path, "/demo-bucket/")
	r.calls = append(r.calls, "S3 "+req.Method+" "+key)
	switch req.Method {
	case http.MethodPut:
		r.objects[key] = string(body)
		w.Header().Set("ETag", `"1"`)
	case http.MethodDelete:
		delete(r.objects, key)
		w.WriteHeader(http.StatusNoContent)
	}
}

func recordedJob(t *testing.T) (*Job, *recordedGlue) {
	t.Helper()
	rec := &recordedGlue{bodies: map[string]map[string]any{}, objects: map[string]string{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	creds := credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")
	gc := glue.New(glue.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds, HTTPClient: srv.Client(), RetryMaxAttempts: 1})
	sc := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds, HTTPClient: srv.Client(), UsePathStyle: true})
	return NewJob(gc, sc), rec
}

var jobInputs = map[string]string{
	"roleArn": "arn:aws:iam::123456789012:role/AWSGlueServiceRole-demo-etl", "bucket": "demo-bucket", "database": "demo_db",
	"table": "crawled_data", "securityConfiguration": "demo-etl", "glueVersion": "5.0", "workerType": "G.1X", "numberOfWorkers": "2",
	"timeoutMinutes": "10", "bookmarks": "true", "continuousLogging": "true", "scriptKey": "glue/scripts/demo-etl.py", "outputPrefix": "curated/",
}

// A job is created after its script is uploaded, with the planned
// runtime, bookmarks and logging on and the script's inputs as arguments;
// a second Ensure updates the project's job (UpdateJob, which moto lacks);
// another project's job of the name is refused; Delete removes the job
// and the script.
func TestJobEnsureUpdateDelete(t *testing.T) {
	ctx := context.Background()
	j, rec := recordedJob(t)
	var created []map[string]string
	req := request(KindJob, "demo-etl", jobInputs, &created)
	out, err := j.Ensure(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	script, _ := Script()
	if got := rec.objects["glue/scripts/demo-etl.py"]; got != string(script) {
		t.Errorf("uploaded script is %d bytes, want the %d of glue/job.py", len(got), len(script))
	}
	if want := []string{"S3 PUT glue/scripts/demo-etl.py", "GetJob", "CreateJob"}; strings.Join(rec.calls, ",") != strings.Join(want, ",") {
		t.Errorf("calls %v, want %v (script first, then the job)", rec.calls, want)
	}
	if out["arn"] != "arn:aws:glue:us-east-1:123456789012:job/demo-etl" || len(created) != 1 {
		t.Errorf("outputs %v, created %v", out, created)
	}
	cj := rec.bodies["CreateJob"]
	cmd := cj["Command"].(map[string]any)
	args := cj["DefaultArguments"].(map[string]any)
	for k, want := range map[string]any{"GlueVersion": "5.0", "WorkerType": "G.1X", "NumberOfWorkers": 2.0, "Timeout": 10.0, "SecurityConfiguration": "demo-etl",
		"ExecutionClass": "STANDARD"} {
		if cj[k] != want {
			t.Errorf("CreateJob %s = %v, want %v", k, cj[k], want)
		}
	}
	if cmd["Name"] != "glueetl" || cmd["ScriptLocation"] != "s3://demo-bucket/glue/scripts/demo-etl.py" || cmd["PythonVersion"] != "3" {
		t.Errorf("Command = %v", cmd)
	}
	for k, want := range map[string]string{"--job-bookmark-option": "job-bookmark-enable", "--enable-continuous-cloudwatch-log": "true",
		"--source_database": "demo_db", "--source_table": "crawled_data", "--output_path": "s3://demo-bucket/curated/"} {
		if args[k] != want {
			t.Errorf("DefaultArguments[%s] = %v, want %s", k, args[k], want)
		}
	}

	rec.calls = nil
	req.Recorded = true
	if _, err := j.Ensure(ctx, req); err != nil {
		t.Fatalf("update: %v", err)
	}
	if got := strings.Join(rec.calls, ","); got != "S3 PUT glue/scripts/demo-etl.py,GetJob,UpdateJob" {
		t.Errorf("update calls %s", got)
	}
	if u := rec.bodies["UpdateJob"]["JobUpdate"].(map[string]any); u["Role"] != jobInputs["roleArn"] || u["SecurityConfiguration"] != "demo-etl" {
		t.Errorf("JobUpdate = %v", u)
	}

	recd := &service.Record{Name: "demo-etl", Inputs: jobInputs, Outputs: out}
	if d, err := j.Drift(ctx, service.Env{}, nil, recd); d != "" || err != nil {
		t.Errorf("Drift = %q, %v", d, err)
	}
	rec.job["DefaultArguments"] = map[string]any{"--job-bookmark-option": "job-bookmark-disable"}
	if d, _ := j.Drift(ctx, service.Env{}, nil, recd); !strings.Contains(d, "job-bookmark-disable") {
		t.Errorf("Drift = %q, want the bookmarks turned off", d)
	}

	rec.tags = map[string]string{plan.TagProject: "other"}
	if _, err := j.Ensure(ctx, request(KindJob, "demo-etl", jobInputs, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's job = %v, want ErrNameTaken", err)
	}

	if err := j.Delete(ctx, service.Env{}, recd); err != nil {
		t.Fatal(err)
	}
	if rec.job != nil || len(rec.objects) != 0 {
		t.Errorf("after Delete: job %v, objects %v", rec.job, rec.objects)
	}
	if ok, err := j.Exists(ctx, service.Env{}, recd); ok || err != nil {
		t.Errorf("Exists after Delete = %v, %v", ok, err)
	}
}

// The script wireup uploads is the one the project holds, and its digest,
// a setting of the job, changes with it.
func TestScriptDigest(t *testing.T) {
	b, err := Script()
	if err != nil || !strings.Contains(string(b), "getResolvedOptions") || !strings.Contains(string(b), "job.commit()") {
		t.Fatalf("Script = %d bytes, %v", len(b), err)
	}
	if d := ScriptDigest(); len(d) != 12 {
		t.Errorf("ScriptDigest = %q", d)
	}
	for _, arg := range []string{"source_database", "source_table", "output_path"} {
		if !strings.Contains(string(b), `"`+arg+`"`) {
			t.Errorf("the script does not read --%s, which the job passes", arg)
		}
		in, err := service.DecodeFor[JobSettings](KindJob, "demo-job", jobInputs)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := arguments(in)["--"+arg]; !ok {
			t.Errorf("the job does not pass --%s, which the script reads", arg)
		}
	}
}

// On moto, which has no UpdateJob, a changed job says how to apply the
// change there instead of asking to run the deploy again.
func TestJobUpdateOnMoto(t *testing.T) {
	j, rec := recordedJob(t)
	rec.job, rec.noUpdate = map[string]any{"Name": "demo-etl"}, true
	var created []map[string]string
	req := request(KindJob, "demo-etl", jobInputs, &created)
	req.Recorded, req.Target = true, targets.Moto
	_, err := j.Ensure(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), MotoNoUpdateJob) {
		t.Fatalf("Ensure = %v, want the moto note", err)
	}
}

// Without a state, the untaggable security configuration is found through
// the project's job that names it, as a child destroy deletes with it; a
// job that names none, or is gone, has no children.
func TestJobChildren(t *testing.T) {
	ctx := context.Background()
	j, rec := recordedJob(t)
	var created []map[string]string
	if _, err := j.Ensure(ctx, request(KindJob, "demo-etl", jobInputs, &created)); err != nil {
		t.Fatal(err)
	}
	job := &service.Found{Owned: true, State: &service.Record{ID: "glue.job/demo-etl", Kind: string(KindJob), Name: "demo-etl"}}
	got := j.Children(ctx, job)
	if len(got) != 1 || got[0].State.Kind != string(KindSecurityConfiguration) || got[0].State.Name != "demo-etl" || !got[0].Owned ||
		len(got[0].State.DependsOn) != 1 || got[0].State.DependsOn[0] != "glue.job/demo-etl" {
		t.Fatalf("Children = %+v", got)
	}
	delete(rec.job, "SecurityConfiguration")
	if got := j.Children(ctx, job); len(got) != 0 {
		t.Errorf("Children of a job without a security configuration = %+v", got)
	}
	rec.job = nil
	if got := j.Children(ctx, job); len(got) != 0 {
		t.Errorf("Children of a gone job = %+v", got)
	}
}
