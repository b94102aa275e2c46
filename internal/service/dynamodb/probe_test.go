package dynamodb

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// probeTable is the table demo-table keyed by device: an item put is
// readable after reads calls (eventual arrival), and its stream carries
// the keys of what was put when stream is set.
type probeTable struct {
	mu     sync.Mutex
	item   map[string]ddbtypes.AttributeValue
	reads  int
	stream bool
}

func (f *probeTable) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.item = in.Item
	return &dynamodb.PutItemOutput{}, nil
}

func (f *probeTable) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.reads++; f.reads < 2 || f.item == nil || !aws.ToBool(in.ConsistentRead) {
		return &dynamodb.GetItemOutput{}, nil
	}
	for k, v := range in.Key {
		if cmp.Diff(f.item[k], v, cmp.AllowUnexported(ddbtypes.AttributeValueMemberS{})) != "" {
			return &dynamodb.GetItemOutput{}, nil
		}
	}
	return &dynamodb.GetItemOutput{Item: f.item}, nil
}

func (f *probeTable) DescribeStream(_ context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	return &dynamodbstreams.DescribeStreamOutput{StreamDescription: &streamtypes.StreamDescription{Shards: []streamtypes.Shard{{ShardId: aws.String("s1")}}}}, nil
}

func (f *probeTable) GetShardIterator(_ context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	return &dynamodbstreams.GetShardIteratorOutput{ShardIterator: aws.String("it-0")}, nil
}

func (f *probeTable) GetRecords(_ context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if aws.ToString(in.ShardIterator) != "it-0" || !f.stream {
		return &dynamodbstreams.GetRecordsOutput{}, nil
	}
	pk := f.item["device"].(*ddbtypes.AttributeValueMemberS).Value
	return &dynamodbstreams.GetRecordsOutput{NextShardIterator: aws.String("it-1"), Records: []streamtypes.Record{{EventName: streamtypes.OperationTypeInsert,
		Dynamodb: &streamtypes.StreamRecord{SequenceNumber: aws.String("7"), Keys: map[string]streamtypes.AttributeValue{"device": &streamtypes.AttributeValueMemberS{Value: pk}}}}}}, nil
}

func probeCanary(tg targets.Target, outputs map[string]string, hops *[]string) *service.Canary {
	return &service.Canary{ID: service.NewCanaryID(), Route: []string{"dynamodb-to-lambda"}, Target: tg, Timeout: 2 * time.Second,
		Resources: map[string]*service.Record{plan.IDTable: {Inputs: map[string]string{"partitionKey": "device", "sortKey": "at"}, Outputs: outputs}},
		OnHop:     func(path string, _ time.Duration, detail string) { *hops = append(*hops, path+": "+detail) }}
}

// The canary event carries the table's key where it is not the id, so
// that an IoT rule's DynamoDBv2 action stores it under that key.
func TestProbeFields(t *testing.T) {
	var hops []string
	c := probeCanary(targets.AWS, nil, &hops)
	if d := cmp.Diff(map[string]any{"device": c.ID, "at": "canary"}, NewProbe(nil, nil).Fields(c)); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
	c.Resources[plan.IDTable].Inputs = map[string]string{"partitionKey": "id"}
	if d := cmp.Diff(map[string]any{}, NewProbe(nil, nil).Fields(c)); d != "" {
		t.Errorf("fields of a table keyed by id (-want +got):\n%s", d)
	}
}

// The canary item carries the table's key and the id a stream handler
// reads; Await reads it back by the key, consistently, until it is there.
func TestProbePutsAndReadsTheItem(t *testing.T) {
	f := &probeTable{}
	var hops []string
	c := probeCanary(targets.AWS, map[string]string{"name": "demo-table", "streamArn": "arn:stream"}, &hops)
	p := NewProbe(f, f)
	if p.Proves(c) {
		t.Error("the table's stream is read on AWS")
	}
	start, err := p.Inject(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ddbtypes.AttributeValue{"device": &ddbtypes.AttributeValueMemberS{Value: c.ID}, "at": &ddbtypes.AttributeValueMemberS{Value: "canary"},
		"id": &ddbtypes.AttributeValueMemberS{Value: c.ID}, "source": &ddbtypes.AttributeValueMemberS{Value: "wireup-verify"}}
	if d := cmp.Diff(want, f.item, cmp.AllowUnexported(ddbtypes.AttributeValueMemberS{})); d != "" {
		t.Errorf("item (-want +got):\n%s", d)
	}
	if err := p.Await(context.Background(), c, "app", start); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"dynamodb → lambda: item " + c.ID + " in demo-table"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
}

// On kumo, whose mappings never poll, the injection proves the table's
// stream carries the item; a stream without it fails.
func TestProbeReadsTheStreamOnKumo(t *testing.T) {
	for _, stream := range []bool{true, false} {
		f := &probeTable{stream: stream}
		var hops []string
		c := probeCanary(targets.Kumo, map[string]string{"name": "demo-table", "streamArn": "arn:stream"}, &hops)
		p := NewProbe(f, f)
		if !p.Proves(c) {
			t.Fatal("the table's stream is not read on kumo")
		}
		_, err := p.Inject(context.Background(), c)
		switch {
		case stream && err != nil:
			t.Fatal(err)
		case stream:
			if d := cmp.Diff([]string{"dynamodb → stream: INSERT record 7"}, hops); d != "" {
				t.Errorf("hops (-want +got):\n%s", d)
			}
		case err == nil || !strings.Contains(err.Error(), "not in the table's stream"):
			t.Errorf("Inject with an empty stream = %v", err)
		}
	}
	c := probeCanary(targets.Kumo, map[string]string{"name": "demo-table"}, new([]string))
	if NewProbe(nil, nil).Proves(c) {
		t.Error("a table without a stream proves its stream")
	}
}
