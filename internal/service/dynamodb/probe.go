package dynamodb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// ProbeAPI is the part of the DynamoDB client the verify probe uses.
type ProbeAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// StreamsAPI is the part of the DynamoDB Streams client the verify probe
// uses.
type StreamsAPI interface {
	DescribeStream(ctx context.Context, in *dynamodbstreams.DescribeStreamInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error)
	GetShardIterator(ctx context.Context, in *dynamodbstreams.GetShardIteratorInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *dynamodbstreams.GetRecordsInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error)
}

// Probe is the verify probe of the route's table: it writes the canary as
// an item and reads it back by its key.
type Probe struct {
	c       ProbeAPI
	streams StreamsAPI
}

// NewProbe returns the probe on c, reading the table's stream with
// streams.
func NewProbe(c ProbeAPI, streams StreamsAPI) *Probe { return &Probe{c: c, streams: streams} }

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg))
}

var (
	_ service.Probe   = (*Probe)(nil)
	_ service.Prover  = (*Probe)(nil)
	_ service.Fielder = (*Probe)(nil)
)

// key is the key of the canary's item.
func key(c *service.Canary) map[string]ddbtypes.AttributeValue {
	k := map[string]ddbtypes.AttributeValue{c.In(plan.IDTable, "partitionKey"): &ddbtypes.AttributeValueMemberS{Value: c.ID}}
	if sk := c.In(plan.IDTable, "sortKey"); sk != "" {
		k[sk] = &ddbtypes.AttributeValueMemberS{Value: "canary"}
	}
	return k
}

// Fields implements service.Fielder: the table's key, so that an IoT
// rule's DynamoDBv2 action, which writes the message's fields as the item,
// stores the canary where Await reads it.
func (*Probe) Fields(c *service.Canary) map[string]any {
	f := map[string]any{}
	if pk := c.In(plan.IDTable, "partitionKey"); pk != "" && pk != "id" {
		f[pk] = c.ID
	}
	if sk := c.In(plan.IDTable, "sortKey"); sk != "" {
		f[sk] = "canary"
	}
	return f
}

// Proves implements service.Prover: on kumo, whose event source mappings
// never poll, the table's stream still carries the item, and Inject reads
// it from there. Elsewhere the stream is not read: moto drops its records
// after a failed dispatch to the function, and AWS moves the data anyway.
func (*Probe) Proves(c *service.Canary) bool {
	return c.Target == targets.Kumo && c.Out(plan.IDTable, "streamArn") != ""
}

// Inject implements service.Probe. The item carries the id field a
// handler of the table's stream reads, whatever the table's key is. Where
// Proves, it then finds the item in the table's stream.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	item := key(c)
	item["id"] = &ddbtypes.AttributeValueMemberS{Value: c.ID}
	item["source"] = &ddbtypes.AttributeValueMemberS{Value: "wireup-verify"}
	if _, err := p.c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(c.Out(plan.IDTable, "name")), Item: item}); err != nil {
		return start, fmt.Errorf("put canary item: %w", err)
	}
	if p.Proves(c) {
		return start, p.readStream(ctx, c, start)
	}
	return start, nil
}

// readStream reads the canary's item from the table's stream: the hop
// before an event source mapping.
func (p *Probe) readStream(ctx context.Context, c *service.Canary, start time.Time) error {
	pk := c.In(plan.IDTable, "partitionKey")
	sa := aws.String(c.Out(plan.IDTable, "streamArn"))
	d, err := p.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: sa})
	if err != nil {
		return fmt.Errorf("describe table stream: %w", err)
	}
	deadline := time.Now().Add(c.Timeout)
	for _, sh := range d.StreamDescription.Shards {
		it, err := p.streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: sa, ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			return fmt.Errorf("get stream iterator: %w", err)
		}
		iter := it.ShardIterator
		for iter != nil && time.Now().Before(deadline) {
			out, err := p.streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				return fmt.Errorf("get stream records: %w", err)
			}
			for _, r := range out.Records {
				if k, ok := r.Dynamodb.Keys[pk].(*streamtypes.AttributeValueMemberS); ok && k.Value == c.ID {
					c.Hop("dynamodb → stream", start, string(r.EventName)+" record "+aws.ToString(r.Dynamodb.SequenceNumber))
					return nil
				}
			}
			if len(out.Records) == 0 {
				break
			}
			iter = out.NextShardIterator
		}
	}
	return errors.New("dynamodb → stream: the canary item is not in the table's stream")
}

// Await implements service.Probe: it reads the canary's item until it is
// there.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	t, k := c.Out(plan.IDTable, "name"), key(c)
	deadline := time.Now().Add(c.Timeout)
	for time.Now().Before(deadline) {
		got, err := p.c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t), Key: k, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return fmt.Errorf("read canary item: %w", err)
		}
		if len(got.Item) > 0 {
			c.Hop(c.Path(), start, "item "+c.ID+" in "+t)
			return nil
		}
		if err := service.Sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary item did not reach table %s within %s", c.Path(), t, c.Timeout)
}
