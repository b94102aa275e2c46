package e2e

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/service/registry"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// routeCase is one generated project of the matrix.
type routeCase struct {
	route     []string // integration ids, source first
	transform bool     // wireup new --transform: a Firehose Lambda transform
	// brokenSpec: before destroy, wireup.yaml is overwritten with text
	// that does not parse; destroy must still remove everything from the
	// state alone.
	brokenSpec bool
	// stopsBefore: on a target that cannot deploy the route, `wireup
	// deploy` must still stop before creating anything, saying this
	// (QuickSight's subscription check), instead of the route being
	// skipped.
	stopsBefore string
	// tokenEnv: deploy reads a secret from this environment variable
	// (Splunk's HEC token); without it deploy must stop before creating
	// anything, naming the variable.
	tokenEnv string
}

// routeCases are the routes TestEmulatorGeneratedProjects generates and
// deploys: every single hop of the streaming core wireup can deploy
// somewhere, and the multi-hop routes the generator issue names.
var routeCases = []routeCase{
	{route: []string{"app-to-sqs"}},
	{route: []string{"app-to-firehose", "firehose-to-http-endpoint"}},
	{route: []string{"app-to-firehose", "firehose-to-splunk"}, tokenEnv: spec.SplunkTokenEnv},
	{route: []string{"app-to-kinesis"}},
	{route: []string{"app-to-dynamodb"}},
	{route: []string{"app-to-s3"}},
	{route: []string{"app-to-iot"}},
	{route: []string{"app-to-firehose", "firehose-to-s3"}},
	{route: []string{"app-to-firehose", "firehose-to-s3"}, transform: true},
	// The canary reaches the queue inside an object Firehose named: verify
	// reads the notified object.
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-sqs"}},
	{route: []string{"s3-to-sqs"}},
	{route: []string{"s3-to-sqs"}, brokenSpec: true},
	{route: []string{"s3-to-sns", "sns-to-sqs"}},
	{route: []string{"sns-to-sqs"}},
	{route: []string{"kinesis-to-app"}},
	{route: []string{"sqs-to-app"}},
	{route: []string{"s3-to-lambda"}},
	{route: []string{"sns-to-lambda"}},
	{route: []string{"s3-to-sns", "sns-to-lambda"}},
	{route: []string{"sqs-to-lambda"}},
	{route: []string{"kinesis-to-lambda"}},
	{route: []string{"app-to-kinesis", "kinesis-to-lambda"}},
	{route: []string{"dynamodb-to-lambda"}},
	{route: []string{"iot-to-sqs"}},
	{route: []string{"iot-to-lambda"}},
	{route: []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}},
	{route: []string{"eventbridge-to-sqs"}},
	{route: []string{"eventbridge-to-sqs", "sqs-to-lambda"}},
	{route: []string{"eventbridge-to-lambda"}},
	{route: []string{"eventbridge-to-kinesis"}},
	{route: []string{"eventbridge-to-firehose", "firehose-to-s3"}},
	{route: []string{"cloudwatch-logs-to-firehose", "firehose-to-s3"}},
	{route: []string{"cloudwatch-logs-to-kinesis"}},
	{route: []string{"cloudwatch-logs-to-kinesis", "kinesis-to-lambda"}},
	{route: []string{"cloudwatch-logs-to-lambda"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"}},
	{route: []string{"dynamodb-to-glue", "glue-to-athena"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}, stopsBefore: "nothing was created"},
	{route: []string{"app-to-s3", "s3-to-sagemaker"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-sagemaker"}},
	{route: []string{"glue-to-s3"}},
	{route: []string{"s3-to-emr"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-emr"}},
	{route: []string{"dynamodb-to-emr", "emr-to-s3"}},
	{route: []string{"iot-to-opensearch"}},
	{route: []string{"app-to-firehose", "firehose-to-opensearch"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift-spectrum"}},
	{route: []string{"dynamodb-to-glue", "glue-to-redshift", "redshift-to-s3"}},
	{route: []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}, stopsBefore: "nothing was created"},
	{route: []string{"app-to-firehose", "firehose-to-redshift"}},
	{route: []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"}, stopsBefore: "nothing was created"},
}

func (c routeCase) String() string {
	s := strings.Join(c.route, "+")
	if c.transform {
		s += "+transform"
	}
	if c.brokenSpec {
		s += "+brokenspec"
	}
	return s
}

// hops are the integrations whose capabilities decide what the target can
// prove for the whole route: the route, plus the transform when there is
// one (as `wireup verify` counts it).
func (c routeCase) hops() []string {
	if c.transform {
		return append(slices.Clone(c.route), "firehose-transform-lambda")
	}
	return c.route
}

// readWait is how long the integration test and the consumer wait for
// events: longer than the 60 s visibility timeout of the generated queues
// (see TestEmulatorGeneratedProjects).
const readWait = 75 * time.Second

// suite is what every subtest shares: the target, the built wireup binary
// and the environment the commands run with.
type suite struct {
	target  targets.Target
	table   targets.Table // the capability rows (registry.Targets)
	wireup  string
	cfg     aws.Config
	catalog *catalog.Catalog
	env     []string
}

// TestEmulatorGeneratedProjects generates a project per route with the
// real wireup binary, deploys it, runs the project's own integration test,
// producer and consumer against the emulator, then verifies (exit 0 where
// the target moves the data, 3 with the reason where it does not), checks
// status, destroys and lists the target to prove nothing is left.
func TestEmulatorGeneratedProjects(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator test: start the emulators with `make emulators`, then run\n" +
			"  AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -count=1 -run TestEmulatorGeneratedProjects ./internal/e2e\n" +
			"  AWS_ENDPOINT_URL=http://127.0.0.1:4566 WIREUP_TARGET=kumo go test -count=1 -run TestEmulatorGeneratedProjects ./internal/e2e")
	}
	ctx := context.Background()
	tg, err := targets.Parse(os.Getenv("WIREUP_TARGET"))
	if err != nil {
		if tg, err = targets.Detect(ctx, ep, nil); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	table, err := registry.Targets()
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{target: tg, table: table, cfg: cfg, catalog: c, wireup: filepath.Join(t.TempDir(), "wireup")}
	// Generated projects build from the module cache: -mod=readonly and no
	// proxy, so a go.mod or go.sum that needs anything new fails here.
	goflags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -mod=readonly")
	// The integration test waits longer than the queues' 60 s visibility
	// timeout: the SDK (smithy-go v1.28.9) sometimes loses a
	// ReceiveMessage response that arrives while it is still writing the
	// request, and retries, and the messages of the lost response come
	// back only when their visibility timeout ends, as on AWS.
	s.env = append(os.Environ(), "AWS_ENDPOINT_URL="+ep, "WIREUP_TARGET="+string(tg),
		"GOFLAGS="+goflags, "GOPROXY=off", "GOWORK=off", "NO_COLOR=1", "INTEGRATION_WAIT="+readWait.String(),
		// A stand-in HEC token: moto sends nothing to Splunk.
		spec.SplunkTokenEnv+"=e2e-stand-in-hec-token")
	start := time.Now()
	build := exec.Command("go", "build", "-o", s.wireup, "github.com/wireup/wireup/cmd/wireup")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build wireup: %v\n%s", err, out)
	}
	t.Logf("built wireup in %s; target %s at %s", time.Since(start).Round(time.Millisecond), tg, ep)
	for _, rc := range routeCases {
		t.Run(rc.String(), func(t *testing.T) {
			t.Parallel()
			s.runRoute(t, rc)
		})
	}
}

// project is a generated project on disk.
type project struct {
	dir       string
	spec      *spec.Spec
	services  []string // catalog ids along the route, source first
	destroyed bool
}

func (s *suite) runRoute(t *testing.T, rc routeCase) {
	capab := s.table.Route(s.target, rc.hops())
	if !capab.Deploy && rc.stopsBefore != "" {
		// The stop is the last hop's check: where the hops before it cannot
		// deploy either (kumo has no Athena), there is nothing to stop.
		if before := s.table.Route(s.target, rc.route[:len(rc.route)-1]); !before.Deploy {
			t.Skipf("%s cannot deploy the hops before the last: %s", s.target, before.DeployReason)
		}
		s.deployStops(t, rc, capab)
		return
	}
	if !capab.Deploy {
		t.Skipf("%s cannot deploy this route: %s", s.target, capab.DeployReason)
	}
	p := s.generate(t, rc)
	// A failed step must still leave nothing behind.
	t.Cleanup(func() {
		if !p.destroyed {
			s.destroy(t, p)
		}
	})
	must := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	if rc.tokenEnv != "" {
		must("deploy-without-token", func(t *testing.T) { s.deployWithout(t, p, rc.tokenEnv) })
	}
	must("deploy", func(t *testing.T) {
		s.wantExit(t, p.dir, 0, "deploy")
		_, errOut := s.wantExit(t, p.dir, 0, "deploy")
		if !strings.Contains(errOut, "No changes") {
			t.Errorf("second deploy changed something:\n%s", errOut)
		}
	})
	t.Run("status", func(t *testing.T) {
		s.wantExit(t, p.dir, 0, "status", "--exit-code")
	})
	if _, err := os.Stat(filepath.Join(p.dir, "cmd", "receiver")); err == nil && capab.Data {
		// The delivery stream posts to the project's cmd/receiver on
		// 127.0.0.1: verify finds the canary there. moto sends no access
		// key, so the receiver runs without that check.
		s.startReceiver(t, p)
	}
	t.Run("verify", func(t *testing.T) {
		if capab.Data {
			out, _ := s.wantExit(t, p.dir, 0, "verify", "--timeout", "20s")
			t.Log(strings.TrimSpace(out))
			return
		}
		out, errOut := s.wantExit(t, p.dir, int(cmdutil.ExitUnverified), "verify", "--timeout", "20s", "--json")
		if want := "wired, data flow not verifiable on " + string(s.target) + ": " + capab.DataReason; !strings.Contains(errOut, want) {
			t.Errorf("verify exit 3 without the reason %q:\n%s", want, errOut)
		}
		// A table a delivery stream fills, queried by Athena at the end.
		if g := p.spec.Glue; g != nil && g.Table != "" && p.spec.Firehose != nil && s.target == targets.Moto &&
			strings.HasSuffix(rc.route[len(rc.route)-1], "s3-to-athena") {
			s.wantStandIn(t, out)
		}
	})
	// The producer sends into the first AWS service on the route.
	canSend, whyNot := registry.Producer(s.target, rc.route)
	t.Run("integration", func(t *testing.T) {
		if !canSend {
			t.Skipf("the integration test sends with the generated producer: %s", whyNot)
		}
		s.integration(t, p, rc)
	})
	var ids []string
	t.Run("producer", func(t *testing.T) {
		if !canSend {
			t.Skip(whyNot)
		}
		ids = s.produce(t, p)
	})
	if g := p.spec.Glue; g != nil && g.Table != "" && s.target == targets.Moto {
		// Evidence, not verification: verify has already exited 3.
		t.Run("lakecheck", func(t *testing.T) {
			if len(ids) == 0 {
				t.Skip("no events to check: the producer failed")
			}
			s.lakecheck(t, p, ids[0])
		})
	}
	if p.spec.SageMaker != nil && !capab.Data {
		t.Run("train", func(t *testing.T) {
			// cmd/train reads the events the route wrote into the bucket.
			into := s.table.Route(s.target, rc.route[:len(rc.route)-1])
			switch {
			case !into.Data:
				t.Skipf("no events in the bucket to train on: %s", into.DataReason)
			case len(ids) == 0:
				t.Skip("no events to train on: the producer failed")
			}
			s.train(t, p)
		})
	}
	if _, err := os.Stat(filepath.Join(p.dir, "cmd", "consumer")); err == nil {
		t.Run("consumer", func(t *testing.T) {
			switch {
			case !canSend:
				t.Skipf("no events to read: %s", whyNot)
			case !capab.Data:
				t.Skipf("the consumer reads %s, past every hop, and %s does not move data on this route: %s",
					p.services[len(p.services)-1], s.target, capab.DataReason)
			case len(ids) == 0:
				t.Skip("no events to read: the producer failed")
			}
			s.consume(t, p, ids)
		})
	}
	must("destroy", func(t *testing.T) {
		if rc.brokenSpec {
			if err := os.WriteFile(filepath.Join(p.dir, spec.FileName), []byte("route: [\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			// status needs the spec; destroy does not.
			s.wantExit(t, p.dir, int(cmdutil.ExitUsage), "status")
			_, errOut := s.wantExit(t, p.dir, 0, "destroy")
			if !strings.Contains(errOut, "the spec cannot be used") {
				t.Errorf("destroy without a usable spec did not say so:\n%s", errOut)
			}
			p.destroyed = true
			s.noLeftovers(t, p)
			return
		}
		s.destroy(t, p)
	})
}

// deployStops checks that `wireup deploy` of a route the target cannot
// deploy stops before it creates anything, saying why, and that destroy
// then finds nothing to remove.
func (s *suite) deployStops(t *testing.T, rc routeCase, capab targets.Capability) {
	p := s.generate(t, rc)
	code, _, errOut := s.run(t, p.dir, 4*time.Minute, s.wireup, "deploy")
	if code == 0 || !strings.Contains(errOut, rc.stopsBefore) {
		t.Errorf("deploy on %s (%s): exit %d, want a failure saying %q:\n%s", s.target, capab.DeployReason, code, rc.stopsBefore, errOut)
	}
	s.destroy(t, p)
}

// generate runs `wireup new` for the route. On kumo, which has no
// StartStreamEncryption and no UpdateContinuousBackups, the stream's
// encryption and the table's point-in-time recovery are turned off in
// wireup.yaml, as the deploy banner tells users to.
func (s *suite) generate(t *testing.T, rc routeCase) *project {
	t.Helper()
	root := t.TempDir()
	name := projectName(t, s.catalog, rc)
	args := []string{"new", "--route", strings.Join(rc.route, ","), "--name", name, "--dir", filepath.Join(root, name), "--no-prompt"}
	if rc.transform {
		args = append(args, "--transform")
	}
	s.wantExit(t, root, 0, args...)
	p := &project{dir: filepath.Join(root, name)}
	file := filepath.Join(p.dir, spec.FileName)
	sp, err := spec.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p.spec, p.services = sp, sp.Services(s.catalog)
	edited := false
	for _, n := range registry.SpecNotes(s.target, sp) {
		switch n.Setting {
		case "kinesis.encryption":
			sp.Kinesis.Encryption = false
		case "dynamodb.pointInTimeRecovery":
			sp.DynamoDB.PointInTimeRecovery = false
		case "redshift.mode: serverless":
			// moto has no Redshift Serverless: a single-node cluster, as
			// the banner tells users to.
			sp.Redshift.Mode = spec.RedshiftProvisioned
			t.Logf("%s: deploying with redshift.mode: provisioned", n.Note)
			edited = true
			continue
		default:
			continue
		}
		t.Logf("%s: deploying with %s: false", n.Note, n.Setting)
		edited = true
	}
	if edited {
		b, err := sp.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// projectName is unique per run and short enough for every derived name.
func projectName(t *testing.T, c *catalog.Catalog, rc routeCase) string {
	short := map[string]string{"kinesis": "kin", "firehose": "fh", "dynamodb": "ddb", "lambda": "fn", "eventbridge": "eb", "cloudwatch-logs": "cwl", "quicksight": "qs", "opensearch": "os"}
	parts := []string{"e2e"}
	for i, id := range rc.route {
		in := c.Integration(id)
		if in == nil {
			t.Fatalf("unknown integration %s", id)
		}
		if i == 0 {
			parts = append(parts, cmp.Or(short[in.From], in.From))
		}
		parts = append(parts, cmp.Or(short[in.To], in.To))
	}
	if rc.transform {
		parts = append(parts, "tf")
	}
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return strings.Join(append(parts, hex.EncodeToString(b)), "-")
}

// readback mirrors the generator's choice of where the integration test
// reads its events back (render's Project.Readback): the first readable
// service after the producer's target that no Lambda drains, else the
// target itself. It returns that service and the hops the events cross to
// get there; "" when the test only checks that every send succeeded.
func readback(services, route []string) (string, []string) {
	readable := func(i int) bool {
		switch services[i] {
		case "s3":
			// What Athena (query results) or a Glue job (Parquet) writes
			// into a bucket is not the project's events.
			return i == 0 || (services[i-1] != "athena" && services[i-1] != "glue")
		case "kinesis", "dynamodb", "opensearch":
			return true
		case "sqs":
			return i+1 == len(services) || services[i+1] != "lambda"
		}
		return false
	}
	first := 0
	if services[0] == "app" {
		first = 1
	}
	// What a results-only service writes (Athena's results, EMR's
	// aggregate) is not the events: nothing after it is read back.
	resultsOnly := map[string]bool{}
	for _, g := range registry.Generators() {
		resultsOnly[g.ID] = g.ResultsOnly
	}
	for i := first + 1; i < len(services) && !resultsOnly[services[i-1]]; i++ {
		if readable(i) {
			return services[i], route[:i]
		}
	}
	if readable(first) {
		return services[first], route[:first]
	}
	return "", nil
}

// integration runs the generated project's integration test where the
// target moves its events from the producer to where the test reads them.
func (s *suite) integration(t *testing.T, p *project, rc routeCase) {
	svc, hops := readback(p.services, rc.route)
	src, err := os.ReadFile(filepath.Join(p.dir, "cmd", "producer", "integration_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := "checks that every send succeeded"
	if svc != "" {
		want = "reads them back from " + s.catalog.Service(svc).Name
	}
	if !strings.Contains(string(src), want) {
		t.Fatalf("the generated integration test does not say it %s: readback() no longer mirrors the generator", want)
	}
	if rc.transform && slices.Contains(hops, "firehose-to-s3") {
		hops = append(hops, "firehose-transform-lambda")
	}
	if c := s.table.Route(s.target, hops); !c.Data {
		t.Skipf("the integration test reads its events back from %s and %s does not move them there: %s", svc, s.target, c.DataReason)
	}
	code, out, errOut := s.run(t, p.dir, 4*time.Minute, "go", "test", "-count=1", "-run", "Integration", "-v", "./...")
	if code != 0 || !strings.Contains(out, "--- PASS: TestIntegration") {
		t.Fatalf("go test -run Integration: exit %d, want a passing TestIntegration:\n%s%s", code, out, errOut)
	}
}

// produce runs `go run ./cmd/producer` and returns the event ids it
// printed.
func (s *suite) produce(t *testing.T, p *project) []string {
	const n = 5
	code, out, errOut := s.run(t, p.dir, 2*time.Minute, "go", "run", "./cmd/producer", "-n", "5")
	if code != 0 {
		t.Fatalf("producer: exit %d:\n%s%s", code, out, errOut)
	}
	ids := strings.Fields(out)
	if len(ids) != n {
		t.Fatalf("producer printed %d ids, want %d:\n%s", len(ids), n, out)
	}
	return ids
}

// wantStandIn wants verify's JSON report to hold the DuckDB stand-in
// check of the route's table, passed where make test built lakecheck
// (WIREUP_LAKECHECK), skipped with how to install it where not.
func (s *suite) wantStandIn(t *testing.T, out string) {
	t.Helper()
	var rep struct {
		Hops   []struct{ Path string }
		Checks []struct{ Name, Status, Detail string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("verify --json: %v\n%s", err, out)
	}
	want := "skipped"
	if _, err := os.Stat(os.Getenv("WIREUP_LAKECHECK")); err == nil {
		want = "passed"
	}
	if len(rep.Checks) != 1 || rep.Checks[0].Status != want || len(rep.Hops) == 0 {
		t.Fatalf("verify's stand-in check: want one %s check after the hops up to the bucket, got %s", want, out)
	}
	t.Logf("stand-in: %s %s: %s", rep.Checks[0].Name, rep.Checks[0].Status, rep.Checks[0].Detail)
}

// lakecheck reads the objects Firehose wrote with the DuckDB stand-in
// (tools/lakecheck, a module of its own because DuckDB needs cgo) against
// the deployed Glue table, and wants event id among them. Without cgo or
// the module's dependencies in the cache it is skipped, saying how to get
// them.
func (s *suite) lakecheck(t *testing.T, p *project, id string) {
	bin := os.Getenv("WIREUP_LAKECHECK")
	if _, err := os.Stat(bin); err != nil {
		_, file, _, _ := runtime.Caller(0)
		tool := filepath.Join(filepath.Dir(file), "..", "..", "tools", "lakecheck")
		bin = filepath.Join(t.TempDir(), "lakecheck")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir, build.Env = tool, append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off", "CGO_ENABLED=1")
		if out, err := build.CombinedOutput(); err != nil {
			t.Skipf("the DuckDB stand-in is not built (%v): it needs cgo and its modules, `make .bin/lakecheck`\n%s", err, out)
		}
	}
	// The objects take a moment to appear after the producer's sends.
	deadline := time.Now().Add(readWait)
	for {
		code, out, errOut := s.run(t, p.dir, 2*time.Minute, bin, "-region", p.spec.Region, "-database", p.spec.Glue.Database, "-table", p.spec.Glue.Table, "-canary", id)
		if code == 0 {
			t.Log(strings.TrimSpace(out))
			return
		}
		if time.Now().After(deadline) || !strings.Contains(out+errOut, "canary not found") && !strings.Contains(errOut, "no objects") {
			t.Fatalf("lakecheck: exit %d:\n%s%s", code, out, errOut)
		}
		time.Sleep(2 * time.Second)
	}
}

// train runs the generated cmd/train on a target that trains nothing: it
// converts the producer's events to CSV, starts the training job, and
// must exit 3 because the job reports Completed with no model object; the
// CSV must be in the bucket, label first and without a header. Verify
// then still exits 3 with the target's reason: a status is no proof.
func (s *suite) train(t *testing.T, p *project) {
	// Built, not `go run`: go run reports every failing exit as 1.
	bin := filepath.Join(t.TempDir(), "train")
	if code, out, errOut := s.run(t, p.dir, 3*time.Minute, "go", "build", "-o", bin, "./cmd/train"); code != 0 {
		t.Fatalf("build cmd/train: exit %d:\n%s%s", code, out, errOut)
	}
	code, out, errOut := s.run(t, p.dir, 3*time.Minute, bin)
	if code != 3 || !strings.Contains(errOut, "no model artifact") || !strings.Contains(errOut, "wired, not verifiable") {
		t.Fatalf("cmd/train: exit %d, want 3 (no model artifact):\n%s%s", code, out, errOut)
	}
	t.Log(strings.TrimSpace(errOut))
	m := p.spec.SageMaker
	key := m.TrainPrefix + "train.csv"
	obj, err := s3.NewFromConfig(s.cfg, svcs3.ClientOptions(s.cfg)).GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(p.spec.S3.Bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("the CSV cmd/train wrote: %v", err)
	}
	defer obj.Body.Close()
	b, _ := io.ReadAll(obj.Body)
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(rows) < 5 || strings.HasPrefix(rows[0], "value") || strings.Count(rows[0], ",") != 4 {
		t.Errorf("s3://%s/%s is not 5+ CSV rows of 5 columns without a header:\n%s", p.spec.S3.Bucket, key, b)
	}
	capab := s.table.Route(s.target, p.spec.Route)
	_, verr := s.wantExit(t, p.dir, int(cmdutil.ExitUnverified), "verify", "--timeout", "20s")
	if !strings.Contains(verr, capab.DataReason) {
		t.Errorf("verify after a training run exit 3 without the reason %q:\n%s", capab.DataReason, verr)
	}
}

// consume runs the generated consumer until it has printed every event the
// producer sent, then interrupts it as Ctrl-C would: it must exit 0. Where
// what arrives are S3 event notifications, the lines of the notifications
// (eventName set) do not count: each event must be printed as a record of
// the object it is in, which the consumer gets.
func (s *suite) consume(t *testing.T, p *project, ids []string) {
	bin := filepath.Join(t.TempDir(), "consumer")
	if code, out, errOut := s.run(t, p.dir, 2*time.Minute, "go", "build", "-o", bin, "./cmd/consumer"); code != 0 {
		t.Fatalf("build consumer: exit %d:\n%s%s", code, out, errOut)
	}
	ctx, cancel := context.WithTimeout(context.Background(), readWait+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-for", readWait.String())
	cmd.Dir, cmd.Env = p.dir, s.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	sc := bufio.NewScanner(stdout)
	for len(want) > 0 && sc.Scan() {
		var e printedLine
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Errorf("consumer printed a line that is not an event: %q", sc.Text())
			continue
		}
		if e.EventName == "" {
			delete(want, e.ID)
		}
	}
	if len(want) == 0 {
		t.Logf("consumer printed all %d events in %s", len(ids), time.Since(start).Round(time.Millisecond))
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
	}
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(discard{}) }()
	err = cmd.Wait()
	if len(want) > 0 {
		t.Fatalf("consumer ended (%v) without %d of the %d events the producer sent:\n%s", err, len(want), len(ids), stderr.String())
	}
	if err != nil {
		t.Errorf("consumer after Ctrl-C: %v, want exit 0:\n%s", err, stderr.String())
	}
}

// printedLine is what the e2e tests read of a line cmd/consumer prints:
// an event (its id), or an S3 notification (eventName set; its id is the
// one in the key, not proof the object was read).
type printedLine struct {
	ID        string `json:"id"`
	EventName string `json:"eventName"`
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// destroy runs `wireup destroy` and lists the target for anything named
// for the project.
func (s *suite) destroy(t *testing.T, p *project) {
	t.Helper()
	s.wantExit(t, p.dir, 0, "destroy")
	p.destroyed = true
	s.noLeftovers(t, p)
}

// noLeftovers lists the target for anything named for the project.
func (s *suite) noLeftovers(t *testing.T, p *project) {
	t.Helper()
	left, err := leftovers(context.Background(), s.cfg, p.spec)
	if err != nil {
		t.Errorf("list what is left: %v", err)
	}
	for _, l := range left {
		t.Errorf("left after destroy: %s", l)
	}
}

// wantExit runs wireup with args in dir and fails unless it exits with
// code; it returns stdout and stderr.
func (s *suite) wantExit(t *testing.T, dir string, code int, args ...string) (string, string) {
	t.Helper()
	got, out, errOut := s.run(t, dir, 4*time.Minute, s.wireup, args...)
	if got != code {
		t.Fatalf("wireup %s: exit %d, want %d:\n%s%s", strings.Join(args, " "), got, code, out, errOut)
	}
	return out, errOut
}

// run runs a command in dir with the suite's environment and returns its
// exit code, stdout and stderr.
func (s *suite) run(t *testing.T, dir string, timeout time.Duration, name string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, s.env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", filepath.Base(name), strings.Join(args, " "), err)
	}
	t.Logf("%s %s: exit %d in %s", filepath.Base(name), strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond))
	return code, out.String(), errOut.String()
}

// startReceiver builds and starts the project's cmd/receiver on its
// loopback port, with --insecure-no-access-key (only for an emulator,
// which sends no access key), until the test ends.
func (s *suite) startReceiver(t *testing.T, p *project) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "receiver")
	if code, stdout, stderr := s.run(t, p.dir, 4*time.Minute, "go", "build", "-o", bin, "./cmd/receiver"); code != 0 {
		t.Fatalf("build cmd/receiver: exit %d\n%s%s", code, stdout, stderr)
	}
	cmd := exec.Command(bin, "--insecure-no-access-key")
	cmd.Dir, cmd.Env = p.dir, s.env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cmd/receiver: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("cmd/receiver:\n%s", out.String())
	})
	addr := fmt.Sprintf("127.0.0.1:%d", p.spec.HTTPEndpoint.LocalPort)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("cmd/receiver does not listen on %s:\n%s", addr, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// deployWithout runs `wireup deploy` with environment variable name
// unset: it must fail naming the variable, and create nothing.
func (s *suite) deployWithout(t *testing.T, p *project, name string) {
	env := slices.DeleteFunc(slices.Clone(s.env), func(kv string) bool { return strings.HasPrefix(kv, name+"=") })
	cmd := exec.Command(s.wireup, "deploy")
	cmd.Dir, cmd.Env = p.dir, env
	var errOut strings.Builder
	cmd.Stderr = &errOut
	if err := cmd.Run(); err == nil || !strings.Contains(errOut.String(), name+" is not set") {
		t.Fatalf("deploy without %s: %v, want a failure naming it:\n%s", name, err, errOut.String())
	}
	s.noLeftovers(t, p)
}
