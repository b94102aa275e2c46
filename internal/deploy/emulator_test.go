package deploy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	iamsvc "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	svciam "github.com/wireup/wireup/internal/service/iam"
	"github.com/wireup/wireup/internal/service/lambda/eventsource"
	"github.com/wireup/wireup/internal/service/registry"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
	"github.com/wireup/wireup/internal/verify"
)

// coreRoutes are the routes of the generator issue that the emulator tests
// deploy on every target.
var coreRoutes = [][]string{
	{"s3-to-sqs"},
	{"s3-to-sns", "sns-to-sqs"},
	{"sns-to-sqs"},
	{"app-to-kinesis"},
	{"app-to-firehose", "firehose-to-s3"},
	{"kinesis-to-firehose", "firehose-to-s3"},
	{"iot-to-kinesis"}, {"iot-to-firehose", "firehose-to-s3"}, {"iot-to-sqs"}, {"iot-to-sns"},
	{"iot-to-s3"}, {"iot-to-dynamodb"}, {"iot-to-lambda"},
	{"cloudwatch-logs-to-firehose", "firehose-to-s3"}, {"cloudwatch-logs-to-kinesis"}, {"cloudwatch-logs-to-lambda"},
	{"sqs-to-lambda"},
	{"kinesis-to-lambda"},
	{"dynamodb-to-lambda"},
	{"s3-to-lambda"},
}

// emulator is the target of an emulator test run.
type emulator struct {
	endpoint string
	target   targets.Target
	clients  *clients
	kinds    service.Kinds
	probes   map[string]service.Probe
	table    targets.Table // the capability rows (registry.Targets)
	info     TargetInfo
}

// clients are SDK clients of their own on the emulator, for what a user
// does behind wireup's back; the engine acts through em.kinds and
// em.probes only.
type clients struct {
	S3     *s3.Client
	SQS    *sqs.Client
	SNS    *sns.Client
	Lambda *lambda.Client
	IAM    *iamsvc.Client
	Logs   *cloudwatchlogs.Client
}

func newClients(cfg aws.Config) *clients {
	return &clients{
		S3:     s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg)),
		SQS:    sqs.NewFromConfig(cfg),
		SNS:    sns.NewFromConfig(cfg),
		Lambda: lambda.NewFromConfig(cfg),
		IAM:    iamsvc.NewFromConfig(cfg),
		Logs:   cloudwatchlogs.NewFromConfig(cfg),
	}
}

// needEmulator skips the test unless AWS_ENDPOINT_URL names an emulator.
func needEmulator(t testing.TB) *emulator {
	t.Helper()
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need an emulator: run `make emulators`, then `AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -run Emulator ./...` (or :4566 and kumo)")
	}
	ctx := context.Background()
	tg := targets.Target(os.Getenv("WIREUP_TARGET"))
	if tg == "" {
		var err error
		if tg, err = targets.Detect(ctx, ep, nil); err != nil {
			t.Skip(err)
		}
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Skipf("emulator at %s does not answer STS: %v", ep, err)
	}
	kinds, err := NewKinds(cfg)
	if err != nil {
		t.Fatal(err)
	}
	table, err := registry.Targets()
	if err != nil {
		t.Fatal(err)
	}
	return &emulator{endpoint: ep, target: tg, clients: newClients(cfg), kinds: kinds, probes: NewProbes(cfg), table: table,
		info: TargetInfo{Kind: string(tg), Endpoint: ep, Region: cfg.Region, Account: *id.Account}}
}

func randomName(t testing.TB) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "wt-" + hex.EncodeToString(b)
}

var (
	buildOnce sync.Once
	artifacts []byte
	buildErr  error
)

// testArtifacts builds the testdata handler once per test binary.
func testArtifacts(t testing.TB, p *plan.Plan) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, r := range p.Resources {
		if r.Kind != plan.KindFunction {
			continue
		}
		buildOnce.Do(func() {
			artifacts, buildErr = build.Function(context.Background(), filepath.Join("testdata", "project"), "./cmd/handler")
		})
		if buildErr != nil {
			t.Fatal(buildErr)
		}
		out[r.ID] = artifacts
	}
	return out
}

type testProject struct {
	plan   *plan.Plan
	spec   *spec.Spec
	engine *Engine
	// verifier verifies what engine deployed.
	verifier *verify.Verifier
	dir      string
	events   *eventLog
}

type eventLog struct {
	mu     sync.Mutex
	events []Event
}

func (l *eventLog) Event(e Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

// newProject plans route for a fresh project, with a cleanup that destroys
// whatever is left and checks by listing that nothing remains.
func (em *emulator) newProject(t testing.TB, route []string, edit ...func(*spec.Spec)) *testProject {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, randomName(t), em.info.Region, route)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range edit {
		f(s)
	}
	if em.target == targets.Kumo && s.Kinesis != nil && s.Kinesis.Encryption {
		t.Log("kumo has no StartStreamEncryption (InvalidAction): deploying with kinesis.encryption: false")
		s.Kinesis.Encryption = false
	}
	if em.target == targets.Kumo && s.DynamoDB != nil && s.DynamoDB.PointInTimeRecovery {
		t.Log("kumo has no UpdateContinuousBackups (UnknownOperationException): deploying with dynamodb.pointInTimeRecovery: false")
		s.DynamoDB.PointInTimeRecovery = false
	}
	p, err := registry.Plan(s, c, plan.Env{Region: em.info.Region, AccountID: em.info.Account})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := &eventLog{}
	e := &Engine{Kinds: em.kinds, Observer: log, StatePath: filepath.Join(dir, StateFile), Target: em.info,
		Artifacts: testArtifacts(t, p), MaxWait: 2 * time.Minute, IAMWait: 30 * time.Second}
	t.Cleanup(func() {
		ctx := context.Background()
		if _, err := e.Destroy(ctx, p); err != nil {
			t.Errorf("cleanup destroy: %v", err)
		}
		assertNothingLeft(t, e, p)
	})
	return &testProject{plan: p, spec: s, engine: e, dir: dir, events: log,
		verifier: &verify.Verifier{Probes: em.probes, Targets: em.table, State: e}}
}

// assertNothingLeft lists the target for the project's resources.
func assertNothingLeft(t testing.TB, e *Engine, p *plan.Plan) {
	t.Helper()
	left, err := e.Discover(context.Background(), p)
	if err != nil {
		t.Errorf("list leftovers: %v", err)
		return
	}
	for _, f := range left {
		t.Errorf("left after destroy: %s %s", f.State.Kind, f.State.Name)
	}
}

func TestEmulatorDeployStatusDestroy(t *testing.T) {
	em := needEmulator(t)
	for _, route := range coreRoutes {
		t.Run(strings.Join(route, "+"), func(t *testing.T) {
			t.Parallel()
			if c := em.table.Route(em.target, route); !c.Deploy {
				t.Skipf("%s cannot deploy this route: %s", em.target, c.DeployReason)
			}
			tp := em.newProject(t, route)
			ctx := context.Background()
			res, err := tp.engine.Apply(ctx, tp.plan)
			if err != nil {
				t.Fatalf("deploy: %v", err)
			}
			if res.Counts.Created != len(tp.plan.Resources) {
				t.Errorf("created %d resources, plan has %d", res.Counts.Created, len(tp.plan.Resources))
			}
			st, err := tp.engine.Status(ctx, tp.plan)
			if err != nil {
				t.Fatalf("status: %v", err)
			}
			if d := st.Drift(); len(d) > 0 {
				t.Errorf("status after deploy shows drift: %v", d)
			}
			again, err := tp.engine.Apply(ctx, tp.plan)
			if err != nil {
				t.Fatalf("second deploy: %v", err)
			}
			if again.Counts.Created+again.Counts.Updated != 0 || again.Counts.Unchanged != len(tp.plan.Resources) {
				t.Errorf("second deploy changed something: %+v", again.Counts)
			}
			if _, err := tp.engine.Destroy(ctx, tp.plan); err != nil {
				t.Fatalf("destroy: %v", err)
			}
			assertNothingLeft(t, tp.engine, tp.plan)
		})
	}
}

// A deploy cancelled after a few resources is completed by the next one.
func TestEmulatorInterruptedDeployResumes(t *testing.T) {
	em := needEmulator(t)
	route := []string{"s3-to-sns", "sns-to-sqs"}
	tp := em.newProject(t, route)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	n := 0
	tp.engine.Observer = ObserverFunc(func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.Type == EventDone {
			if n++; n == 3 {
				cancel()
			}
		}
	})
	if _, err := tp.engine.Apply(ctx, tp.plan); err == nil {
		t.Fatal("interrupted deploy reported success")
	}
	st, err := LoadState(tp.engine.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) < 3 || len(st.Resources) == len(tp.plan.Resources) {
		t.Fatalf("state after interruption has %d of %d resources, want at least 3 and not all", len(st.Resources), len(tp.plan.Resources))
	}
	res, err := tp.engine.Apply(context.Background(), tp.plan)
	if err != nil {
		t.Fatalf("resumed deploy: %v", err)
	}
	// A resource interrupted after its create call is recorded half-done
	// and finished as an update.
	if c := res.Counts; c.Created+c.Updated+c.Unchanged != len(tp.plan.Resources) || c.Created+c.Updated == 0 || c.Unchanged < 3 {
		t.Errorf("resumed deploy: %+v", res.Counts)
	}
	if _, err := tp.engine.Destroy(context.Background(), tp.plan); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	assertNothingLeft(t, tp.engine, tp.plan)
}

// With the state file gone, destroy finds the resources by their tags
// (log groups included: deleting one deletes its subscription filter; a
// Glue security configuration, which carries no tags, through the job).
func TestEmulatorDestroyFromTags(t *testing.T) {
	em := needEmulator(t)
	for _, route := range [][]string{{"sqs-to-lambda"}, {"cloudwatch-logs-to-firehose", "firehose-to-s3"}, {"glue-to-s3"}} {
		t.Run(strings.Join(route, "+"), func(t *testing.T) {
			if c := em.table.Route(em.target, route); !c.Deploy {
				t.Skipf("%s cannot deploy this route: %s", em.target, c.DeployReason)
			}
			tp := em.newProject(t, route)
			ctx := context.Background()
			if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
				t.Fatalf("deploy: %v", err)
			}
			if err := os.Remove(tp.engine.StatePath); err != nil {
				t.Fatal(err)
			}
			res, err := tp.engine.Destroy(ctx, tp.plan)
			if err != nil {
				t.Fatalf("destroy from tags: %v", err)
			}
			if res.Counts.Deleted < 4 {
				t.Errorf("destroy from tags deleted %d resources", res.Counts.Deleted)
			}
			assertNothingLeft(t, tp.engine, tp.plan)
			// Discovery cannot list what it cannot find: every planned
			// resource a name identifies is asked for by name.
			for _, r := range tp.plan.Resources {
				prov, err := tp.engine.Kinds.Get(r.Kind)
				if _, byID := prov.(service.Identifier); err != nil || byID {
					continue
				}
				if ok, err := prov.Exists(ctx, tp.engine.env(r.ID), &service.Record{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Inputs: r.Settings}); ok || err != nil {
					t.Errorf("%s %s after destroy from tags: exists %v, %v", r.Kind, r.Name, ok, err)
				}
			}
		})
	}
}

// A second mapping on the project's function, made behind wireup's back
// (the spec's source changed, or a redeploy after the state was lost made
// another), is deleted along with the one the state records: Lambda keeps
// mappings when it deletes their function, so one left here is orphaned.
func TestEmulatorDestroyDeletesEveryMapping(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"sqs-to-lambda"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	fn := aws.String(tp.plan.Resource(plan.IDFunction).Name)
	// Lambda refuses a second mapping of one queue to one function, so the
	// second reads a queue of its own. Untagged, destroy leaves it alone.
	q, err := em.clients.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(tp.plan.Project + "-extra")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = em.clients.SQS.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
	})
	attrs, err := em.clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := em.clients.Lambda.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: fn,
		EventSourceArn: aws.String(attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]), Enabled: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	mappings := func() []lambdatypes.EventSourceMappingConfiguration {
		t.Helper()
		out, err := em.clients.Lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: fn})
		if err != nil {
			t.Fatalf("list mappings: %v", err)
		}
		return out.EventSourceMappings
	}
	if n := len(mappings()); n != 2 {
		t.Fatalf("%d mappings before destroy, want 2", n)
	}
	if _, err := tp.engine.Destroy(ctx, tp.plan); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	for _, m := range mappings() {
		t.Errorf("mapping %s left after destroy", aws.ToString(m.UUID))
		_, _ = em.clients.Lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	}
}

// verifyRoutes adds the app routes whose data flow is trivially checkable.
var verifyRoutes = append([][]string{{"app-to-sqs"}, {"app-to-s3"}, {"app-to-dynamodb"}}, coreRoutes...)

// Verify passes where the target moves data and reports the reason where
// it does not; it never passes a path that did not carry the canary.
func TestEmulatorVerify(t *testing.T) {
	em := needEmulator(t)
	for _, route := range verifyRoutes {
		t.Run(strings.Join(route, "+"), func(t *testing.T) {
			t.Parallel()
			c := em.table.Route(em.target, route)
			if !c.Deploy {
				t.Skipf("%s cannot deploy this route: %s", em.target, c.DeployReason)
			}
			tp := em.newProject(t, route)
			ctx := context.Background()
			if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
				t.Fatalf("deploy: %v", err)
			}
			var handler []byte
			if r := tp.plan.Resource(plan.IDFunction); r != nil {
				handler = tp.engine.Artifacts[r.ID]
			}
			rep, err := tp.verifier.Verify(ctx, tp.plan, verify.Options{Target: em.target, Timeout: 15 * time.Second, Handler: handler})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			for _, h := range rep.Hops {
				t.Logf("hop %s: %s (%s)", h.Path, h.Took.Round(time.Millisecond), h.Detail)
			}
			if rep.Verified != c.Data && rep.Reason == "" {
				t.Fatalf("verified=%v, target table says data=%v (%s)", rep.Verified, c.Data, c.DataReason)
			}
			if !rep.Verified {
				if rep.Reason == "" {
					t.Fatal("unverified without a reason")
				}
				t.Skipf("wired, data flow not verifiable on %s: %s", em.target, rep.Reason)
			}
			if len(rep.Hops) == 0 {
				t.Fatal("verified without a single hop")
			}
		})
	}
}

// A Firehose with a Lambda transform deploys two functions and three roles;
// the delivery stream waits for the transform.
func TestEmulatorFirehoseTransform(t *testing.T) {
	em := needEmulator(t)
	route := []string{"app-to-firehose", "firehose-to-s3"}
	tp := em.newProject(t, route, (*spec.Spec).EnableTransform)
	if tp.plan.Resource(plan.IDTransform) == nil {
		t.Fatal("plan has no transform function")
	}
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	rep, err := tp.verifier.Verify(ctx, tp.plan, verify.Options{Target: em.target, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if rep.Verified {
		t.Errorf("verify passed a transform no emulator runs: %+v", rep)
	}
	t.Logf("verify: %s", rep.Reason)
	if _, err := tp.engine.Destroy(ctx, tp.plan); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	assertNothingLeft(t, tp.engine, tp.plan)
}

// Status reports a role policy edited outside wireup as changed, and the
// next deploy does not hide it: status is read-only.
func TestEmulatorStatusSeesRoleEdit(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"sqs-to-lambda"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	role := tp.plan.Resource(plan.IDRoleLambda)
	edited := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}`
	if _, err := em.clients.IAM.PutRolePolicy(ctx, &iamsvc.PutRolePolicyInput{RoleName: &role.Name, PolicyName: aws.String(svciam.RolePolicyName), PolicyDocument: &edited}); err != nil {
		t.Fatal(err)
	}
	st, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	d := st.Drift()
	if len(d) != 1 || d[0].ID != plan.IDRoleLambda || d[0].Status != StatusChanged {
		t.Errorf("drift = %+v, want the Lambda role changed", d)
	}
	res, err := tp.engine.Apply(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Updated != 1 {
		t.Errorf("deploy after the edit: %+v, want the role updated", res.Counts)
	}
	if st, err = tp.engine.Status(ctx, tp.plan); err != nil || len(st.Drift()) > 0 {
		t.Errorf("status after converging: %v %+v", err, st.Drift())
	}
}

// Every bucket carries the TLS-only policy where the target applies it:
// status reads it back, reports it deleted outside wireup, and the next
// deploy puts it back. On moto it is left off, and the test shows why: with
// the policy, moto refuses an object write whatever the transport.
func TestEmulatorBucketTLSOnly(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"app-to-s3"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	bucket := tp.plan.Resource(plan.IDBucket)
	raw := em.clients.S3
	got, err := raw.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket.Name})
	if applies, why := svcs3.BucketPolicy(em.target); !applies {
		if service.ErrorCode(err) != "NoSuchBucketPolicy" {
			t.Fatalf("%s: GetBucketPolicy = %v, %v; want no policy (%s)", em.target, got, err, why)
		}
		if _, err := raw.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: &bucket.Name, Policy: aws.String(string(bucket.Policy))}); err != nil {
			t.Fatal(err)
		}
		_, err := raw.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket.Name, Key: aws.String("probe.json"), Body: strings.NewReader("{}")})
		if service.HTTPStatus(err) != 403 {
			t.Errorf("%s accepted a PutObject under the TLS-only policy (err %v): apply the policy there too (s3.BucketPolicy)", em.target, err)
		}
		if _, err := raw.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: &bucket.Name}); err != nil {
			t.Fatal(err)
		}
		t.Skipf("TLS-only policy not applied on %s: %s", em.target, why)
	}
	if err != nil {
		t.Fatalf("GetBucketPolicy: %v", err)
	}
	if !service.SamePolicy(aws.ToString(got.Policy), bucket.Policy) {
		t.Errorf("bucket policy read back as %s, want %s", aws.ToString(got.Policy), bucket.Policy)
	}
	if _, err := raw.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: &bucket.Name}); err != nil {
		t.Fatal(err)
	}
	st, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := st.Drift(); len(d) != 1 || d[0].ID != plan.IDBucket || !strings.Contains(d[0].Detail, "deleted outside wireup") {
		t.Errorf("drift = %+v, want the bucket's policy deleted", d)
	}
	res, err := tp.engine.Apply(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Updated != 1 {
		t.Errorf("deploy after the delete: %+v, want the bucket updated", res.Counts)
	}
	if got, err = raw.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket.Name}); err != nil || !service.SamePolicy(aws.ToString(got.Policy), bucket.Policy) {
		t.Errorf("bucket policy after converging: %v %v", got, err)
	}
	if st, err = tp.engine.Status(ctx, tp.plan); err != nil || len(st.Drift()) > 0 {
		t.Errorf("status after converging: %v %+v", err, st.Drift())
	}
}

// Event source mappings report batch item failures, and stream mappings
// carry their error handling and on-failure queue (created by the deploy).
// Where the target returns the fields, the test reads them back, removes
// ReportBatchItemFailures behind wireup's back, and expects status to see it
// and the next deploy to put it back; kumo returns none of them, so there
// status must simply not report drift.
func TestEmulatorMappingErrorHandling(t *testing.T) {
	em := needEmulator(t)
	for _, route := range []string{"sqs-to-lambda", "kinesis-to-lambda"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			tp := em.newProject(t, []string{route}, func(s *spec.Spec) {
				if route != "sqs-to-lambda" {
					s.Lambda.OnFailureQueue = s.Name + "-failed"
				}
			})
			ctx := context.Background()
			if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
				t.Fatalf("deploy: %v", err)
			}
			st, err := LoadState(tp.engine.StatePath)
			if err != nil {
				t.Fatal(err)
			}
			uuid := aws.String(st.Resources[plan.IDEventSourceMapping].Outputs["uuid"])
			got, err := em.clients.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: uuid})
			if err != nil {
				t.Fatal(err)
			}
			reads := func(field string) bool { return eventsource.ReadsBack(em.target, field) }
			if reads("FunctionResponseTypes") && (len(got.FunctionResponseTypes) != 1 || got.FunctionResponseTypes[0] != lambdatypes.FunctionResponseTypeReportBatchItemFailures) {
				t.Errorf("FunctionResponseTypes = %v, want [ReportBatchItemFailures]", got.FunctionResponseTypes)
			}
			if route == "kinesis-to-lambda" {
				failed := st.Resources[plan.IDFailureQueue]
				if failed == nil || failed.Outputs["arn"] == "" {
					t.Fatalf("no failure queue in the state: %+v", failed)
				}
				if reads("MaximumRetryAttempts") && aws.ToInt32(got.MaximumRetryAttempts) != 5 {
					t.Errorf("MaximumRetryAttempts = %v, want 5", aws.ToInt32(got.MaximumRetryAttempts))
				}
				if reads("BisectBatchOnFunctionError") && !aws.ToBool(got.BisectBatchOnFunctionError) {
					t.Error("BisectBatchOnFunctionError is off")
				}
				if d := got.DestinationConfig; reads("DestinationConfig") && (d == nil || d.OnFailure == nil || aws.ToString(d.OnFailure.Destination) != failed.Outputs["arn"]) {
					t.Errorf("DestinationConfig = %+v, want the failure queue %s", d, failed.Outputs["arn"])
				}
			}
			if st, err := tp.engine.Status(ctx, tp.plan); err != nil || len(st.Drift()) > 0 {
				t.Fatalf("status after deploy: %v %+v", err, st.Drift())
			}
			if !reads("FunctionResponseTypes") {
				t.Skipf("%s does not return FunctionResponseTypes: an edit cannot be seen there", em.target)
			}
			if _, err := em.clients.Lambda.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: uuid, FunctionResponseTypes: []lambdatypes.FunctionResponseType{}}); err != nil {
				t.Fatal(err)
			}
			rep, err := tp.engine.Status(ctx, tp.plan)
			if err != nil {
				t.Fatal(err)
			}
			if d := rep.Drift(); len(d) != 1 || d[0].ID != plan.IDEventSourceMapping || !strings.Contains(d[0].Detail, "FunctionResponseTypes") {
				t.Errorf("drift = %+v, want the mapping's FunctionResponseTypes", d)
			}
			res, err := tp.engine.Apply(ctx, tp.plan)
			if err != nil {
				t.Fatal(err)
			}
			if res.Counts.Updated != 1 {
				t.Errorf("deploy after the edit: %+v, want the mapping updated", res.Counts)
			}
			if rep, err = tp.engine.Status(ctx, tp.plan); err != nil || len(rep.Drift()) > 0 {
				t.Errorf("status after converging: %v %+v", err, rep.Drift())
			}
		})
	}
}

// Verify publishes its canary into an IoT-sourced route through the data
// plane's signed HTTPS API. moto accepts the publish (and fires no rule
// action), so verify reports the publish and "not verifiable" with moto's
// reason: never a pass.
func TestEmulatorIoTPublish(t *testing.T) {
	em := needEmulator(t)
	route := []string{"iot-to-sqs"}
	if c := em.table.Route(em.target, route); !c.Deploy {
		t.Skipf("%s cannot deploy %v: %s", em.target, route, c.DeployReason)
	}
	tp := em.newProject(t, route)
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	rep, err := tp.verifier.Verify(ctx, tp.plan, verify.Options{Target: em.target, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if len(rep.Hops) == 0 || rep.Hops[0].Path != "publish → iot" || !strings.Contains(rep.Hops[0].Detail, "HTTP 200") {
		t.Fatalf("hops = %+v, want the publish first, answered 200", rep.Hops)
	}
	t.Logf("%s: %s", rep.Hops[0].Path, rep.Hops[0].Detail)
	if c := em.table.Route(em.target, route); !c.Data {
		if rep.Verified || !strings.Contains(rep.Reason, c.DataReason) {
			t.Errorf("verified %v, reason %q; want not verifiable: %s", rep.Verified, rep.Reason, c.DataReason)
		}
	} else if !rep.Verified {
		t.Errorf("%s moves IoT data, verify did not pass: %s", em.target, rep.Reason)
	}
}

// Verify finds a function's log line for the canary through the emulator's
// CloudWatch Logs. Neither emulator writes a function's output there (moto
// runs no function without Docker; on kumo wireup runs the handler itself),
// so the test writes the line the generated handler would, and checks the
// filter finds exactly the canary's, across the group's streams, and that
// another canary times out.
func TestEmulatorLambdaLogs(t *testing.T) {
	em := needEmulator(t)
	raw := em.clients.Logs
	ctx := context.Background()
	fn := randomName(t) + "-handler"
	group := aws.String("/aws/lambda/" + fn)
	if _, err := raw.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: group}); err != nil {
		t.Skipf("%s has no usable CloudWatch Logs: %v", em.target, err)
	}
	t.Cleanup(func() { _, _ = raw.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: group}) })
	var hops []string
	c := &service.Canary{ID: service.NewCanaryID(), Route: []string{"sqs-to-lambda"}, Target: em.target, Timeout: 3 * time.Second,
		Resources: map[string]*service.Record{plan.IDFunction: {Outputs: map[string]string{"name": fn}}},
		OnHop:     func(_ string, _ time.Duration, detail string) { hops = append(hops, detail) }}
	other := service.NewCanaryID()
	start := time.Now()
	for i, line := range []string{
		`{"time":"2026-11-25T18:00:00Z","level":"INFO","msg":"event","id":"` + other + `","source":"wireup-verify","kind":"canary"}`,
		"START RequestId: 1b2c Version: $LATEST",
		`{"time":"2026-11-25T18:00:01Z","level":"INFO","msg":"event","id":"` + c.ID + `","source":"wireup-verify","kind":"canary"}`,
	} {
		stream := aws.String(fmt.Sprintf("2026/11/25/[$LATEST]%d", i))
		if _, err := raw.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: stream}); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: stream,
			LogEvents: []cwltypes.InputLogEvent{{Message: aws.String(line), Timestamp: aws.Int64(time.Now().UnixMilli())}}}); err != nil {
			t.Fatal(err)
		}
	}
	// The logs are read the same way on every target: Await reads the
	// handler's output only where Listen started it.
	probe := em.probes["lambda"]
	if err := probe.Await(ctx, c, "sqs", start); err != nil {
		t.Fatalf("%s: %v", em.target, err)
	}
	if len(hops) != 1 || !strings.Contains(hops[0], "[$LATEST]2") {
		t.Errorf("hops = %q, want the canary found in the third stream", hops)
	}
	missing := *c
	missing.ID, missing.Timeout = service.NewCanaryID(), time.Second
	if err := probe.Await(ctx, &missing, "sqs", start); err == nil || !strings.Contains(err.Error(), "did not log the canary") {
		t.Errorf("a canary nobody logged: %v", err)
	}
}

// Changes reads status as what deploy would do: after a deploy nothing; a
// role edited behind wireup's back is an update, a queue deleted outside
// wireup a create, and a resource the plan no longer has is left behind.
func TestEmulatorChanges(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"sqs-to-lambda"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	ch, err := tp.engine.Changes(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if n := ch.Count(ActionNoop); n != len(tp.plan.Resources) || !strings.HasPrefix(ch.Summary(), "No changes") {
		t.Fatalf("changes right after deploy: %s %+v", ch.Summary(), ch.Items)
	}
	role := tp.plan.Resource(plan.IDRoleLambda)
	edited := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}`
	if _, err := em.clients.IAM.PutRolePolicy(ctx, &iamsvc.PutRolePolicyInput{RoleName: &role.Name, PolicyName: aws.String(svciam.RolePolicyName), PolicyDocument: &edited}); err != nil {
		t.Fatal(err)
	}
	dlq := tp.plan.Resource(plan.IDDeadLetterQueue)
	url, err := em.clients.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &dlq.Name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := em.clients.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	// A plan without the mapping: what the state holds of it is left.
	shorter := *tp.plan
	shorter.Resources = slices.DeleteFunc(slices.Clone(tp.plan.Resources), func(r *plan.Resource) bool { return r.Kind == plan.KindEventSourceMapping })
	ch, err = tp.engine.Changes(ctx, &shorter)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range ch.Items {
		if it.Action != ActionNoop {
			got[it.ID] = it.Action
		}
	}
	want := map[string]string{plan.IDRoleLambda: ActionUpdate, plan.IDDeadLetterQueue: ActionCreate}
	for _, r := range tp.plan.Resources {
		if r.Kind == plan.KindEventSourceMapping {
			want[r.ID] = ActionLeave
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s\n%s", d, ch.Summary())
	}
	if !strings.Contains(ch.Summary(), "1 to create, 1 to update") || !strings.Contains(ch.Summary(), "1 left behind") {
		t.Errorf("summary %q", ch.Summary())
	}
}
