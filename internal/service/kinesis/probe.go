package kinesis

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the Kinesis client the verify probe uses.
type ProbeAPI interface {
	PutRecord(ctx context.Context, in *kinesis.PutRecordInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error)
	ListShards(ctx context.Context, in *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// Probe is the verify probe of the route's stream: it puts the canary as a
// record, and reads the stream's shards for it.
type Probe struct {
	c ProbeAPI
	// poll is the pause between rounds of reads.
	poll time.Duration
}

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c, poll: time.Second} }

// NewProbeFromConfig returns the probe on a client built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe { return NewProbe(kinesis.NewFromConfig(cfg)) }

var (
	_ service.Probe    = (*Probe)(nil)
	_ service.Listener = (*Probe)(nil)
)

// Inject implements service.Probe.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	if _, err := p.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(c.Out(plan.IDStream, "name")),
		PartitionKey: aws.String(c.ID), Data: c.Body}); err != nil {
		return start, fmt.Errorf("put canary record: %w", err)
	}
	return start, nil
}

// Listen implements service.Listener: it takes an iterator at the tip of
// every shard before the canary is sent, so that the wait reads only what
// came after. Not every target has the time-based iterator Await falls
// back on (kumo refuses AT_TIMESTAMP); every one has LATEST.
func (p *Probe) Listen(ctx context.Context, c *service.Canary) (service.Listening, error) {
	iters, err := p.iterators(ctx, c, func(in *kinesis.GetShardIteratorInput) { in.ShardIteratorType = kintypes.ShardIteratorTypeLatest })
	if err != nil {
		return nil, err
	}
	return &listening{p: p, iters: iters}, nil
}

// Await implements service.Probe: without Listen it reads every shard from
// just before start.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	iters, err := p.iterators(ctx, c, func(in *kinesis.GetShardIteratorInput) {
		in.ShardIteratorType, in.Timestamp = kintypes.ShardIteratorTypeAtTimestamp, aws.Time(start.Add(-5*time.Second))
	})
	if err != nil {
		return err
	}
	return p.read(ctx, c, start, iters)
}

// iterators returns an iterator per shard of the route's stream, of the
// type set sets.
func (p *Probe) iterators(ctx context.Context, c *service.Canary, set func(*kinesis.GetShardIteratorInput)) (map[string]*string, error) {
	name := aws.String(c.Out(plan.IDStream, "name"))
	shards, err := p.c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: name})
	if err != nil {
		return nil, fmt.Errorf("list shards: %w", err)
	}
	iters := map[string]*string{}
	for _, sh := range shards.Shards {
		in := &kinesis.GetShardIteratorInput{StreamName: name, ShardId: sh.ShardId}
		set(in)
		it, err := p.c.GetShardIterator(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("get shard iterator: %w", err)
		}
		iters[aws.ToString(sh.ShardId)] = it.ShardIterator
	}
	return iters, nil
}

// read reads the shards from iters until a record carries the canary.
func (p *Probe) read(ctx context.Context, c *service.Canary, start time.Time, iters map[string]*string) error {
	deadline := time.Now().Add(c.Timeout)
	for time.Now().Before(deadline) {
		for shard, iter := range iters {
			if iter == nil {
				continue
			}
			out, err := p.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				return fmt.Errorf("get records: %w", err)
			}
			for _, r := range out.Records {
				// A CloudWatch Logs subscription puts gzipped envelopes.
				if bytes.Contains(service.Unpacked(r.Data), []byte(c.ID)) {
					c.Hop(c.Path(), start, "record "+aws.ToString(r.SequenceNumber)+" in "+shard)
					return nil
				}
			}
			iters[shard] = out.NextShardIterator
		}
		if err := service.Sleep(ctx, p.poll); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary did not reach stream %s within %s", c.Path(), c.Out(plan.IDStream, "name"), c.Timeout)
}

// listening holds an iterator per shard, taken before the canary was sent.
type listening struct {
	p     *Probe
	iters map[string]*string
}

// Await implements service.Listening.
func (l *listening) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	return l.p.read(ctx, c, start, l.iters)
}

// Close implements service.Listening: iterators need no closing.
func (*listening) Close() {}
