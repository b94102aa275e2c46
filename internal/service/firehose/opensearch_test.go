package firehose

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// createRecorder records the create input and answers DescribeDeliveryStream
// ACTIVE; the embedded interface panics on anything else.
type createRecorder struct {
	DeliveryStreamAPI
	in *firehose.CreateDeliveryStreamInput
}

func (c *createRecorder) CreateDeliveryStream(_ context.Context, in *firehose.CreateDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.CreateDeliveryStreamOutput, error) {
	c.in = in
	return &firehose.CreateDeliveryStreamOutput{DeliveryStreamARN: aws.String("arn:aws:firehose:us-east-1:123456789012:deliverystream/demo-delivery")}, nil
}

func (c *createRecorder) DescribeDeliveryStream(context.Context, *firehose.DescribeDeliveryStreamInput, ...func(*firehose.Options)) (*firehose.DescribeDeliveryStreamOutput, error) {
	return &firehose.DescribeDeliveryStreamOutput{DeliveryStreamDescription: &fhtypes.DeliveryStreamDescription{
		DeliveryStreamARN: aws.String("arn:aws:firehose:us-east-1:123456789012:deliverystream/demo-delivery"), DeliveryStreamStatus: fhtypes.DeliveryStreamStatusActive}}, nil
}

// The OpenSearch destination replaces the S3 one: the domain and index,
// rotation, the buffer, retries, the failed documents to the backup
// bucket (GZIP), the error log, and no S3 destination of its own.
func TestDeliveryStreamOpenSearchDestination(t *testing.T) {
	f := &createRecorder{}
	in := map[string]string{"roleArn": "arn:aws:iam::123456789012:role/demo-firehose", "bucketArn": "arn:aws:s3:::demo-backup",
		"bufferSizeMiB": "5", "bufferIntervalSeconds": "60", "compression": "GZIP", "source": "DirectPut",
		"errorLogGroup": "/aws/kinesisfirehose/demo-delivery", "errorLogStream": LogStream,
		"destination": "opensearch", "domainArn": "arn:aws:es:us-east-1:123456789012:domain/demo", "indexName": "demo-events",
		"indexRotation": "OneDay", "backupPrefix": "opensearch-failed/", "retrySeconds": "300"}
	req := &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{Kind: plan.KindDeliveryStream, Name: "demo-delivery"},
		Inputs: in, Created: func(map[string]string) {}}
	if _, err := NewDeliveryStream(f).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if f.in.ExtendedS3DestinationConfiguration != nil {
		t.Error("the stream also has an S3 destination: Firehose takes exactly one")
	}
	logs := &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true), LogGroupName: aws.String("/aws/kinesisfirehose/demo-delivery"), LogStreamName: aws.String(LogStream)}
	want := &fhtypes.AmazonopensearchserviceDestinationConfiguration{
		DomainARN: aws.String("arn:aws:es:us-east-1:123456789012:domain/demo"), IndexName: aws.String("demo-events"),
		RoleARN: aws.String("arn:aws:iam::123456789012:role/demo-firehose"), IndexRotationPeriod: fhtypes.AmazonopensearchserviceIndexRotationPeriodOneDay,
		BufferingHints: &fhtypes.AmazonopensearchserviceBufferingHints{SizeInMBs: aws.Int32(5), IntervalInSeconds: aws.Int32(60)},
		RetryOptions:   &fhtypes.AmazonopensearchserviceRetryOptions{DurationInSeconds: aws.Int32(300)},
		S3BackupMode:   fhtypes.AmazonopensearchserviceS3BackupModeFailedDocumentsOnly,
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::demo-backup"), RoleARN: aws.String("arn:aws:iam::123456789012:role/demo-firehose"),
			Prefix: aws.String("opensearch-failed/"), CompressionFormat: fhtypes.CompressionFormatGzip, CloudWatchLoggingOptions: logs},
		DocumentIdOptions:        &fhtypes.DocumentIdOptions{DefaultDocumentIdFormat: fhtypes.DefaultDocumentIdFormatFirehoseDefault},
		CloudWatchLoggingOptions: logs,
	}
	if d := cmp.Diff(want, f.in.AmazonopensearchserviceDestinationConfiguration, cmpopts.IgnoreUnexported(fhtypes.AmazonopensearchserviceDestinationConfiguration{},
		fhtypes.AmazonopensearchserviceBufferingHints{}, fhtypes.AmazonopensearchserviceRetryOptions{}, fhtypes.S3DestinationConfiguration{},
		fhtypes.DocumentIdOptions{}, fhtypes.CloudWatchLoggingOptions{})); d != "" {
		t.Errorf("OpenSearch destination (-want +got):\n%s", d)
	}
}
