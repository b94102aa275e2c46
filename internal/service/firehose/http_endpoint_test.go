package firehose

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

func httpInputs(url string) map[string]string {
	return map[string]string{
		"destination": HTTPEndpointService, "bucketArn": "arn:aws:s3:::demo-backup", "roleArn": "arn:aws:iam::1:role/demo-firehose",
		"bufferSizeMiB": "5", "bufferIntervalSeconds": "60", "compression": "GZIP", "errorPrefix": "errors/",
		"errorLogGroup": "/aws/kinesisfirehose/demo-delivery", "errorLogStream": LogStream,
		"endpointName": "demo-receiver", "url": url, "localUrl": "http://127.0.0.1:8787/",
		"secretArn":         "arn:aws:secretsmanager:us-east-1:1:secret:demo-key-AbCdEf",
		"httpBufferSizeMiB": "1", "httpBufferIntervalSeconds": "60", "retrySeconds": "300", "source": "DirectPut",
	}
}

// On AWS the stream posts gzipped requests to the function URL with the
// key from the secret, backs up failed data only into the bucket and logs
// delivery errors; no S3 destination of its own.
func TestHTTPEndpointDestinationOnAWS(t *testing.T) {
	f := &fakeFirehose{}
	req := &service.Request{Env: service.Env{Target: targets.AWS, Retry: retryTwice}, Plan: &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Name: "demo-delivery"}, Inputs: httpInputs("https://abc.lambda-url.us-east-1.on.aws/"), Created: func(map[string]string) {}}
	if _, err := NewDeliveryStream(f).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	in := f.creates[len(f.creates)-1]
	if in.ExtendedS3DestinationConfiguration != nil {
		t.Error("an HTTP endpoint stream has an S3 destination too")
	}
	role := aws.String("arn:aws:iam::1:role/demo-firehose")
	logging := &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true), LogGroupName: aws.String("/aws/kinesisfirehose/demo-delivery"), LogStreamName: aws.String(LogStream)}
	want := &fhtypes.HttpEndpointDestinationConfiguration{
		EndpointConfiguration:       &fhtypes.HttpEndpointConfiguration{Url: aws.String("https://abc.lambda-url.us-east-1.on.aws/"), Name: aws.String("demo-receiver")},
		SecretsManagerConfiguration: &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true), SecretARN: aws.String("arn:aws:secretsmanager:us-east-1:1:secret:demo-key-AbCdEf"), RoleARN: role},
		RequestConfiguration:        &fhtypes.HttpEndpointRequestConfiguration{ContentEncoding: fhtypes.ContentEncodingGzip},
		BufferingHints:              &fhtypes.HttpEndpointBufferingHints{SizeInMBs: aws.Int32(1), IntervalInSeconds: aws.Int32(60)},
		RetryOptions:                &fhtypes.HttpEndpointRetryOptions{DurationInSeconds: aws.Int32(300)},
		RoleARN:                     role, CloudWatchLoggingOptions: logging,
		S3BackupMode: fhtypes.HttpEndpointS3BackupModeFailedDataOnly,
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::demo-backup"), RoleARN: role,
			ErrorOutputPrefix: aws.String("errors/"), CompressionFormat: fhtypes.CompressionFormatGzip,
			BufferingHints: &fhtypes.BufferingHints{SizeInMBs: aws.Int32(5), IntervalInSeconds: aws.Int32(60)}, CloudWatchLoggingOptions: logging},
	}
	if d := cmp.Diff(want, in.HttpEndpointDestinationConfiguration, cmpopts.IgnoreUnexported(fhtypes.HttpEndpointDestinationConfiguration{},
		fhtypes.HttpEndpointConfiguration{}, fhtypes.SecretsManagerConfiguration{}, fhtypes.HttpEndpointRequestConfiguration{},
		fhtypes.HttpEndpointBufferingHints{}, fhtypes.HttpEndpointRetryOptions{}, fhtypes.CloudWatchLoggingOptions{},
		fhtypes.S3DestinationConfiguration{}, fhtypes.BufferingHints{})); d != "" {
		t.Errorf("destination (-want +got):\n%s", d)
	}
}

// On an emulator the stream posts to cmd/receiver on 127.0.0.1; on AWS a
// URL Firehose cannot deliver to is refused before the create.
func TestHTTPEndpointURLs(t *testing.T) {
	s3 := &fhtypes.ExtendedS3DestinationConfiguration{RoleARN: aws.String("r")}
	h, err := httpEndpointDestination(service.Env{Target: targets.Moto}, decoded(t, httpInputs("https://abc.lambda-url.us-east-1.on.aws/")), s3)
	if err != nil || aws.ToString(h.EndpointConfiguration.Url) != "http://127.0.0.1:8787/" {
		t.Errorf("moto: url %v, %v; want the local receiver", h, err)
	}
	for _, u := range []string{"http://abc.lambda-url.us-east-1.on.aws/", "https://example.com:8443/", ""} {
		if _, err := httpEndpointDestination(service.Env{Target: targets.AWS}, decoded(t, httpInputs(u)), s3); err == nil || !strings.Contains(err.Error(), "must") {
			t.Errorf("AWS, %q: %v, want refused", u, err)
		}
	}
}
