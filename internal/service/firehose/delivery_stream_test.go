package firehose

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedFirehose serves ListDeliveryStreams in two pages, and every stream's
// tags in two pages with the project tag on the second; a start name or
// tag key it never handed out fails the request. The embedded interface
// panics on any other call.
type pagedFirehose struct{ DeliveryStreamAPI }

// ListDeliveryStreams pages by the last name, as Firehose does.
func (pagedFirehose) ListDeliveryStreams(_ context.Context, in *firehose.ListDeliveryStreamsInput, _ ...func(*firehose.Options)) (*firehose.ListDeliveryStreamsOutput, error) {
	switch aws.ToString(in.ExclusiveStartDeliveryStreamName) {
	case "":
		return &firehose.ListDeliveryStreamsOutput{DeliveryStreamNames: []string{"other-delivery"}, HasMoreDeliveryStreams: aws.Bool(true)}, nil
	case "other-delivery":
		return &firehose.ListDeliveryStreamsOutput{DeliveryStreamNames: []string{"demo-delivery"}, HasMoreDeliveryStreams: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartDeliveryStreamName %q", aws.ToString(in.ExclusiveStartDeliveryStreamName))
}

func (pagedFirehose) ListTagsForDeliveryStream(_ context.Context, in *firehose.ListTagsForDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.ListTagsForDeliveryStreamOutput, error) {
	switch aws.ToString(in.ExclusiveStartTagKey) {
	case "":
		return &firehose.ListTagsForDeliveryStreamOutput{Tags: []fhtypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, HasMoreTags: aws.Bool(true)}, nil
	case "team":
		return &firehose.ListTagsForDeliveryStreamOutput{Tags: []fhtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}, HasMoreTags: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTagKey %q", aws.ToString(in.ExclusiveStartTagKey))
}

func TestDeliveryStreamListFollowsPages(t *testing.T) {
	got, err := NewDeliveryStream(pagedFirehose{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatalf("%s: tags: %v", l.Name, err)
		}
		if d := cmp.Diff(map[string]string{"team": "data", plan.TagProject: "demo"}, tags); d != "" {
			t.Errorf("%s: tags (-want +got):\n%s", l.Name, d)
		}
		if d := cmp.Diff(map[string]string{"name": l.Name}, l.Outputs); d != "" {
			t.Errorf("%s: outputs (-want +got):\n%s", l.Name, d)
		}
		names = append(names, l.Name)
	}
	if d := cmp.Diff([]string{"other-delivery", "demo-delivery"}, names); d != "" {
		t.Errorf("listed delivery streams (-want +got):\n%s", d)
	}
}

// fakeFirehose records the create calls and serves a stream that becomes
// active on the second describe. The first create fails as Firehose does
// while the role is not visible to it yet.
type fakeFirehose struct {
	DeliveryStreamAPI
	creates   []*firehose.CreateDeliveryStreamInput
	describes int
	deleted   bool
}

func (f *fakeFirehose) CreateDeliveryStream(_ context.Context, in *firehose.CreateDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.CreateDeliveryStreamOutput, error) {
	f.creates = append(f.creates, in)
	if len(f.creates) == 1 {
		return nil, &smithy.GenericAPIError{Code: "InvalidArgumentException",
			Message: "Firehose is unable to assume role arn:aws:iam::1:role/x. Please check the role provided."}
	}
	return &firehose.CreateDeliveryStreamOutput{}, nil
}

func (f *fakeFirehose) DescribeDeliveryStream(_ context.Context, in *firehose.DescribeDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.DescribeDeliveryStreamOutput, error) {
	f.describes++
	if f.deleted && f.describes > 1 {
		return nil, &fhtypes.ResourceNotFoundException{Message: aws.String("not found")}
	}
	status := fhtypes.DeliveryStreamStatusCreating
	switch {
	case f.deleted:
		status = fhtypes.DeliveryStreamStatusDeleting
	case f.describes > 1:
		status = fhtypes.DeliveryStreamStatusActive
	}
	return &firehose.DescribeDeliveryStreamOutput{DeliveryStreamDescription: &fhtypes.DeliveryStreamDescription{
		DeliveryStreamName: in.DeliveryStreamName, DeliveryStreamARN: aws.String("arn:firehose:" + aws.ToString(in.DeliveryStreamName)),
		DeliveryStreamStatus: status}}, nil
}

func (f *fakeFirehose) DeleteDeliveryStream(_ context.Context, _ *firehose.DeleteDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.DeleteDeliveryStreamOutput, error) {
	f.deleted = true
	return &firehose.DeleteDeliveryStreamOutput{}, nil
}

// retryTwice is an Env.Retry that retries a transient error once.
func retryTwice(_ context.Context, transient func(error) bool, fn func() error) error {
	err := fn()
	if err != nil && transient(err) {
		err = fn()
	}
	return err
}

// A delivery stream fed by a Kinesis stream reads it with the delivery
// role, logs its delivery errors to the planned log stream, and a create
// refused for a role not visible yet is retried.
func TestDeliveryStreamEnsureKinesisSource(t *testing.T) {
	f := &fakeFirehose{}
	var created []map[string]string
	req := &service.Request{
		Env:      service.Env{Retry: retryTwice},
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
		Resource: &plan.Resource{ID: plan.IDDeliveryStream, Kind: plan.KindDeliveryStream, Name: "demo-delivery"},
		Inputs: map[string]string{"source": "KinesisStreamAsSource", "streamArn": "arn:kinesis:demo-stream", "roleArn": "arn:role/delivery",
			"bucketArn": "arn:aws:s3:::demo-bucket", "bufferSizeMiB": "5", "bufferIntervalSeconds": "60", "compression": "GZIP", "prefix": "raw/",
			"errorLogGroup": "/aws/kinesisfirehose/demo-delivery", "errorLogStream": "DestinationDelivery"},
		Created: func(m map[string]string) { created = append(created, m) },
	}
	out, err := NewDeliveryStream(f).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.creates) != 2 {
		t.Fatalf("CreateDeliveryStream called %d times, want 2 (one retry)", len(f.creates))
	}
	want := &firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: aws.String("demo-delivery"),
		DeliveryStreamType: fhtypes.DeliveryStreamTypeKinesisStreamAsSource,
		KinesisStreamSourceConfiguration: &fhtypes.KinesisStreamSourceConfiguration{
			KinesisStreamARN: aws.String("arn:kinesis:demo-stream"), RoleARN: aws.String("arn:role/delivery")},
		ExtendedS3DestinationConfiguration: &fhtypes.ExtendedS3DestinationConfiguration{
			BucketARN: aws.String("arn:aws:s3:::demo-bucket"), RoleARN: aws.String("arn:role/delivery"),
			BufferingHints:    &fhtypes.BufferingHints{SizeInMBs: aws.Int32(5), IntervalInSeconds: aws.Int32(60)},
			CompressionFormat: fhtypes.CompressionFormatGzip, Prefix: aws.String("raw/"),
			CloudWatchLoggingOptions: &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true),
				LogGroupName: aws.String("/aws/kinesisfirehose/demo-delivery"), LogStreamName: aws.String("DestinationDelivery")}},
		Tags: []fhtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}},
	}
	ignore := cmpopts.IgnoreUnexported(firehose.CreateDeliveryStreamInput{}, fhtypes.KinesisStreamSourceConfiguration{},
		fhtypes.ExtendedS3DestinationConfiguration{}, fhtypes.BufferingHints{}, fhtypes.CloudWatchLoggingOptions{}, fhtypes.Tag{})
	if d := cmp.Diff(want, f.creates[1], ignore); d != "" {
		t.Errorf("CreateDeliveryStream (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]map[string]string{{"name": "demo-delivery"}}, created); d != "" {
		t.Errorf("Created (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"name": "demo-delivery", "arn": "arn:firehose:demo-delivery"}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
}

// Delete waits until the stream is not found, not only until it is
// deleting.
func TestDeliveryStreamDeletePollsUntilGone(t *testing.T) {
	f := &fakeFirehose{}
	if err := NewDeliveryStream(f).Delete(context.Background(), service.Env{}, &service.Record{Name: "demo-delivery"}); err != nil {
		t.Fatal(err)
	}
	if !f.deleted || f.describes != 2 {
		t.Errorf("deleted %v after %d describes, want true after 2", f.deleted, f.describes)
	}
	ok, err := NewDeliveryStream(f).Exists(context.Background(), service.Env{}, &service.Record{Name: "demo-delivery"})
	if ok || err != nil {
		t.Errorf("Exists after delete = %v, %v; want false, nil", ok, err)
	}
}

// decoded is a delivery stream's inputs as Ensure decodes them.
func decoded(t *testing.T, in map[string]string) *DeliveryStreamSettings {
	t.Helper()
	var s DeliveryStreamSettings
	if err := service.Decode(in, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// A CloudWatch Logs source gets decompression, message extraction and a
// delimiter, around the Lambda transform when there is one; other sources
// get the transform only.
func TestProcessors(t *testing.T) {
	kinds := func(in map[string]string) []string {
		var out []string
		for _, p := range processors(decoded(t, in)) {
			s := string(p.Type)
			for _, pp := range p.Parameters {
				s += " " + string(pp.ParameterName) + "=" + aws.ToString(pp.ParameterValue)
			}
			out = append(out, s)
		}
		return out
	}
	const fn = "arn:aws:lambda:us-east-1:123456789012:function:t"
	tests := []struct {
		in   map[string]string
		want []string
	}{
		{map[string]string{}, nil},
		{map[string]string{"transformArn": fn, "transformBufferSizeMiB": "1"}, []string{"Lambda LambdaArn=" + fn + " BufferSizeInMBs=1"}},
		{map[string]string{"cloudWatchLogs": "true"}, []string{"Decompression CompressionFormat=GZIP", "CloudWatchLogProcessing DataMessageExtraction=true", "AppendDelimiterToRecord"}},
		{map[string]string{"cloudWatchLogs": "true", "transformArn": fn, "transformBufferSizeMiB": "1"},
			[]string{"Decompression CompressionFormat=GZIP", "CloudWatchLogProcessing DataMessageExtraction=true", "Lambda LambdaArn=" + fn + " BufferSizeInMBs=1", "AppendDelimiterToRecord"}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, kinds(tt.in)); d != "" {
			t.Errorf("processors(%v) (-want +got):\n%s", tt.in, d)
		}
	}
}
