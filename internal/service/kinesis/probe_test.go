package kinesis

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// probeStream is the stream demo-stream with two shards. A record goes to
// shard-2; an iterator is the shard and the index of the next record. Only
// iterator types in types are served (kumo refuses AT_TIMESTAMP).
type probeStream struct {
	mu      sync.Mutex
	types   []kintypes.ShardIteratorType
	records map[string][]kintypes.Record
	asked   []string // iterator requests: type and timestamp
}

func newProbeStream(types ...kintypes.ShardIteratorType) *probeStream {
	return &probeStream{types: types, records: map[string][]kintypes.Record{
		"shard-1": {{Data: []byte(`{"id":"old"}`), SequenceNumber: aws.String("1")}},
		"shard-2": {{Data: []byte(`{"id":"old"}`), SequenceNumber: aws.String("2")}},
	}}
}

func (s *probeStream) PutRecord(_ context.Context, in *kinesis.PutRecordInput, _ ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if aws.ToString(in.StreamName) != "demo-stream" || aws.ToString(in.PartitionKey) == "" {
		return nil, fmt.Errorf("put to %q with key %q", aws.ToString(in.StreamName), aws.ToString(in.PartitionKey))
	}
	seq := fmt.Sprint(10 + len(s.records["shard-2"]))
	s.records["shard-2"] = append(s.records["shard-2"], kintypes.Record{Data: in.Data, SequenceNumber: aws.String(seq)})
	return &kinesis.PutRecordOutput{ShardId: aws.String("shard-2"), SequenceNumber: aws.String(seq)}, nil
}

func (s *probeStream) ListShards(_ context.Context, in *kinesis.ListShardsInput, _ ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error) {
	return &kinesis.ListShardsOutput{Shards: []kintypes.Shard{{ShardId: aws.String("shard-1")}, {ShardId: aws.String("shard-2")}}}, nil
}

func (s *probeStream) GetShardIterator(_ context.Context, in *kinesis.GetShardIteratorInput, _ ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, fmt.Sprintf("%s %v", in.ShardIteratorType, in.Timestamp != nil))
	next := 0
	switch in.ShardIteratorType {
	case kintypes.ShardIteratorTypeLatest:
		next = len(s.records[aws.ToString(in.ShardId)])
	case kintypes.ShardIteratorTypeAtTimestamp:
		next = 1 // the old records are older than any timestamp asked for
	}
	for _, t := range s.types {
		if t == in.ShardIteratorType {
			return &kinesis.GetShardIteratorOutput{ShardIterator: aws.String(fmt.Sprintf("%s/%d", aws.ToString(in.ShardId), next))}, nil
		}
	}
	return nil, fmt.Errorf("InvalidArgumentException: Invalid ShardIteratorType")
}

func (s *probeStream) GetRecords(_ context.Context, in *kinesis.GetRecordsInput, _ ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var shard string
	var next int
	if _, err := fmt.Sscanf(strings.Replace(aws.ToString(in.ShardIterator), "/", " ", 1), "%s %d", &shard, &next); err != nil {
		return nil, err
	}
	recs := s.records[shard][next:]
	return &kinesis.GetRecordsOutput{Records: recs, NextShardIterator: aws.String(fmt.Sprintf("%s/%d", shard, next+len(recs)))}, nil
}

func probeCanary(hops *[]string) *service.Canary {
	c := &service.Canary{ID: service.NewCanaryID(), Route: []string{"app-to-kinesis"}, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDStream: {Outputs: map[string]string{"name": "demo-stream"}}},
		OnHop:     func(path string, _ time.Duration, detail string) { *hops = append(*hops, path+": "+detail) }}
	c.Body = []byte(`{"id":"` + c.ID + `"}` + "\n")
	return c
}

// Listening takes an iterator at the tip of every shard before the
// canary is put, so a target without time-based iterators reads it back,
// and nothing older.
func TestProbeListensFromTheTip(t *testing.T) {
	s := newProbeStream(kintypes.ShardIteratorTypeLatest)
	var hops []string
	c := probeCanary(&hops)
	p := NewProbe(s)
	p.poll = 10 * time.Millisecond
	lis, err := p.Listen(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	start, err := p.Inject(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if err := lis.Await(context.Background(), c, "app", start); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"app → kinesis: record 11 in shard-2"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"LATEST false", "LATEST false"}, s.asked); d != "" {
		t.Errorf("iterators asked for (-want +got):\n%s", d)
	}
}

// Without listening, Await reads every shard from just before start.
func TestProbeAwaitReadsFromStart(t *testing.T) {
	s := newProbeStream(kintypes.ShardIteratorTypeAtTimestamp)
	var hops []string
	c := probeCanary(&hops)
	p := NewProbe(s)
	p.poll = 10 * time.Millisecond
	start, err := p.Inject(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Await(context.Background(), c, "app", start); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"app → kinesis: record 11 in shard-2"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"AT_TIMESTAMP true", "AT_TIMESTAMP true"}, s.asked); d != "" {
		t.Errorf("iterators asked for (-want +got):\n%s", d)
	}
}

// A canary that never arrives fails once the timeout is over.
func TestProbeAwaitTimesOut(t *testing.T) {
	s := newProbeStream(kintypes.ShardIteratorTypeLatest)
	var hops []string
	c := probeCanary(&hops)
	c.Timeout = 100 * time.Millisecond
	p := NewProbe(s)
	p.poll = 10 * time.Millisecond
	lis, err := p.Listen(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if err := lis.Await(context.Background(), c, "app", time.Now()); err == nil || !strings.Contains(err.Error(), "did not reach stream demo-stream") {
		t.Errorf("Await = %v, want a timeout", err)
	}
}

// A CloudWatch Logs subscription puts the canary inside a gzipped
// envelope: the probe finds it there.
func TestProbeFindsCanaryInGzippedEnvelope(t *testing.T) {
	s := newProbeStream(kintypes.ShardIteratorTypeAtTimestamp)
	var hops []string
	c := probeCanary(&hops)
	c.Route = []string{"cloudwatch-logs-to-kinesis"}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	fmt.Fprintf(zw, `{"messageType":"DATA_MESSAGE","logEvents":[{"id":0,"timestamp":1,"message":%q}]}`, strings.TrimSpace(string(c.Body)))
	zw.Close()
	s.records["shard-2"] = append(s.records["shard-2"], kintypes.Record{Data: zipped.Bytes(), SequenceNumber: aws.String("11")})
	p := NewProbe(s)
	p.poll = 10 * time.Millisecond
	if err := p.Await(context.Background(), c, "cloudwatch-logs", time.Now()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"cloudwatch-logs → kinesis: record 11 in shard-2"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
}
