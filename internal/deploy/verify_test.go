package deploy

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// deployedEngine returns an engine whose state records every resource of p
// as deployed with its settings and the given outputs.
func deployedEngine(t *testing.T, p *plan.Plan, tg targets.Target, c *Clients, outputs map[string]map[string]string) *Engine {
	t.Helper()
	e := &Engine{Clients: c, StatePath: filepath.Join(t.TempDir(), StateFile), Target: TargetInfo{Kind: string(tg), Region: "us-east-1", Account: "123456789012"}}
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Resources {
		if err := store.put(&ResourceState{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Hash: r.Hash, Inputs: r.Settings, Outputs: outputs[r.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	return e
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
	sqsAPI
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
	dynamodbAPI
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
// verifiable.
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*spec.Spec)
			if tt.edit != nil {
				edits = append(edits, tt.edit)
			}
			p := unitPlan(t, []string{tt.route}, edits...)
			pub := &fakeIoTData{}
			c := &Clients{IoTData: pub}
			if tt.target == targets.AWS {
				c.SQS, c.DynamoDB = &fakeQueue{from: pub}, &fakeTable{from: pub}
			}
			e := deployedEngine(t, p, tt.target, c, map[string]map[string]string{
				plan.IDQueue: {"url": "https://sqs/q"}, plan.IDTable: {"name": "demo-table"}})
			rep, err := e.Verify(context.Background(), p, VerifyOptions{Target: tt.target, Timeout: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			topic := p.Resource(plan.IDTopicRule).Settings["topic"]
			if ps := pub.published[topic]; len(ps) != 1 || !bytes.Contains(ps[0], []byte(rep.Canary)) {
				t.Errorf("published %q to %s, want the canary once", pub.published, topic)
			}
			var hops []string
			for _, h := range rep.Hops {
				hops = append(hops, h.Path)
			}
			if rep.Verified != tt.verified || strings.Join(hops, ",") != strings.Join(tt.hops, ",") || !strings.Contains(rep.Reason, tt.reason) {
				t.Errorf("report: verified %v, hops %q, reason %q; want %v, %q, %q", rep.Verified, hops, rep.Reason, tt.verified, tt.hops, tt.reason)
			}
		})
	}
}

// fakeSource records the canary sent into a route's source.
type fakeSource struct {
	sqsAPI
	kinesisAPI
	dynamodbAPI
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
// never logs it fails verify once the timeout is over.
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
			c := &Clients{SQS: src, Kinesis: src, DynamoDB: src, Logs: logs}
			e := deployedEngine(t, p, targets.AWS, c, map[string]map[string]string{
				plan.IDFunction: {"name": "demo-handler"}, plan.IDQueue: {"url": "https://sqs/q"},
				plan.IDStream: {"name": "demo-stream"}, plan.IDTable: {"name": "demo-table"}})
			rep, err := e.Verify(context.Background(), p, VerifyOptions{Target: targets.AWS, Timeout: 1500 * time.Millisecond})
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
