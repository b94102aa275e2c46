package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	svcdynamodb "github.com/wireup/wireup/internal/service/dynamodb"
	svciot "github.com/wireup/wireup/internal/service/iot"
	svckinesis "github.com/wireup/wireup/internal/service/kinesis"
	svclambda "github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/registry"
	svcsns "github.com/wireup/wireup/internal/service/sns"
	svcsqs "github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// deployedVerifier returns a verifier whose deployment (a deploy.Engine)
// has a state that records every resource of p as deployed with its
// settings and the given outputs.
func deployedVerifier(t *testing.T, p *plan.Plan, tg targets.Target, probes map[string]service.Probe, outputs map[string]map[string]string) *Verifier {
	t.Helper()
	table, err := registry.Targets()
	if err != nil {
		t.Fatal(err)
	}
	info := deploy.TargetInfo{Kind: string(tg), Region: "us-east-1", Account: "123456789012"}
	e := &deploy.Engine{StatePath: filepath.Join(t.TempDir(), deploy.StateFile), Target: info}
	st := &deploy.State{Version: deploy.StateVersion, Project: p.Project, Route: p.RouteID(), Target: info, Resources: map[string]*service.Record{}}
	for _, r := range p.Resources {
		st.Resources[r.ID] = &service.Record{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Hash: r.Hash, Inputs: r.Settings, Outputs: outputs[r.ID]}
	}
	if err := deploy.WriteState(e.StatePath, st); err != nil {
		t.Fatal(err)
	}
	return &Verifier{Probes: probes, Targets: table, State: e}
}

func hopPaths(rep *Report) []string {
	var out []string
	for _, h := range rep.Hops {
		out = append(out, h.Path)
	}
	return out
}

// fakeProbe records what verify asks of a service, and proves the canary
// at once unless told to fail.
type fakeProbe struct {
	name  string
	calls *[]string
	fail  error
	// body is the event Inject was given.
	body []byte
}

func (f *fakeProbe) Inject(_ context.Context, c *service.Canary) (time.Time, error) {
	*f.calls = append(*f.calls, "inject "+f.name)
	f.body = c.Body
	return time.Now(), f.fail
}

func (f *fakeProbe) Await(_ context.Context, c *service.Canary, from string, start time.Time) error {
	*f.calls = append(*f.calls, "await "+f.name+" from "+from)
	if f.fail != nil {
		return f.fail
	}
	c.Hop(c.Path(), start, "fake")
	return nil
}

// blindProbe cannot see the canary arrive.
type blindProbe struct{ *fakeProbe }

func (blindProbe) Blind(*service.Canary) string { return "the fake sees nothing" }

// uninjectableProbe cannot take the canary.
type uninjectableProbe struct{ *fakeProbe }

func (uninjectableProbe) Uninjectable(*service.Canary) string { return "the fake takes nothing" }

// provingProbe proves a hop by its injection alone.
type provingProbe struct{ *fakeProbe }

func (provingProbe) Proves(*service.Canary) bool { return true }

func (p provingProbe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start, err := p.fakeProbe.Inject(ctx, c)
	c.Hop("publish → "+p.name, start, "accepted")
	return start, err
}

// listeningProbe has to listen before the canary is sent, and proves a
// hop by listening when proves is set.
type listeningProbe struct {
	*fakeProbe
	proves bool
}

func (p listeningProbe) Proves(*service.Canary) bool { return p.proves }

func (p listeningProbe) Listen(_ context.Context, c *service.Canary) (service.Listening, error) {
	*p.calls = append(*p.calls, "listen "+p.name)
	c.Hop("invoke → "+p.name, time.Now(), "ran")
	return fakeListening{p.fakeProbe}, nil
}

// fakeListening awaits the canary for a listeningProbe.
type fakeListening struct{ *fakeProbe }

func (l fakeListening) Await(_ context.Context, c *service.Canary, from string, start time.Time) error {
	*l.calls = append(*l.calls, "listening await "+l.name+" from "+from)
	c.Hop(c.Path(), start, "logged")
	return nil
}

func (l fakeListening) Close() { *l.calls = append(*l.calls, "close "+l.name) }

// terminalProbe proves the rest of the route from its own output.
type terminalProbe struct{ *fakeProbe }

func (terminalProbe) Terminal() {}

// fieldedProbe needs a field of its own in the event.
type fieldedProbe struct{ *fakeProbe }

func (fieldedProbe) Fields(c *service.Canary) map[string]any { return map[string]any{"device": c.ID} }

// Verify composes the probes of the route's ends: it injects at the first
// service (the next one after an application), awaits at the last (the
// one before an application) saying where the canary comes from, and where
// the target cannot move the data it proves only what an end proves alone.
func TestVerifyComposesProbes(t *testing.T) {
	plain, blind, proving, listening, listeningOnly, terminal, uninjectable := 0, 1, 2, 3, 4, 5, 6
	tests := []struct {
		name   string
		route  []string
		target targets.Target
		kind   map[string]int // the probes that are not plain
		// transform adds a Lambda transform to the delivery stream.
		transform bool
		// tail, when set, keeps only the route's last tail hops in the plan.
		tail int
		// want
		calls    []string
		hops     []string
		verified bool
		reason   string
	}{
		{name: "app source", route: []string{"app-to-sqs"}, target: targets.Moto,
			calls: []string{"inject sqs", "await sqs from app"}, hops: []string{"app → sqs"}, verified: true},
		{name: "app sink", route: []string{"kinesis-to-app"}, target: targets.Moto,
			calls: []string{"inject kinesis", "await kinesis from app"}, hops: []string{"kinesis → app"}, verified: true},
		{name: "through a service", route: []string{"s3-to-sns", "sns-to-sqs"}, target: targets.Moto,
			calls: []string{"inject s3", "await sqs from sns"}, hops: []string{"s3 → sns → sqs"}, verified: true},
		{name: "delivery", route: []string{"kinesis-to-firehose", "firehose-to-s3"}, target: targets.AWS,
			calls: []string{"inject kinesis", "await s3 from firehose"}, hops: []string{"kinesis → firehose → s3"}, verified: true},
		{name: "not moved, source proves alone", route: []string{"iot-to-sqs"}, target: targets.Moto, kind: map[string]int{"iot": proving},
			calls: []string{"inject iot"}, hops: []string{"publish → iot"}, reason: "no rule action fires"},
		{name: "not moved, plain source", route: []string{"kinesis-to-firehose", "firehose-to-s3"}, target: targets.Moto,
			reason: "nothing reads the stream"},
		{name: "moved, source proves too", route: []string{"iot-to-sqs"}, target: targets.AWS, kind: map[string]int{"iot": proving},
			calls: []string{"inject iot", "await sqs from iot"}, hops: []string{"publish → iot", "iot → sqs"}, verified: true},
		{name: "blind sink", route: []string{"iot-to-sns"}, target: targets.AWS, kind: map[string]int{"iot": proving, "sns": blind},
			calls: []string{"inject iot"}, hops: []string{"publish → iot"}, reason: "the fake sees nothing"},
		{name: "blind sink keeps the target's reason", route: []string{"iot-to-sns"}, target: targets.Moto, kind: map[string]int{"iot": proving, "sns": blind},
			calls: []string{"inject iot"}, hops: []string{"publish → iot"}, reason: "no rule action fires"},
		{name: "listening sink", route: []string{"s3-to-lambda"}, target: targets.Kumo, kind: map[string]int{"lambda": listening},
			calls: []string{"listen lambda", "inject s3", "listening await lambda from s3", "close lambda"},
			hops:  []string{"invoke → lambda", "s3 → lambda"}, verified: true},
		{name: "not moved, listening sink", route: []string{"sqs-to-lambda"}, target: targets.Kumo, kind: map[string]int{"lambda": listening},
			calls: []string{"listen lambda", "close lambda"}, hops: []string{"invoke → lambda"}, reason: "has no poller"},
		{name: "listening sink that proves nothing alone", route: []string{"app-to-kinesis"}, target: targets.Moto, kind: map[string]int{"kinesis": listeningOnly},
			calls: []string{"listen kinesis", "inject kinesis", "listening await kinesis from app", "close kinesis"},
			hops:  []string{"invoke → kinesis", "app → kinesis"}, verified: true},
		{name: "not moved, listening sink that proves nothing alone", route: []string{"iot-to-kinesis"}, target: targets.Moto, kind: map[string]int{"kinesis": listeningOnly},
			reason: "no rule action fires"},
		{name: "terminal service before the sink", route: []string{"dynamodb-to-emr", "emr-to-s3"}, target: targets.AWS, kind: map[string]int{"emr": terminal},
			calls: []string{"inject dynamodb", "await emr from dynamodb"}, hops: []string{"dynamodb → emr → s3"}, verified: true},
		// A route cannot start at Redshift; its plan is cut down to the
		// last hop, so that Redshift is the source verify starts at.
		{name: "uninjectable source", route: []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-s3"}, tail: 1, target: targets.AWS, kind: map[string]int{"redshift": uninjectable},
			reason: "the fake takes nothing"},
		{name: "transform", route: []string{"app-to-firehose", "firehose-to-s3"}, target: targets.Moto, transform: true,
			reason: "firehose-transform-lambda: moto ignores the Lambda processor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*spec.Spec)
			if tt.transform {
				edits = append(edits, (*spec.Spec).EnableTransform)
			}
			p := unitPlan(t, tt.route, edits...)
			if tt.tail > 0 {
				p.Route = p.Route[len(p.Route)-tt.tail:]
			}
			var calls []string
			probes := map[string]service.Probe{}
			for _, s := range []string{"s3", "sqs", "sns", "kinesis", "firehose", "dynamodb", "iot", "lambda", "emr", "redshift"} {
				f := &fakeProbe{name: s, calls: &calls}
				switch tt.kind[s] {
				case plain:
					probes[s] = f
				case blind:
					probes[s] = blindProbe{f}
				case proving:
					probes[s] = provingProbe{f}
				case listening:
					probes[s] = listeningProbe{f, true}
				case listeningOnly:
					probes[s] = listeningProbe{f, false}
				case terminal:
					probes[s] = terminalProbe{f}
				case uninjectable:
					probes[s] = uninjectableProbe{f}
				}
			}
			v := deployedVerifier(t, p, tt.target, probes, nil)
			rep, err := v.Verify(context.Background(), p, Options{Target: tt.target, Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.calls, calls); d != "" {
				t.Errorf("probe calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.hops, hopPaths(rep)); d != "" {
				t.Errorf("hops (-want +got):\n%s", d)
			}
			if rep.Verified != tt.verified || !strings.Contains(rep.Reason, tt.reason) || (tt.verified && rep.Reason != "") {
				t.Errorf("verified %v, reason %q; want %v, %q", rep.Verified, rep.Reason, tt.verified, tt.reason)
			}
		})
	}
}

// Verify fails, naming the cause, where a route should move data and a
// probe cannot help: a resource is not deployed, a service has no probe,
// or the canary does not arrive.
func TestVerifyFails(t *testing.T) {
	lost := errors.New("the canary did not arrive")
	tests := []struct {
		name     string
		route    string
		probes   func(calls *[]string) map[string]service.Probe
		undeploy string
		wantErr  string
	}{
		{"not deployed", "s3-to-sqs", func(c *[]string) map[string]service.Probe {
			return map[string]service.Probe{"s3": &fakeProbe{name: "s3", calls: c}, "sqs": &fakeProbe{name: "sqs", calls: c}}
		}, plan.IDQueue, "is not deployed: run `wireup deploy` first"},
		{"no source probe", "s3-to-sqs", func(c *[]string) map[string]service.Probe {
			return map[string]service.Probe{"sqs": &fakeProbe{name: "sqs", calls: c}}
		}, "", "cannot send a canary into s3"},
		{"no sink probe", "s3-to-sqs", func(c *[]string) map[string]service.Probe {
			return map[string]service.Probe{"s3": &fakeProbe{name: "s3", calls: c}}
		}, "", "no way to observe the end of route s3-to-sqs"},
		{"lost", "s3-to-sqs", func(c *[]string) map[string]service.Probe {
			return map[string]service.Probe{"s3": &fakeProbe{name: "s3", calls: c}, "sqs": &fakeProbe{name: "sqs", calls: c, fail: lost}}
		}, "", lost.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := unitPlan(t, []string{tt.route})
			var calls []string
			v := deployedVerifier(t, p, targets.Moto, tt.probes(&calls), nil)
			if tt.undeploy != "" {
				path := v.State.(*deploy.Engine).StatePath
				st, err := deploy.LoadState(path)
				if err != nil {
					t.Fatal(err)
				}
				st.Resources[tt.undeploy].Hash = "" // created, never finished
				if err := deploy.WriteState(path, st); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := v.Verify(context.Background(), p, Options{Target: targets.Moto, Timeout: time.Second})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("verify = %+v, %v; want an error containing %q", rep, err, tt.wantErr)
			}
			if rep != nil && rep.Verified {
				t.Errorf("failed verify reports verified: %+v", rep)
			}
		})
	}
}

// The canary event carries the fields a service on the route needs.
func TestVerifyCanaryFields(t *testing.T) {
	p := unitPlan(t, []string{"app-to-dynamodb"})
	var calls []string
	table := &fakeProbe{name: "dynamodb", calls: &calls}
	v := deployedVerifier(t, p, targets.Moto, nil, nil)
	v.Probes = map[string]service.Probe{"dynamodb": fieldedProbe{table}}
	rep, err := v.Verify(context.Background(), p, Options{Target: targets.Moto, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(table.body, &body); err != nil {
		t.Fatalf("canary body %q: %v", table.body, err)
	}
	if body["id"] != rep.Canary || body["device"] != rep.Canary || body["source"] != "wireup-verify" {
		t.Errorf("canary body %v, want the id, the table's field and the source", body)
	}
	if !rep.Verified || len(rep.Hops) != 1 || rep.Hops[0].Path != "app → dynamodb" {
		t.Errorf("report %+v, want verified through app → dynamodb", rep)
	}
}

// fakeIoTData records what verify publishes.
type fakeIoTData struct {
	mu        sync.Mutex
	published map[string][][]byte // topic → payloads
}

func (f *fakeIoTData) Publish(_ context.Context, topic string, payload []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.published == nil {
		f.published = map[string][][]byte{}
	}
	f.published[topic] = append(f.published[topic], payload)
	return 200, nil
}

func (f *fakeIoTData) last() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ps := range f.published {
		return ps[len(ps)-1]
	}
	return nil
}

// fakeQueue delivers whatever the IoT fake published last.
type fakeQueue struct {
	svcsqs.ProbeAPI
	from *fakeIoTData
}

func (f *fakeQueue) ReceiveMessage(_ context.Context, _ *sqs.ReceiveMessageInput, _ ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	return &sqs.ReceiveMessageOutput{Messages: []sqstypes.Message{{Body: aws.String(string(f.from.last())), MessageId: aws.String("m1"), ReceiptHandle: aws.String("r1")}}}, nil
}

func (f *fakeQueue) DeleteMessage(_ context.Context, _ *sqs.DeleteMessageInput, _ ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error) {
	return &sqs.DeleteMessageOutput{}, nil
}

// fakeTable stores the item an IoT DynamoDBv2 action would write from the
// published message: its top-level fields.
type fakeTable struct {
	svcdynamodb.ProbeAPI
	from *fakeIoTData
}

func (f *fakeTable) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	var msg map[string]any
	if err := json.Unmarshal(f.from.last(), &msg); err != nil {
		return nil, err
	}
	for k, v := range in.Key {
		if s, ok := v.(*ddbtypes.AttributeValueMemberS); !ok || msg[k] != s.Value {
			return &dynamodb.GetItemOutput{}, nil // the action could not have stored it under this key
		}
	}
	return &dynamodb.GetItemOutput{Item: in.Key}, nil
}

// Verify publishes its canary to the IoT topic on every target that has
// IoT Core. On AWS it then finds it where the route ends; on moto, where no
// rule action fires, it reports the publish and says why data flow is not
// verifiable. The real probes run over fake clients.
func TestVerifyIoTPublish(t *testing.T) {
	tests := []struct {
		name   string
		route  string
		target targets.Target
		edit   func(*spec.Spec)
		// verified, and the hop paths
		verified bool
		hops     []string
		reason   string
	}{
		{"aws sqs", "iot-to-sqs", targets.AWS, nil, true, []string{"publish → iot", "iot → sqs"}, ""},
		{"aws dynamodb with its own key", "iot-to-dynamodb", targets.AWS, func(s *spec.Spec) { s.DynamoDB.PartitionKey, s.DynamoDB.SortKey = "device", "at" },
			true, []string{"publish → iot", "iot → dynamodb"}, ""},
		{"aws sns", "iot-to-sns", targets.AWS, nil, false, []string{"publish → iot"}, "nothing on this route subscribes"},
		{"moto", "iot-to-sqs", targets.Moto, nil, false, []string{"publish → iot"}, "no rule action fires"},
		// Without a rule there is no topic to publish to, and nothing reads
		// what the application publishes.
		{"aws app", "app-to-iot", targets.AWS, nil, false, nil, "cannot subscribe to an MQTT topic"},
		{"moto app", "app-to-iot", targets.Moto, nil, false, nil, "delivers them nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*spec.Spec)
			if tt.edit != nil {
				edits = append(edits, tt.edit)
			}
			p := unitPlan(t, []string{tt.route}, edits...)
			pub := &fakeIoTData{}
			probes := map[string]service.Probe{"iot": svciot.NewProbe(pub), "sns": svcsns.NewProbe(nil)}
			if tt.target == targets.AWS {
				probes["sqs"], probes["dynamodb"] = svcsqs.NewProbe(&fakeQueue{from: pub}), svcdynamodb.NewProbe(&fakeTable{from: pub}, nil)
			}
			v := deployedVerifier(t, p, tt.target, probes, map[string]map[string]string{
				plan.IDQueue: {"url": "https://sqs/q"}, plan.IDTable: {"name": "demo-table"}})
			rep, err := v.Verify(context.Background(), p, Options{Target: tt.target, Timeout: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if rule := p.Resource(plan.IDTopicRule); rule == nil {
				if len(pub.published) > 0 {
					t.Errorf("published %q without a rule", pub.published)
				}
			} else if ps := pub.published[rule.Settings["topic"]]; len(ps) != 1 || !bytes.Contains(ps[0], []byte(rep.Canary)) {
				t.Errorf("published %q to %s, want the canary once", pub.published, rule.Settings["topic"])
			}
			hops := hopPaths(rep)
			if rep.Verified != tt.verified || strings.Join(hops, ",") != strings.Join(tt.hops, ",") || !strings.Contains(rep.Reason, tt.reason) {
				t.Errorf("report: verified %v, hops %q, reason %q; want %v, %q, %q", rep.Verified, hops, rep.Reason, tt.verified, tt.hops, tt.reason)
			}
		})
	}
}

// The probes' client interfaces, named apart to embed them in one fake.
type (
	sqsProbeAPI      = svcsqs.ProbeAPI
	kinesisProbeAPI  = svckinesis.ProbeAPI
	dynamodbProbeAPI = svcdynamodb.ProbeAPI
)

// fakeSource records the canary sent into a route's source; the embedded
// interfaces panic on any other call.
type fakeSource struct {
	sqsProbeAPI
	kinesisProbeAPI
	dynamodbProbeAPI
	mu   sync.Mutex
	sent []string
	item map[string]ddbtypes.AttributeValue
}

func (f *fakeSource) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, aws.ToString(in.MessageBody))
	return &sqs.SendMessageOutput{}, nil
}

func (f *fakeSource) PutRecord(_ context.Context, in *kinesis.PutRecordInput, _ ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, string(in.Data))
	return &kinesis.PutRecordOutput{}, nil
}

func (f *fakeSource) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.item = in.Item
	if id, ok := in.Item["id"].(*ddbtypes.AttributeValueMemberS); ok {
		f.sent = append(f.sent, id.Value)
	}
	return &dynamodb.PutItemOutput{}, nil
}

func (f *fakeSource) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) == 0 {
		return ""
	}
	return f.sent[len(f.sent)-1]
}

// fakeLogs serves a function's log group the way CloudWatch Logs does: it
// does not exist until the first invocation, and a filter may return empty
// pages before the page with the match. logged says whether the function
// logs what the source received.
type fakeLogs struct {
	t      *testing.T
	from   *fakeSource
	logged bool
	calls  int
}

func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.calls++
	if aws.ToString(in.LogGroupName) != "/aws/lambda/demo-handler" {
		f.t.Errorf("log group %q, want /aws/lambda/demo-handler", aws.ToString(in.LogGroupName))
	}
	canary := strings.Trim(aws.ToString(in.FilterPattern), `"`)
	if !strings.HasPrefix(aws.ToString(in.FilterPattern), `"wireup-canary-`) || !strings.HasSuffix(aws.ToString(in.FilterPattern), `"`) {
		f.t.Errorf("filter pattern %q, want the quoted canary id", aws.ToString(in.FilterPattern))
	}
	switch {
	case f.calls == 1:
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The specified log group does not exist."}
	case !f.logged || in.NextToken == nil:
		return &cloudwatchlogs.FilterLogEventsOutput{NextToken: aws.String("page-2")}, nil
	}
	if !strings.Contains(f.from.last(), canary) {
		return &cloudwatchlogs.FilterLogEventsOutput{}, nil
	}
	msg := `{"level":"INFO","msg":"event","id":"` + canary + `"}`
	return &cloudwatchlogs.FilterLogEventsOutput{Events: []cwltypes.FilteredLogEvent{{Message: aws.String(msg), LogStreamName: aws.String("2026/11/25/[$LATEST]abc")}}}, nil
}

// On AWS and LocalStack verify sends the canary into the route's source and
// finds the handler's log line for it in CloudWatch Logs; a function that
// never logs it fails verify once the timeout is over. The real probes run
// over fake clients.
func TestVerifyLambdaLogs(t *testing.T) {
	tests := []struct {
		route   string
		edit    func(*spec.Spec)
		logged  bool
		wantErr string
	}{
		{"sqs-to-lambda", nil, true, ""},
		{"dynamodb-to-lambda", func(s *spec.Spec) { s.DynamoDB.PartitionKey = "device" }, true, ""},
		{"kinesis-to-lambda", nil, false, "did not log the canary"},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			var edits []func(*spec.Spec)
			if tt.edit != nil {
				edits = append(edits, tt.edit)
			}
			p := unitPlan(t, []string{tt.route}, edits...)
			src := &fakeSource{}
			logs := &fakeLogs{t: t, from: src, logged: tt.logged}
			probes := map[string]service.Probe{"sqs": svcsqs.NewProbe(src), "kinesis": svckinesis.NewProbe(src),
				"dynamodb": svcdynamodb.NewProbe(src, nil), "lambda": svclambda.NewProbe(nil, logs, "")}
			v := deployedVerifier(t, p, targets.AWS, probes, map[string]map[string]string{
				plan.IDFunction: {"name": "demo-handler"}, plan.IDQueue: {"url": "https://sqs/q"},
				plan.IDStream: {"name": "demo-stream"}, plan.IDTable: {"name": "demo-table", "streamArn": "arn:stream"}})
			rep, err := v.Verify(context.Background(), p, Options{Target: targets.AWS, Timeout: 1500 * time.Millisecond})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("verify = %+v, %v; want an error containing %q", rep, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			from, _, _ := strings.Cut(tt.route, "-to-")
			if !rep.Verified || len(rep.Hops) != 1 || rep.Hops[0].Path != from+" → lambda" || !strings.Contains(rep.Hops[0].Detail, "demo-handler logged the canary") {
				t.Errorf("report %+v, want verified through %s → lambda", rep, from)
			}
			if !strings.Contains(src.last(), rep.Canary) {
				t.Errorf("the source got %q, not the canary %s", src.last(), rep.Canary)
			}
			if src.item != nil {
				if k, ok := src.item["device"].(*ddbtypes.AttributeValueMemberS); !ok || k.Value != rep.Canary {
					t.Errorf("canary item %v lacks the table's key", src.item)
				}
			}
		})
	}
}

// checkerProbe is a sink with a stand-in check at s3.
type checkerProbe struct {
	*fakeProbe
	check service.Check
}

func (checkerProbe) StandIn(*service.Canary) string { return "s3" }

func (p checkerProbe) Check(_ context.Context, c *service.Canary) service.Check {
	*p.calls = append(*p.calls, "check "+p.name+" "+strings.Join(c.Route, "+"))
	return p.check
}

// Where the target cannot move the canary to a sink with a stand-in check,
// verify proves the route up to the stand-in and reports the check beside
// the hops: never verified, and an error when the check fails. Where the
// canary cannot reach the stand-in either, the check is skipped and says
// why.
func TestVerifyStandInCheck(t *testing.T) {
	route := []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}
	passed := service.Check{Name: "stand-in", Status: service.CheckPassed, Detail: "canary found"}
	failed := service.Check{Name: "stand-in", Status: service.CheckFailed, Detail: "column time does not parse"}
	tests := []struct {
		name   string
		target targets.Target
		check  service.Check
		// want
		calls  []string
		hops   []string
		checks []string
		err    string
	}{
		{name: "passed", target: targets.Moto, check: passed,
			calls:  []string{"inject firehose", "await s3 from firehose", "check athena " + strings.Join(route, "+")},
			hops:   []string{"app → firehose → s3"},
			checks: []string{"stand-in passed: canary found"}},
		{name: "failed", target: targets.Moto, check: failed,
			calls:  []string{"inject firehose", "await s3 from firehose", "check athena " + strings.Join(route, "+")},
			hops:   []string{"app → firehose → s3"},
			checks: []string{"stand-in failed: column time does not parse"}, err: "stand-in failed: column time does not parse"},
		{name: "no data to the stand-in", target: targets.Kumo, check: passed,
			checks: []string{"stand-in check at s3 skipped: the canary cannot reach s3 on kumo: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := unitPlan(t, route)
			var calls []string
			probes := map[string]service.Probe{}
			for _, s := range []string{"s3", "firehose"} {
				probes[s] = &fakeProbe{name: s, calls: &calls}
			}
			probes["athena"] = checkerProbe{&fakeProbe{name: "athena", calls: &calls}, tt.check}
			v := deployedVerifier(t, p, tt.target, probes, nil)
			rep, err := v.Verify(context.Background(), p, Options{Target: tt.target, Timeout: time.Second})
			if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			if d := cmp.Diff(tt.calls, calls); d != "" {
				t.Errorf("probe calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.hops, hopPaths(rep)); d != "" {
				t.Errorf("hops (-want +got):\n%s", d)
			}
			var checks []string
			for _, c := range rep.Checks {
				checks = append(checks, c.Name+" "+c.Status+": "+c.Detail)
			}
			if len(checks) != len(tt.checks) || len(checks) > 0 && !strings.HasPrefix(checks[0], tt.checks[0]) {
				t.Errorf("checks = %q, want %q", checks, tt.checks)
			}
			if rep.Verified || rep.Reason == "" {
				t.Errorf("verified %v, reason %q: a stand-in check never verifies", rep.Verified, rep.Reason)
			}
		})
	}
}
