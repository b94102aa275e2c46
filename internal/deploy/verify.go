package deploy

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// VerifyOptions tune Verify.
type VerifyOptions struct {
	Target targets.Target
	// Timeout bounds the wait for each hop (default 30 s; Firehose waits at
	// least its buffer interval plus a minute on AWS).
	Timeout time.Duration
	// Handler is the deployment package of the route's Lambda function. On
	// kumo, Verify runs it against kumo's Runtime API so the function really
	// executes; without it Lambda hops are not verifiable there.
	Handler []byte
}

// Hop is one verified step of a route.
type Hop struct {
	Path   string        `json:"path"` // e.g. "s3 → sqs"
	Took   time.Duration `json:"tookNs"`
	Detail string        `json:"detail"`
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	Canary   string `json:"canary"`
	Hops     []Hop  `json:"hops"`
	Verified bool   `json:"verified"`
	// Reason says why data flow is not verifiable on the target, when
	// Verified is false and Verify returned no error.
	Reason string `json:"reason,omitempty"`
}

// Verify sends a canary event with a unique id into the route's source and
// polls the destination until it appears, timing each hop. Where the target
// cannot move data on the route, it says so in the report (Verified false,
// Reason set) and proves only the hops that do move data: it never passes a
// path that did not carry the canary. An error means the route should move
// data here and did not.
func (e *Engine) Verify(ctx context.Context, p *plan.Plan, o VerifyOptions) (*VerifyReport, error) {
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	for _, r := range p.Resources {
		if rs := store.get(r.ID); rs == nil || rs.Hash == "" {
			return nil, fmt.Errorf("%s %s is not deployed: run `wireup deploy` first", r.Kind, r.Name)
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	v := &verifier{e: e, p: p, o: o, store: store, rep: &VerifyReport{Canary: newCanary()}}
	hops := slicesClone(p.Route)
	if p.Resource(plan.IDTransform) != nil {
		hops = append(hops, "firehose-transform-lambda")
	}
	capab := targets.Route(o.Target, hops)
	if capab.Data && strings.HasSuffix(p.Route[len(p.Route)-1], "-to-lambda") && o.Target == targets.Kumo {
		if u, err := url.Parse(e.Target.Endpoint); err == nil && u.Port() != "4566" {
			capab.Data, capab.DataReason = false, "kumo delivers to Lambda only when it listens on port 4566 (its Lambda base URL is hard-coded), not "+u.Port()
		}
	}
	if o.Target == targets.AWS || o.Target == targets.LocalStack {
		if reason := v.unobservable(); reason != "" {
			capab.Data, capab.DataReason = false, reason
		}
	}
	if err := v.run(ctx, capab.Data); err != nil {
		return v.rep, err
	}
	v.rep.Verified = capab.Data
	if !capab.Data {
		v.rep.Reason = capab.DataReason
	}
	return v.rep, nil
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func newCanary() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "wireup-canary-" + hex.EncodeToString(b)
}

type verifier struct {
	e     *Engine
	p     *plan.Plan
	o     VerifyOptions
	store *stateStore
	rep   *VerifyReport
}

func (v *verifier) out(id, key string) string {
	if rs := v.store.get(id); rs != nil {
		return rs.Outputs[key]
	}
	return ""
}

func (v *verifier) in(id, key string) string {
	if rs := v.store.get(id); rs != nil {
		return rs.Inputs[key]
	}
	return ""
}

func (v *verifier) hop(path string, start time.Time, detail string) {
	v.rep.Hops = append(v.rep.Hops, Hop{Path: path, Took: time.Since(start), Detail: detail})
}

// unobservable names what wireup cannot observe on AWS or LocalStack yet.
func (v *verifier) unobservable() string {
	last := v.p.Route[len(v.p.Route)-1]
	switch {
	case strings.HasSuffix(last, "-to-sns"):
		return "nothing on this route subscribes to the topic, so wireup has nowhere to read the canary from"
	}
	return ""
}

// path is the route's services joined with arrows, e.g. "iot → kinesis".
func (v *verifier) path() string {
	var out []string
	for i, h := range v.p.Route {
		from, to, _ := strings.Cut(h, "-to-")
		if i == 0 {
			out = append(out, from)
		}
		out = append(out, to)
	}
	return strings.Join(out, " → ")
}

// canaryJSON is the event the canary carries; generated consumers read the
// id field. Where the route has a table the event also carries its keys, so
// that an IoT rule's DynamoDBv2 action, which writes the message's fields as
// the item, can store it.
func (v *verifier) canaryJSON() []byte {
	m := map[string]any{"id": v.rep.Canary, "source": "wireup-verify", "kind": "canary", "time": time.Now().UTC()}
	if pk := v.in(plan.IDTable, "partitionKey"); pk != "" && pk != "id" {
		m[pk] = v.rep.Canary
	}
	if sk := v.in(plan.IDTable, "sortKey"); sk != "" {
		m[sk] = "canary"
	}
	b, _ := json.Marshal(m)
	return append(b, '\n')
}

// run proves every hop the target moves data on; when full is false it
// proves only what it can and returns nil.
func (v *verifier) run(ctx context.Context, full bool) error {
	route := strings.Join(v.p.Route, "+")
	last := v.p.Route[len(v.p.Route)-1]
	switch {
	case strings.HasSuffix(last, "-to-lambda"):
		return v.lambdaRoute(ctx, full)
	case strings.HasPrefix(route, "iot-"):
		return v.iotRoute(ctx, full)
	case !full:
		return nil
	case route == "s3-to-sqs":
		return v.s3ToQueue(ctx, "s3 → sqs")
	case route == "s3-to-sns+sns-to-sqs":
		return v.s3ToQueue(ctx, "s3 → sns → sqs")
	case route == "sns-to-sqs":
		start := time.Now()
		if _, err := v.e.Clients.SNS.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(v.out(plan.IDTopic, "arn")), Message: aws.String(string(v.canaryJSON()))}); err != nil {
			return fmt.Errorf("publish canary: %w", err)
		}
		return v.awaitQueue(ctx, "sns → sqs", start)
	case route == "app-to-sqs" || route == "sqs-to-app":
		// sqs → app: the application reads the queue, so the canary is
		// sent into it as a producer would and received back.
		start := time.Now()
		if _, err := v.e.Clients.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(v.out(plan.IDQueue, "url")), MessageBody: aws.String(string(v.canaryJSON()))}); err != nil {
			return fmt.Errorf("send canary: %w", err)
		}
		return v.awaitQueue(ctx, v.path(), start)
	case route == "app-to-kinesis" || route == "kinesis-to-app":
		return v.appToKinesis(ctx)
	case route == "app-to-firehose+firehose-to-s3":
		return v.appToFirehose(ctx)
	case route == "app-to-s3":
		start := time.Now()
		key := v.in(plan.IDBucket, "objectPrefix") + v.rep.Canary + ".json"
		b := v.out(plan.IDBucket, "name")
		if _, err := v.e.Clients.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String(key), Body: bytes.NewReader(v.canaryJSON())}); err != nil {
			return fmt.Errorf("put canary: %w", err)
		}
		if _, err := v.e.Clients.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String(key)}); err != nil {
			return fmt.Errorf("read canary back: %w", err)
		}
		v.hop("app → s3", start, "s3://"+b+"/"+key)
	case route == "app-to-dynamodb":
		start := time.Now()
		t, item := v.out(plan.IDTable, "name"), v.canaryItemKey()
		if _, err := v.e.Clients.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t), Item: item}); err != nil {
			return fmt.Errorf("put canary: %w", err)
		}
		got, err := v.e.Clients.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t), Key: item, ConsistentRead: aws.Bool(true)})
		if err != nil || len(got.Item) == 0 {
			return fmt.Errorf("read canary back from %s: %v", t, err)
		}
		v.hop("app → dynamodb", start, "item "+v.rep.Canary)
	default:
		return fmt.Errorf("wireup has no canary for route %s yet", route)
	}
	return nil
}

func (v *verifier) s3ToQueue(ctx context.Context, path string) error {
	start := time.Now()
	if err := v.putCanaryObject(ctx); err != nil {
		return err
	}
	return v.awaitQueue(ctx, path, start)
}

func (v *verifier) canaryKey() string {
	n := v.store.get(plan.IDBucketNotification)
	key := v.rep.Canary + ".json"
	if n != nil {
		key = n.Inputs["filterPrefix"] + v.rep.Canary + n.Inputs["filterSuffix"]
		if n.Inputs["filterSuffix"] == "" {
			key += ".json"
		}
	}
	return key
}

func (v *verifier) putCanaryObject(ctx context.Context) error {
	_, err := v.e.Clients.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(v.out(plan.IDBucket, "name")),
		Key: aws.String(v.canaryKey()), Body: bytes.NewReader(v.canaryJSON())})
	if err != nil {
		return fmt.Errorf("put canary object: %w", err)
	}
	return nil
}

// awaitQueue receives from the route's queue until a message mentions the
// canary, and deletes that message. Other messages (an s3:TestEvent, a
// producer's events) become visible again at once.
func (v *verifier) awaitQueue(ctx context.Context, path string, start time.Time) error {
	q := aws.String(v.out(plan.IDQueue, "url"))
	deadline := time.Now().Add(v.o.Timeout)
	for time.Now().Before(deadline) {
		out, err := v.e.Clients.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 2})
		if err != nil {
			return fmt.Errorf("receive from queue: %w", err)
		}
		for _, m := range out.Messages {
			if strings.Contains(aws.ToString(m.Body), v.rep.Canary) {
				took := time.Since(start)
				_, _ = v.e.Clients.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q, ReceiptHandle: m.ReceiptHandle})
				v.rep.Hops = append(v.rep.Hops, Hop{Path: path, Took: took, Detail: "message " + aws.ToString(m.MessageId)})
				return nil
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary %s did not arrive within %s", path, v.rep.Canary, v.o.Timeout)
}

// appToKinesis puts the canary into the stream and reads it back from its
// shard: the producer's hop (app → kinesis), or the application's own read
// (kinesis → app).
func (v *verifier) appToKinesis(ctx context.Context) error {
	c := v.e.Clients.Kinesis
	name := aws.String(v.out(plan.IDStream, "name"))
	start := time.Now()
	put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String(v.rep.Canary), Data: v.canaryJSON()})
	if err != nil {
		return fmt.Errorf("put canary record: %w", err)
	}
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: put.ShardId,
		ShardIteratorType: kintypes.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: put.SequenceNumber})
	if err != nil {
		return fmt.Errorf("get shard iterator: %w", err)
	}
	iter := it.ShardIterator
	deadline := time.Now().Add(v.o.Timeout)
	for iter != nil && time.Now().Before(deadline) {
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			return fmt.Errorf("get records: %w", err)
		}
		for _, r := range out.Records {
			if bytes.Contains(r.Data, []byte(v.rep.Canary)) {
				v.hop(v.path(), start, "record "+aws.ToString(r.SequenceNumber)+" in "+aws.ToString(put.ShardId))
				return nil
			}
		}
		iter = out.NextShardIterator
		if err := service.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary did not come back within %s", v.path(), v.o.Timeout)
}

func (v *verifier) appToFirehose(ctx context.Context) error {
	start := time.Now()
	name := v.out(plan.IDDeliveryStream, "name")
	if _, err := v.e.Clients.Firehose.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: aws.String(name), Record: &fhtypes.Record{Data: v.canaryJSON()}}); err != nil {
		return fmt.Errorf("put canary record: %w", err)
	}
	return v.awaitDelivered(ctx, "app → firehose → s3", start)
}

// awaitDelivered waits for the canary in what the delivery stream wrote to
// S3. On AWS that takes the buffer interval, whatever the verify timeout.
func (v *verifier) awaitDelivered(ctx context.Context, path string, start time.Time) error {
	timeout := v.o.Timeout
	if v.o.Target == targets.AWS || v.o.Target == targets.LocalStack {
		timeout = max(timeout, time.Duration(service.Int32(v.in(plan.IDDeliveryStream, "bufferIntervalSeconds")))*time.Second+time.Minute)
	}
	prefix, _, _ := strings.Cut(v.in(plan.IDDeliveryStream, "prefix"), "!{")
	return v.awaitObject(ctx, path, start, prefix, timeout)
}

// awaitObject lists the bucket under prefix until an object written since
// start contains the canary (gzip'd objects are unpacked).
func (v *verifier) awaitObject(ctx context.Context, path string, start time.Time, prefix string, timeout time.Duration) error {
	bucket := v.out(plan.IDBucket, "name")
	seen := map[string]bool{}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		list, err := v.e.Clients.S3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		if err != nil {
			return fmt.Errorf("list delivered objects: %w", err)
		}
		for _, o := range list.Contents {
			k := aws.ToString(o.Key)
			if seen[k] || o.LastModified != nil && o.LastModified.Before(start.Add(-time.Minute)) {
				continue
			}
			seen[k] = true
			got, err := v.e.Clients.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(k)})
			if err != nil {
				return fmt.Errorf("read delivered object: %w", err)
			}
			body, _ := io.ReadAll(io.LimitReader(got.Body, 64<<20))
			got.Body.Close()
			if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
				if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
					body, _ = io.ReadAll(zr)
				}
			}
			if bytes.Contains(body, []byte(v.rep.Canary)) {
				v.hop(path, start, "s3://"+bucket+"/"+k)
				return nil
			}
		}
		if err := service.Sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary did not reach s3://%s/%s within %s", path, bucket, prefix, timeout)
}

// iotRoute publishes the canary to the topic the rule selects from, as the
// generated producer does, and where the target moves data waits for it
// where the route ends. Where it does not (moto fires no rule action), the
// publish is still made: it proves the rule's topic accepts messages.
func (v *verifier) iotRoute(ctx context.Context, full bool) error {
	start, err := v.publishCanary(ctx)
	if err != nil {
		return err
	}
	if !full {
		return nil
	}
	return v.awaitEnd(ctx, v.path(), start)
}

// publishCanary publishes the canary to the IoT topic and records the hop.
func (v *verifier) publishCanary(ctx context.Context) (time.Time, error) {
	topic := v.in(plan.IDTopicRule, "topic")
	if topic == "" {
		return time.Time{}, errors.New("the deployed topic rule records no topic: run `wireup deploy` again")
	}
	start := time.Now()
	code, err := v.e.Clients.IoTData.Publish(ctx, topic, v.canaryJSON())
	if err != nil {
		return start, fmt.Errorf("publish canary: %w", err)
	}
	v.hop("publish → iot", start, fmt.Sprintf("topic %s accepted the canary (HTTP %d)", topic, code))
	return start, nil
}

// awaitEnd waits for the canary at the last service of the route.
func (v *verifier) awaitEnd(ctx context.Context, path string, start time.Time) error {
	last := v.p.Route[len(v.p.Route)-1]
	switch {
	case strings.HasSuffix(last, "-to-sqs"):
		return v.awaitQueue(ctx, path, start)
	case strings.HasSuffix(last, "-to-kinesis"):
		return v.awaitStream(ctx, path, start)
	case last == "firehose-to-s3":
		return v.awaitDelivered(ctx, path, start)
	case last == "iot-to-s3":
		// The rule writes <objectPrefix><topic>/<time>-<uuid>.json.
		prefix := v.in(plan.IDBucket, "objectPrefix") + v.in(plan.IDTopicRule, "topic") + "/"
		return v.awaitObject(ctx, path, start, prefix, v.o.Timeout)
	case strings.HasSuffix(last, "-to-dynamodb"):
		return v.awaitItem(ctx, path, start)
	}
	return fmt.Errorf("wireup has no way to observe the end of route %s yet", strings.Join(v.p.Route, "+"))
}

// awaitStream reads every shard of the route's stream from just before
// start until a record carries the canary.
func (v *verifier) awaitStream(ctx context.Context, path string, start time.Time) error {
	c := v.e.Clients.Kinesis
	name := aws.String(v.out(plan.IDStream, "name"))
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: name})
	if err != nil {
		return fmt.Errorf("list shards: %w", err)
	}
	iters := map[string]*string{}
	for _, sh := range shards.Shards {
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: sh.ShardId,
			ShardIteratorType: kintypes.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(start.Add(-5 * time.Second))})
		if err != nil {
			return fmt.Errorf("get shard iterator: %w", err)
		}
		iters[aws.ToString(sh.ShardId)] = it.ShardIterator
	}
	deadline := time.Now().Add(v.o.Timeout)
	for time.Now().Before(deadline) {
		for shard, iter := range iters {
			if iter == nil {
				continue
			}
			out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				return fmt.Errorf("get records: %w", err)
			}
			for _, r := range out.Records {
				if bytes.Contains(r.Data, []byte(v.rep.Canary)) {
					v.hop(path, start, "record "+aws.ToString(r.SequenceNumber)+" in "+shard)
					return nil
				}
			}
			iters[shard] = out.NextShardIterator
		}
		if err := service.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary did not reach stream %s within %s", path, aws.ToString(name), v.o.Timeout)
}

// awaitItem reads the canary's item from the route's table until it is there.
func (v *verifier) awaitItem(ctx context.Context, path string, start time.Time) error {
	t, key := v.out(plan.IDTable, "name"), v.canaryItemKey()
	deadline := time.Now().Add(v.o.Timeout)
	for time.Now().Before(deadline) {
		got, err := v.e.Clients.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t), Key: key, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return fmt.Errorf("read canary item: %w", err)
		}
		if len(got.Item) > 0 {
			v.hop(path, start, "item "+v.rep.Canary+" in "+t)
			return nil
		}
		if err := service.Sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary item did not reach table %s within %s", path, t, v.o.Timeout)
}

// lambdaRoute proves a route that ends in a Lambda function. On AWS and
// LocalStack the function runs there: wireup sends the canary into the
// route's source and looks for it in what the function logged. On kumo the
// function runs for real too: wireup starts the built handler against
// kumo's Runtime API and watches its output. moto runs no function.
func (v *verifier) lambdaRoute(ctx context.Context, full bool) error {
	if v.o.Target != targets.Kumo {
		if !full {
			// Nothing will run the function; publishing into an IoT route
			// still proves the rule's topic takes the canary.
			if strings.HasPrefix(v.p.Route[0], "iot-") {
				_, err := v.publishCanary(ctx)
				return err
			}
			return nil
		}
		start, err := v.inject(ctx)
		if err != nil {
			return err
		}
		return v.awaitLogs(ctx, v.path(), v.out(plan.IDFunction, "name"), start)
	}
	return v.kumoLambda(ctx, full)
}

// inject sends the canary into the route's first service, as the generated
// producer would, and returns when it was sent.
func (v *verifier) inject(ctx context.Context) (time.Time, error) {
	from, to, _ := strings.Cut(v.p.Route[0], "-to-")
	if from == "app" {
		from = to
	}
	start := time.Now()
	var err error
	c := v.e.Clients
	switch from {
	case "iot":
		return v.publishCanary(ctx)
	case "s3":
		return start, v.putCanaryObject(ctx)
	case "sns":
		_, err = c.SNS.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(v.out(plan.IDTopic, "arn")), Message: aws.String(string(v.canaryJSON()))})
	case "sqs":
		_, err = c.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(v.out(plan.IDQueue, "url")), MessageBody: aws.String(string(v.canaryJSON()))})
	case "kinesis":
		_, err = c.Kinesis.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(v.out(plan.IDStream, "name")), PartitionKey: aws.String(v.rep.Canary), Data: v.canaryJSON()})
	case "firehose":
		_, err = c.Firehose.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: aws.String(v.out(plan.IDDeliveryStream, "name")), Record: &fhtypes.Record{Data: v.canaryJSON()}})
	case "dynamodb":
		// The stream carries the new image: give it the id field the
		// handler reads, whatever the table's key is.
		item := v.canaryItemKey()
		item["id"] = &ddbtypes.AttributeValueMemberS{Value: v.rep.Canary}
		item["source"] = &ddbtypes.AttributeValueMemberS{Value: "wireup-verify"}
		_, err = c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(v.out(plan.IDTable, "name")), Item: item})
	default:
		return start, fmt.Errorf("wireup cannot send a canary into %s yet", from)
	}
	if err != nil {
		return start, fmt.Errorf("send canary into %s: %w", from, err)
	}
	return start, nil
}

// canaryItemKey is the key of the canary's item in the route's table, and
// the whole item where nothing reads more than the key.
func (v *verifier) canaryItemKey() map[string]ddbtypes.AttributeValue {
	key := map[string]ddbtypes.AttributeValue{v.in(plan.IDTable, "partitionKey"): &ddbtypes.AttributeValueMemberS{Value: v.rep.Canary}}
	if sk := v.in(plan.IDTable, "sortKey"); sk != "" {
		key[sk] = &ddbtypes.AttributeValueMemberS{Value: "canary"}
	}
	return key
}

// awaitLogs looks for the canary in the function's CloudWatch Logs, where
// the generated handler logs the id of every event it processes: the only
// trace an asynchronous or event source mapping invocation leaves. It polls
// with backoff until the verify timeout; the log group itself appears with
// the function's first invocation.
func (v *verifier) awaitLogs(ctx context.Context, path, fn string, start time.Time) error {
	group := "/aws/lambda/" + fn
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group),
		// A quoted term matches the text anywhere in the event; the canary
		// has hyphens, which unquoted would be read as operators.
		FilterPattern: aws.String(`"` + v.rep.Canary + `"`),
		// Lambda stamps events with the invocation's clock: allow skew.
		StartTime: aws.Int64(start.Add(-time.Minute).UnixMilli())}
	deadline := time.Now().Add(v.o.Timeout)
	backoff := 250 * time.Millisecond
	for {
		stream, err := v.findLogEvent(ctx, in)
		if err != nil {
			return fmt.Errorf("%s: read %s: %w", path, group, err)
		}
		if stream != "" {
			v.hop(path, start, fmt.Sprintf("%s logged the canary (%s)", fn, stream))
			return nil
		}
		if time.Now().Add(backoff).After(deadline) {
			return fmt.Errorf("%s: %s did not log the canary %s in %s within %s: the function may not have run, or not yet (try a longer --timeout)", path, fn, v.rep.Canary, group, v.o.Timeout)
		}
		if err := service.Sleep(ctx, backoff); err != nil {
			return err
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// findLogEvent returns the log stream of the first event in matching in,
// following pages (FilterLogEvents may return empty pages while it scans),
// or "" when there is none yet.
func (v *verifier) findLogEvent(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput) (string, error) {
	page := *in
	for {
		out, err := v.e.Clients.Logs.FilterLogEvents(ctx, &page)
		if service.IsNotFound(err) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if len(out.Events) > 0 {
			return aws.ToString(out.Events[0].LogStreamName), nil
		}
		if out.NextToken == nil || aws.ToString(out.NextToken) == aws.ToString(page.NextToken) {
			return "", nil
		}
		page.NextToken = out.NextToken
	}
}

// kumoLambda runs the handler against kumo's Runtime API and proves what it
// can there: a direct invocation, and S3's notification.
func (v *verifier) kumoLambda(ctx context.Context, full bool) error {
	if v.p.Route[0] == "dynamodb-to-lambda" {
		if err := v.tableStream(ctx); err != nil {
			return err
		}
	}
	if len(v.o.Handler) == 0 {
		return nil
	}
	fn := v.out(plan.IDFunction, "name")
	h, err := startHandler(ctx, v.o.Handler, v.e.Target.Endpoint, fn)
	if err != nil {
		return err
	}
	defer h.stop()
	// The direct invocation carries its own id, so that the S3 hop below
	// cannot pass on what the handler logged for it.
	invokeID := newCanary()
	payload, _ := json.Marshal(map[string]string{"id": invokeID, "source": "wireup-verify", "kind": "canary"})
	start := time.Now()
	out, err := v.e.Clients.Lambda.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: payload, InvocationType: lambdatypes.InvocationTypeRequestResponse})
	if err != nil {
		return fmt.Errorf("invoke %s: %w", fn, err)
	}
	if out.FunctionError != nil {
		return fmt.Errorf("invoke %s: the function failed (%s): %s", fn, aws.ToString(out.FunctionError), out.Payload)
	}
	v.hop("invoke → lambda", start, fmt.Sprintf("%s ran the handler (HTTP %d)", fn, out.StatusCode))
	if !full || v.p.Route[0] != "s3-to-lambda" {
		return nil
	}
	start = time.Now()
	mark := h.mark()
	if err := v.putCanaryObject(ctx); err != nil {
		return err
	}
	if err := h.await(ctx, mark, v.rep.Canary, v.o.Timeout); err != nil {
		return fmt.Errorf("s3 → lambda: %w", err)
	}
	v.hop("s3 → lambda", start, "the handler logged the canary object")
	return nil
}

// tableStream writes a canary item and reads it from the table's stream:
// the hop before the event source mapping.
func (v *verifier) tableStream(ctx context.Context) error {
	start := time.Now()
	t, pk, item := v.out(plan.IDTable, "name"), v.in(plan.IDTable, "partitionKey"), v.canaryItemKey()
	if _, err := v.e.Clients.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t), Item: item}); err != nil {
		return fmt.Errorf("put canary item: %w", err)
	}
	sa := aws.String(v.out(plan.IDTable, "streamArn"))
	d, err := v.e.Clients.Streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: sa})
	if err != nil {
		return fmt.Errorf("describe table stream: %w", err)
	}
	deadline := time.Now().Add(v.o.Timeout)
	for _, sh := range d.StreamDescription.Shards {
		it, err := v.e.Clients.Streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: sa, ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			return fmt.Errorf("get stream iterator: %w", err)
		}
		iter := it.ShardIterator
		for iter != nil && time.Now().Before(deadline) {
			out, err := v.e.Clients.Streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				return fmt.Errorf("get stream records: %w", err)
			}
			for _, r := range out.Records {
				if k, ok := r.Dynamodb.Keys[pk].(*streamtypes.AttributeValueMemberS); ok && k.Value == v.rep.Canary {
					v.hop("dynamodb → stream", start, string(r.EventName)+" record "+aws.ToString(r.Dynamodb.SequenceNumber))
					return nil
				}
			}
			if len(out.Records) == 0 {
				break
			}
			iter = out.NextShardIterator
		}
	}
	return fmt.Errorf("dynamodb → stream: the canary item is not in the table's stream")
}

// handlerProc is a Lambda handler running against an emulator's Runtime API.
type handlerProc struct {
	cmd  *exec.Cmd
	dir  string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func (h *handlerProc) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.Write(p)
}

func (h *handlerProc) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.String()
}

// startHandler unpacks the bootstrap from zipData and runs it with
// AWS_LAMBDA_RUNTIME_API pointing at kumo's per-function Runtime API.
func startHandler(ctx context.Context, zipData []byte, endpoint, function string) (*handlerProc, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return nil, fmt.Errorf("open handler package: %w", err)
	}
	dir, err := os.MkdirTemp("", "wireup-handler-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "bootstrap")
	for _, f := range zr.File {
		if f.Name != "bootstrap" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			return nil, err
		}
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	h := &handlerProc{dir: dir, done: make(chan struct{})}
	h.cmd = exec.Command(bin)
	h.cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+u.Host+"/_runtime/"+function,
		"AWS_LAMBDA_FUNCTION_NAME="+function, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	h.cmd.Stdout, h.cmd.Stderr = h, h
	if err := h.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start handler: %w", err)
	}
	go func() { _ = h.cmd.Wait(); close(h.done) }()
	// The first poll registers the handler with kumo; give it a moment.
	if err := service.Sleep(ctx, 300*time.Millisecond); err != nil {
		h.stop()
		return nil, err
	}
	select {
	case <-h.done:
		h.stop()
		return nil, fmt.Errorf("handler exited at start: %s", h.output())
	default:
	}
	return h, nil
}

// mark is the length of the output so far.
func (h *handlerProc) mark() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.Len()
}

// await waits until the output after mark contains s.
func (h *handlerProc) await(ctx context.Context, mark int, s string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(h.output()[mark:], s) {
			return nil
		}
		if err := service.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
	return errors.New("the handler did not log the canary within " + timeout.String())
}

func (h *handlerProc) stop() {
	if h.cmd.Process != nil {
		_ = h.cmd.Process.Kill()
		<-h.done
	}
	os.RemoveAll(h.dir)
}
