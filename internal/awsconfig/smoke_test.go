package awsconfig_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/awsconfig"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
)

// emulatorConfig loads the tool's configuration for an emulator run, or
// skips the test when no emulator was selected.
func emulatorConfig(t *testing.T) aws.Config {
	t.Helper()
	if os.Getenv("AWS_ENDPOINT_URL") == "" {
		t.Skip("emulator test: no emulator selected. Start one with `make emulators`, then run " +
			"`AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -run '^TestEmulator' ./...` " +
			"(or http://127.0.0.1:4566 with WIREUP_TARGET=kumo); `make test` does all of this")
	}
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{})
	if err != nil {
		t.Fatalf("awsconfig.Load: %v", err)
	}
	if !awsconfig.TargetOf(cfg).IsEmulator {
		t.Fatalf("AWS_ENDPOINT_URL is set but the loaded config has no endpoint; is AWS_IGNORE_CONFIGURED_ENDPOINT_URLS set?")
	}
	return cfg
}

// uniqueName returns a lower-case name no other test run will pick, so runs
// against a shared emulator (or a leftover from a crashed run) never collide.
func uniqueName(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + "-" + time.Now().UTC().Format("150405") + "-" + hex.EncodeToString(b)
}

// cleanupContext is for t.Cleanup functions: t.Context is already cancelled
// when they run.
func cleanupContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// call fails the test with a hint when the emulator is unreachable, which is
// the most common reason for an emulator test to fail.
func call(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("%s: %v\nIs the emulator running? Start it with `make emulators`.", what, err)
	}
	t.Fatalf("%s: %v", what, err)
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func TestEmulatorSmoke(t *testing.T) {
	cfg := emulatorConfig(t)
	t.Logf("target: %s (WIREUP_TARGET=%s)", awsconfig.TargetOf(cfg), os.Getenv("WIREUP_TARGET"))

	t.Run("S3Bucket", func(t *testing.T) {
		t.Parallel()
		smokeS3(t, s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg)))
	})
	t.Run("KinesisStream", func(t *testing.T) {
		t.Parallel()
		smokeKinesis(t, kinesis.NewFromConfig(cfg))
	})
	t.Run("SQSQueue", func(t *testing.T) {
		t.Parallel()
		smokeSQS(t, sqs.NewFromConfig(cfg))
	})
}

func smokeS3(t *testing.T, client *s3.Client) {
	ctx := t.Context()
	bucket := uniqueName(t, "wireup-smoke")
	const key, body = "smoke/hello.txt", "hello from wireup"

	_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	call(t, "CreateBucket", err)
	t.Cleanup(func() {
		ctx := cleanupContext(t)
		// Best effort: the happy path has already deleted both.
		_, _ = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		_, _ = client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	})

	_, err = client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	call(t, "HeadBucket after create", err)
	if !slices.Contains(listBuckets(t, client), bucket) {
		t.Fatalf("ListBuckets does not show the new bucket %s", bucket)
	}

	// Path-style addressing is what makes object calls work against
	// 127.0.0.1; a round trip proves S3Options is applied.
	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)})
	call(t, "PutObject", err)
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	call(t, "GetObject", err)
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	call(t, "read object body", err)
	if string(got) != body {
		t.Errorf("GetObject body = %q, want %q", got, body)
	}

	_, err = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	call(t, "DeleteObject", err)
	_, err = client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	call(t, "DeleteBucket", err)

	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err == nil {
		t.Errorf("HeadBucket after delete succeeded; want the bucket gone")
	}
	if slices.Contains(listBuckets(t, client), bucket) {
		t.Errorf("ListBuckets still shows %s after delete", bucket)
	}
}

func listBuckets(t *testing.T, client *s3.Client) []string {
	t.Helper()
	var names []string
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		call(t, "ListBuckets", err)
		for _, b := range page.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
	}
	return names
}

// streamWait bounds the Kinesis waiters: emulators create and delete streams
// in well under a second, and the SDK's 10s default minimum delay would make
// the smoke test slow for no reason.
const streamWait = 30 * time.Second

func fastPolling(o *kinesis.StreamExistsWaiterOptions) {
	o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
}

func fastPollingGone(o *kinesis.StreamNotExistsWaiterOptions) {
	o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
}

func smokeKinesis(t *testing.T, client *kinesis.Client) {
	ctx := t.Context()
	stream := uniqueName(t, "wireup-smoke")

	_, err := client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(stream), ShardCount: aws.Int32(1)})
	call(t, "CreateStream", err)
	t.Cleanup(func() {
		_, _ = client.DeleteStream(cleanupContext(t), &kinesis.DeleteStreamInput{StreamName: aws.String(stream), EnforceConsumerDeletion: aws.Bool(true)})
	})

	err = kinesis.NewStreamExistsWaiter(client, fastPolling).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(stream)}, streamWait)
	call(t, "wait for stream ACTIVE", err)
	sum, err := client.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(stream)})
	call(t, "DescribeStreamSummary", err)
	d := sum.StreamDescriptionSummary
	if got := aws.ToString(d.StreamName); got != stream {
		t.Errorf("StreamName = %q, want %q", got, stream)
	}
	if d.StreamStatus != kinesistypes.StreamStatusActive {
		t.Errorf("StreamStatus = %q, want ACTIVE", d.StreamStatus)
	}
	if got := aws.ToInt32(d.OpenShardCount); got != 1 {
		t.Errorf("OpenShardCount = %d, want 1", got)
	}

	_, err = client.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(stream)})
	call(t, "DeleteStream", err)
	err = kinesis.NewStreamNotExistsWaiter(client, fastPollingGone).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(stream)}, streamWait)
	call(t, "wait for stream deletion", err)

	var names []string
	p := kinesis.NewListStreamsPaginator(client, &kinesis.ListStreamsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		call(t, "ListStreams", err)
		names = append(names, page.StreamNames...)
	}
	if slices.Contains(names, stream) {
		t.Errorf("ListStreams still shows %s after delete", stream)
	}
}

func smokeSQS(t *testing.T, client *sqs.Client) {
	ctx := t.Context()
	queue := uniqueName(t, "wireup-smoke")
	const body = "hello from wireup"

	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queue)})
	call(t, "CreateQueue", err)
	url := aws.ToString(created.QueueUrl)
	t.Cleanup(func() {
		_, _ = client.DeleteQueue(cleanupContext(t), &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	})

	got, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queue)})
	call(t, "GetQueueUrl", err)
	if aws.ToString(got.QueueUrl) != url {
		t.Errorf("GetQueueUrl = %q, want CreateQueue's %q", aws.ToString(got.QueueUrl), url)
	}
	attrs, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	call(t, "GetQueueAttributes", err)
	if arn := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]; !strings.HasSuffix(arn, ":"+queue) {
		t.Errorf("QueueArn = %q, want one ending in :%s", arn, queue)
	}

	_, err = client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	call(t, "SendMessage", err)
	msgs, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 1, WaitTimeSeconds: 2})
	call(t, "ReceiveMessage", err)
	if len(msgs.Messages) != 1 || aws.ToString(msgs.Messages[0].Body) != body {
		t.Errorf("ReceiveMessage = %d messages, want one with body %q", len(msgs.Messages), body)
	}

	_, err = client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	call(t, "DeleteQueue", err)

	_, err = client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queue)})
	var missing *sqstypes.QueueDoesNotExist
	if !errors.As(err, &missing) && errorCode(err) != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Errorf("GetQueueUrl after delete: err = %v, want QueueDoesNotExist", err)
	}
	list, err := client.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(queue)})
	call(t, "ListQueues", err)
	if len(list.QueueUrls) != 0 {
		t.Errorf("ListQueues still shows %v after delete", list.QueueUrls)
	}
}
