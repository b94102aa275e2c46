package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCases are the routes whose whole generated tree is kept as a golden
// file: the multi-hop routes the issue names and one per producer/reader.
var goldenCases = []string{"iot-kinesis-firehose-s3", "app-kinesis-lambda", "s3-sns-sqs", "app-firehose-s3-transform", "app-dynamodb", "sqs-app", "glue-s3"}

func matrixCaseNamed(t *testing.T, name string) matrixCase {
	t.Helper()
	for _, mc := range matrix {
		if mc.name == name {
			return mc
		}
	}
	t.Fatalf("no matrix case %s", name)
	return matrixCase{}
}

// TestGolden compares generated trees with testdata/golden/<route>.txtar and
// reports missing, extra and changed files. Run with -update to accept the
// new output.
func TestGolden(t *testing.T) {
	c := loadCatalog(t)
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			files, err := Render(newSpec(t, c, matrixCaseNamed(t, name)), c)
			if err != nil {
				t.Fatal(err)
			}
			got := &txtar.Archive{Comment: []byte("wireup new, route " + name + "\n")}
			for _, f := range files {
				got.Files = append(got.Files, txtar.File{Name: f.Path, Data: f.Data})
			}
			path := filepath.Join("testdata", "golden", name+".txtar")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, txtar.Format(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/render -run TestGolden -update)", err)
			}
			want := txtar.Parse(data)
			wantFiles := map[string][]byte{}
			for _, f := range want.Files {
				wantFiles[f.Name] = f.Data
			}
			gotFiles := map[string][]byte{}
			for _, f := range got.Files {
				gotFiles[f.Name] = f.Data
				w, ok := wantFiles[f.Name]
				switch {
				case !ok:
					t.Errorf("extra file %s (not in %s)", f.Name, path)
				case !bytes.Equal(w, f.Data):
					t.Errorf("changed file %s (-golden +got):\n%s", f.Name, cmp.Diff(string(w), string(f.Data)))
				}
			}
			for _, f := range want.Files {
				if _, ok := gotFiles[f.Name]; !ok {
					t.Errorf("missing file %s (in %s)", f.Name, path)
				}
			}
			if t.Failed() {
				t.Log("run go test ./internal/render -run TestGolden -update if the change is intended")
			}
		})
	}
}

// TestDeterministic renders every matrix route twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		a, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		b, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: two renders differ:\n%s", mc.name, diff)
		}
		if !slices.IsSortedFunc(a, func(x, y File) int { return strings.Compare(x.Path, y.Path) }) {
			t.Errorf("%s: files are not sorted by path", mc.name)
		}
	}
}

// TestContract checks the paths other commands rely on, per route.
func TestContract(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		s := newSpec(t, c, mc)
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		want := []string{"wireup.yaml", "go.mod", "go.sum", "Makefile", "README.md", "docker-compose.yml", ".gitignore", "cmd/producer/main.go"}
		end := s.Destination(c)
		if end == "app" {
			end = s.Services(c)[len(s.Services(c))-2]
		}
		switch end {
		case "lambda":
			want = append(want, "cmd/handler/main.go")
		case "s3", "sqs", "kinesis", "dynamodb":
			// Athena writes query results, read by cmd/query; the Glue job Parquet,
			// listed by cmd/etl; EMR an aggregate, listed by cmd/job; Redshift
			// UNLOAD output, written by cmd/sql.
			if !s.Has("athena-to-s3") && !s.Has("glue-to-s3") && !s.Has("emr-to-s3") && !s.Has("redshift-to-s3") {
				want = append(want, "cmd/consumer/main.go")
			}
		}
		if s.Athena != nil && s.Glue != nil {
			want = append(want, "cmd/query/main.go")
		}
		if s.Glue != nil && s.Glue.Crawler != nil {
			want = append(want, "cmd/crawl/main.go")
		}
		if s.Glue != nil && s.Glue.Job != nil {
			want = append(want, "cmd/etl/main.go", "glue/job.py")
		}
		if s.EMR != nil {
			want = append(want, "cmd/job/main.go")
		}
		if s.Redshift != nil {
			want = append(want, "cmd/sql/main.go")
		}
		if mc.transform {
			want = append(want, "cmd/transform/main.go")
		}
		for _, p := range want {
			if files.Get(p) == nil {
				t.Errorf("%s: no %s", mc.name, p)
			}
		}
		if files.Get("cmd/handler/main.go") != nil && end != "lambda" {
			t.Errorf("%s: a handler without Lambda on the route", mc.name)
		}
		back, err := spec.Parse(files.Get("wireup.yaml").Data)
		if err != nil {
			t.Fatalf("%s: wireup.yaml: %v", mc.name, err)
		}
		if diff := cmp.Diff(s, back, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: wireup.yaml does not round-trip:\n%s", mc.name, diff)
		}
		var iamFiles int
		for _, f := range files {
			if strings.HasPrefix(f.Path, "iam/") {
				iamFiles++
				if !json.Valid(f.Data) {
					t.Errorf("%s: %s is not JSON", mc.name, f.Path)
				}
			}
		}
		if iamFiles == 0 {
			t.Errorf("%s: no iam/ files", mc.name)
		}
		readme := string(files.Get("README.md").Data)
		for _, sec := range []string{"```mermaid", "## Who may do what, and why", "## Run it locally", "## Run it on AWS"} {
			if !strings.Contains(readme, sec) {
				t.Errorf("%s: README has no %q", mc.name, sec)
			}
		}
	}
}

// TestFixturesAreAWSEventShapes decodes the generated handler fixtures with
// aws-lambda-go's events types, so a fixture cannot drift from the shape the
// handler is compiled against.
func TestFixturesAreAWSEventShapes(t *testing.T) {
	c := loadCatalog(t)
	targets := map[string]func() any{
		"sqs-receive-message.json":     func() any { return new(events.SQSEvent) },
		"kinesis-event.json":           func() any { return new(events.KinesisEvent) },
		"dynamodb-stream-event.json":   func() any { return new(events.DynamoDBEvent) },
		"s3-put.json":                  func() any { return new(events.S3Event) },
		"s3-put-kumo.json":             func() any { return new(events.S3Event) },
		"s3-test-event.json":           func() any { return new(events.S3TestEvent) },
		"firehose-event.json":          func() any { return new(events.KinesisFirehoseEvent) },
		"iot-message.json":             func() any { return new(map[string]any) },
		"sns-notification.json":        func() any { return new(events.SNSEvent) },
		"eventbridge-event.json":       func() any { return new(events.EventBridgeEvent) },
		"sns-s3-notification.json":     func() any { return new(events.SNSEvent) },
		"cloudwatch-logs-event.json":   func() any { return new(events.CloudwatchLogsEvent) },
		"cloudwatch-logs-control.json": func() any { return new(events.CloudwatchLogsEvent) },
	}
	seen := map[string]bool{}
	for _, mc := range matrix {
		files, err := Render(newSpec(t, c, mc), c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if !strings.Contains(f.Path, "/testdata/") {
				continue
			}
			base := filepath.Base(f.Path)
			newT, ok := targets[base]
			if !ok {
				t.Errorf("%s: fixture %s has no events type to check against", mc.name, f.Path)
				continue
			}
			seen[base] = true
			dec := json.NewDecoder(bytes.NewReader(f.Data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(newT()); err != nil && !strings.Contains(err.Error(), "unknown field") {
				t.Errorf("%s: %s: %v", mc.name, f.Path, err)
			}
		}
	}
	for name := range targets {
		if !seen[name] {
			t.Errorf("fixture %s is never generated", name)
		}
	}
}

func TestRenderRefusesUngeneratableRoutes(t *testing.T) {
	c := loadCatalog(t)
	s := &spec.Spec{Version: spec.Version, Name: "red", Region: "eu-west-1", Route: []string{"dms-to-s3"}}
	_, err := Render(s, c)
	var ng *spec.NotGeneratableError
	if !errors.As(err, &ng) || len(ng.IDs) != 1 || ng.IDs[0] != "dms-to-s3" {
		t.Fatalf("Render: got %v, want a NotGeneratableError for dms-to-s3", err)
	}
}

// BenchmarkRenderLongestRoute renders (does not build) the longest route of
// the streaming core with a transform: what `wireup new` spends before
// writing.
func BenchmarkRenderLongestRoute(b *testing.B) {
	c := loadCatalog(b)
	mc := matrixCase{"longest", []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}, true}
	s := newSpec(b, c, mc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(s, c); err != nil {
			b.Fatal(err)
		}
	}
}

// lambda.onFailureQueue may name a queue or give an SQS queue or SNS topic
// ARN; the Lambda role's file grants sending to whichever it is.
func TestOnFailureDestinationGrant(t *testing.T) {
	c := loadCatalog(t)
	for dest, want := range map[string]string{
		"orders-failed": `"sqs:SendMessage"`,
		"arn:aws:sns:eu-west-1:111122223333:orders-failed": `"sns:Publish"`,
	} {
		s, err := registry.New(c, "esm", "eu-west-1", []string{"app-to-kinesis", "kinesis-to-lambda"})
		if err != nil {
			t.Fatal(err)
		}
		s.Lambda.OnFailureQueue = dest
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%s: %v", dest, err)
		}
		f := files.Get("iam/role-" + s.Lambda.Role + "-policy.json")
		if f == nil || !bytes.Contains(f.Data, []byte(want)) || !bytes.Contains(f.Data, []byte(":orders-failed\"")) {
			t.Errorf("%s: the Lambda role does not grant %s on orders-failed:\n%s", dest, want, f.Data)
		}
	}
}

// A topic encrypted with a customer managed key: where S3 publishes, the
// project carries the statements to add to the key's policy (S3, for the
// route's bucket only) and the README lists them; where an identity
// publishes (an IoT rule, with its role), the role may use the key, and
// nothing is asked of the key.
func TestTopicCustomerManagedKey(t *testing.T) {
	c := loadCatalog(t)
	const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, route := range [][]string{{"app-to-s3", "s3-to-sns", "sns-to-sqs"}, {"iot-to-sns", "sns-to-sqs"}} {
		s, err := registry.New(c, "cmk", "eu-west-1", route)
		if err != nil {
			t.Fatal(err)
		}
		s.SNS.Encryption, s.SNS.KMSKey = true, key
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%v: %v", route, err)
		}
		kp := files.Get("iam/key-policy-" + s.SNS.Topic + ".json")
		if route[0] == "app-to-s3" {
			readme := files.Get("README.md")
			if kp == nil || !bytes.Contains(kp.Data, []byte(`"s3.amazonaws.com"`)) || !bytes.Contains(kp.Data, []byte(`"arn:aws:s3:::`+s.S3.Bucket+`"`)) ||
				!bytes.Contains(kp.Data, []byte(`"kms:GenerateDataKey"`)) || readme == nil || !bytes.Contains(readme.Data, []byte("iam/key-policy-"+s.SNS.Topic+".json")) {
				t.Errorf("%v: no key policy statements for S3 on the bucket, or the README does not list them", route)
			}
			continue
		}
		if kp != nil {
			t.Errorf("%v: key policy statements where S3 does not publish:\n%s", route, kp.Data)
		}
		if p := files.Get("iam/role-" + s.IoT.Role + "-policy.json"); p == nil || !bytes.Contains(p.Data, []byte(`"kms:GenerateDataKey"`)) || !bytes.Contains(p.Data, []byte(key)) {
			t.Errorf("%v: the IoT rule's role may not use the topic's key", route)
		}
	}
}

// A queue encrypted with a customer managed key: where a service sends to
// it (S3, SNS, EventBridge) the project carries iam/key-policy-<queue>.json
// with that service's statement, which the README names; the producer may
// encrypt with the key (kms:GenerateDataKey), the consumer and Lambda's
// execution role decrypt (kms:Decrypt) with it and no more.
func TestQueueCustomerManagedKey(t *testing.T) {
	c := loadCatalog(t)
	const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, tt := range []struct {
		route     []string
		principal string   // the service the key policy lets send; "" for none
		within    string   // what the key-policy statement is limited to
		policy    string   // an identity policy that uses the key
		actions   []string // its kms actions
	}{
		{[]string{"app-to-s3", "s3-to-sqs"}, "s3.amazonaws.com", `"arn:aws:s3:::cmk-eu-west-1-data"`, "", nil},
		{[]string{"iot-to-sns", "sns-to-sqs"}, "sns.amazonaws.com", `"arn:aws:sns:eu-west-1:`, "", nil},
		{[]string{"eventbridge-to-sqs"}, "events.amazonaws.com", `"arn:aws:events:eu-west-1:`, "", nil},
		{[]string{"app-to-sqs"}, "", "", "iam/producer-policy.json", []string{"kms:Decrypt", "kms:GenerateDataKey"}},
		{[]string{"sqs-to-app"}, "", "", "iam/consumer-policy.json", []string{"kms:Decrypt"}},
		{[]string{"iot-to-sqs"}, "", "", "iam/role-cmk-iot-rule-policy.json", []string{"kms:Decrypt", "kms:GenerateDataKey"}},
		{[]string{"sqs-to-lambda"}, "", "", "iam/role-cmk-lambda-policy.json", []string{"kms:Decrypt"}},
	} {
		s, err := registry.New(c, "cmk", "eu-west-1", tt.route)
		if err != nil {
			t.Fatal(err)
		}
		s.SQS.Encryption, s.SQS.KMSKey = true, key
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%v: %v", tt.route, err)
		}
		name := "iam/key-policy-" + s.SQS.Queue + ".json"
		kp, readme := files.Get(name), files.Get("README.md")
		switch {
		case tt.principal == "" && kp != nil:
			t.Errorf("%v: key policy statements where no service sends:\n%s", tt.route, kp.Data)
		case tt.principal != "" && (kp == nil || !bytes.Contains(kp.Data, []byte(`"`+tt.principal+`"`)) || !bytes.Contains(kp.Data, []byte(tt.within)) ||
			!bytes.Contains(kp.Data, []byte(`"kms:GenerateDataKey"`)) || readme == nil || !bytes.Contains(readme.Data, []byte(name))):
			t.Errorf("%v: no key policy statements for %s limited to %s, or the README does not list %s", tt.route, tt.principal, tt.within, name)
		}
		pl, err := registry.Plan(s, c, plan.Env{Partition: "aws", Region: "eu-west-1", AccountID: "111122223333"})
		if err != nil {
			t.Fatalf("%v: plan: %v", tt.route, err)
		}
		var provide string
		if r := pl.Resource(plan.IDQueuePolicy); r != nil {
			provide = r.Settings[plan.SettingYouProvide]
		}
		if want := tt.principal != ""; want != (strings.Contains(provide, key) && strings.Contains(provide, "iam/"+plan.KeyPolicyFile(s.SQS.Queue))) {
			t.Errorf("%v: the plan's 'you provide' line is %q; want it to name the key and its file: %t", tt.route, provide, want)
		}
		if files.Get("iam/key-policy-"+s.SQS.DeadLetterQueue+".json") != nil {
			t.Errorf("%v: key policy statements for the dead-letter queue, which stays SSE-SQS", tt.route)
		}
		if tt.policy == "" {
			continue
		}
		p := files.Get(tt.policy)
		if p == nil {
			var paths []string
			for _, f := range files {
				paths = append(paths, f.Path)
			}
			t.Fatalf("%v: no %s in %v", tt.route, tt.policy, paths)
		}
		var doc iam.Document
		if err := json.Unmarshal(p.Data, &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, st := range doc.Statement {
			for _, r := range st.Resource {
				if r == key {
					got = append(got, st.Action...)
				}
			}
		}
		slices.Sort(got)
		if d := cmp.Diff(tt.actions, got); d != "" {
			t.Errorf("%v: %s actions on the queue's key (-want +got):\n%s", tt.route, tt.policy, d)
		}
	}
}

// wireup verify proves a Lambda hop on AWS by finding the canary's id in the
// function's CloudWatch Logs, so every generated handler must log the id of
// each event it processes.
func TestHandlerLogsEventID(t *testing.T) {
	c := loadCatalog(t)
	for _, route := range [][]string{{"sqs-to-lambda"}, {"app-to-kinesis", "kinesis-to-lambda"}, {"dynamodb-to-lambda"}, {"s3-to-lambda"}, {"iot-to-lambda"}} {
		s, err := registry.New(c, "logs", "eu-west-1", route)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%v: %v", route, err)
		}
		main := files.Get("cmd/handler/main.go")
		if main == nil || !bytes.Contains(main.Data, []byte(`logger.InfoContext(ctx, "event", "id", e.ID`)) {
			t.Errorf("%v: cmd/handler/main.go does not log each event's id", route)
		}
	}
}

// TestIAMFilesArePlanPolicies checks the generated iam/ files against the
// plan `wireup deploy` applies (with the placeholder account): every
// policy the plan carries is a file, byte for byte, and every file but the
// application identities' (which wireup does not deploy) is one the plan
// carries, so the documented and the deployed policies cannot drift.
func TestIAMFilesArePlanPolicies(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		s := newSpec(t, c, mc)
		files, err := Render(s, c)
		if err != nil {
			t.Fatal(err)
		}
		p, err := registry.Plan(s, c, plan.Env{Region: s.Region, AccountID: PlaceholderAccount})
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		fromPlan := map[string]bool{}
		for _, r := range p.Resources {
			for _, doc := range []json.RawMessage{r.Trust, r.Policy, r.KeyPolicy} {
				if len(doc) == 0 {
					continue
				}
				found := false
				for _, f := range files {
					if strings.HasPrefix(f.Path, "iam/") && bytes.Equal(f.Data, doc) {
						fromPlan[f.Path], found = true, true
					}
				}
				if !found {
					t.Errorf("%s: the plan's %s carries a policy no iam/ file shows:\n%s", mc.name, r.ID, doc)
				}
			}
		}
		identities := map[string]bool{"iam/producer-policy.json": true, "iam/consumer-policy.json": true, "iam/integration-test-policy.json": true}
		for _, g := range registry.Generators() {
			for _, cmd := range g.Commands {
				identities["iam/"+cmd.Name+"-policy.json"] = true // who runs cmd/<name>
			}
		}
		for _, f := range files {
			if strings.HasPrefix(f.Path, "iam/") && !fromPlan[f.Path] && !identities[f.Path] {
				t.Errorf("%s: %s is no policy of the plan", mc.name, f.Path)
			}
		}
	}
}

// TestTemplatesMatchGenerators checks each service's template folder
// against what its generate.go says: a template for every role it claims,
// none for a role it does not, and no folder of a service the generator
// does not know (a typo in a folder name would otherwise be dead code).
func TestTemplatesMatchGenerators(t *testing.T) {
	known := map[string]bool{"project": true, "producer": true, "consumer": true, "handler": true, "transform": true}
	for _, g := range registry.Generators() {
		known[g.ID] = true
		for _, tt := range []struct {
			file string
			want bool
		}{
			{"producer.go.tmpl", g.Produce != nil},
			{"producer.md.tmpl", g.Produce != nil},
			{"consumer.go.tmpl", g.Read != nil},
			{"handler.go.tmpl", g.Handle},
			{"handler_test.go.tmpl", g.Handle},
		} {
			if got := exists(g.ID + "/" + tt.file); got != tt.want {
				t.Errorf("%s: templates/%s/%s exists: %v, its generate.go says %v", g.ID, g.ID, tt.file, got, tt.want)
			}
		}
		if g.Handle && len(fixtures(g.ID+"/testdata")) == 0 {
			t.Errorf("%s: a handler without fixtures in templates/%s/testdata/", g.ID, g.ID)
		}
	}
	ents, err := fs.ReadDir(templates.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() && !known[e.Name()] {
			t.Errorf("templates/%s/ is no service's folder: no generator has the id %s", e.Name(), e.Name())
		}
	}
}

// Every generatable hop that may start a route renders as a project of its
// own (spec.New completes what the route needs after it), and one that may
// not is refused by spec.New before any rendering: no route the catalog
// calls generatable ends in a renderer error.
func TestTemplatesRenderEverySingleHop(t *testing.T) {
	c := loadCatalog(t)
	for _, in := range c.Integrations {
		if !in.Generate {
			continue
		}
		s, err := registry.New(c, "solo", "us-east-1", []string{in.ID})
		if !in.StartsRoute() {
			if err == nil {
				t.Errorf("%s cannot start a route, but spec.New accepts it alone", in.ID)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: spec.New: %v", in.ID, err)
			continue
		}
		if _, err := Render(s, c); err != nil {
			t.Errorf("%s alone: %v", in.ID, err)
		}
	}
}
