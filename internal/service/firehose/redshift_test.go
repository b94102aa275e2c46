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

// redshiftInputs are the delivery stream's inputs on the Firehose →
// Redshift route, with the cluster's endpoint as DescribeClusters reports
// it (https://docs.aws.amazon.com/redshift/latest/APIReference/API_Endpoint.html).
func redshiftInputs() map[string]string {
	return map[string]string{
		"destination": "redshift", "bucketArn": "arn:aws:s3:::demo-us-east-1-rs-staging", "roleArn": "arn:aws:iam::1:role/demo-firehose",
		"bufferSizeMiB": "5", "bufferIntervalSeconds": "60", "compression": "GZIP",
		"errorLogGroup": "/aws/kinesisfirehose/demo-delivery", "errorLogStream": LogStream,
		"endpoint": "demo-cluster.abc123xyz789.us-east-1.redshift.amazonaws.com", "port": "5439", "database": "dev", "table": "events",
		"columns": RedshiftColumns, "copyOptions": RedshiftCopyOptions, "stagingPrefix": "staging/", "backupPrefix": "backup/",
		"secretArn": "arn:aws:secretsmanager:us-east-1:1:secret:demo-redshift-firehose-AbCdEf", "retrySeconds": "3600", "source": "DirectPut",
	}
}

// The stream connects to the cluster's JDBC URL as the secret's user,
// runs COPY of the event's columns from gzipped JSON staged in the bucket,
// backs every record up, retries for an hour and logs delivery errors; it
// has no S3 destination of its own.
func TestRedshiftDestination(t *testing.T) {
	f := &fakeFirehose{}
	req := &service.Request{Env: service.Env{Target: targets.AWS, Retry: retryTwice}, Plan: &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Name: "demo-delivery"}, Inputs: redshiftInputs(), Created: func(map[string]string) {}}
	if _, err := NewDeliveryStream(f).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	in := f.creates[len(f.creates)-1]
	if in.ExtendedS3DestinationConfiguration != nil {
		t.Error("a Redshift stream has an S3 destination too")
	}
	role := aws.String("arn:aws:iam::1:role/demo-firehose")
	logging := &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true), LogGroupName: aws.String("/aws/kinesisfirehose/demo-delivery"), LogStreamName: aws.String(LogStream)}
	staging := func(p string) *fhtypes.S3DestinationConfiguration {
		return &fhtypes.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::demo-us-east-1-rs-staging"), RoleARN: role, Prefix: aws.String(p),
			CompressionFormat: fhtypes.CompressionFormatGzip, BufferingHints: &fhtypes.BufferingHints{SizeInMBs: aws.Int32(5), IntervalInSeconds: aws.Int32(60)},
			CloudWatchLoggingOptions: logging}
	}
	want := &fhtypes.RedshiftDestinationConfiguration{
		RoleARN:        role,
		ClusterJDBCURL: aws.String("jdbc:redshift://demo-cluster.abc123xyz789.us-east-1.redshift.amazonaws.com:5439/dev"),
		CopyCommand: &fhtypes.CopyCommand{DataTableName: aws.String("events"), DataTableColumns: aws.String(`id,source,seq,kind,value,"time"`),
			CopyOptions: aws.String("FORMAT AS JSON 'auto' TIMEFORMAT 'auto' GZIP")},
		SecretsManagerConfiguration: &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true),
			SecretARN: aws.String("arn:aws:secretsmanager:us-east-1:1:secret:demo-redshift-firehose-AbCdEf"), RoleARN: role},
		S3Configuration: staging("staging/"), S3BackupMode: fhtypes.RedshiftS3BackupModeEnabled, S3BackupConfiguration: staging("backup/"),
		RetryOptions:             &fhtypes.RedshiftRetryOptions{DurationInSeconds: aws.Int32(3600)},
		CloudWatchLoggingOptions: logging,
	}
	if d := cmp.Diff(want, in.RedshiftDestinationConfiguration, cmpopts.IgnoreUnexported(fhtypes.RedshiftDestinationConfiguration{},
		fhtypes.CopyCommand{}, fhtypes.SecretsManagerConfiguration{}, fhtypes.RedshiftRetryOptions{}, fhtypes.CloudWatchLoggingOptions{},
		fhtypes.S3DestinationConfiguration{}, fhtypes.BufferingHints{})); d != "" {
		t.Errorf("destination (-want +got):\n%s", d)
	}
	if in.RedshiftDestinationConfiguration.Username != nil || in.RedshiftDestinationConfiguration.Password != nil {
		t.Error("the stream carries the user's credentials instead of the secret")
	}
}

// A warehouse that reported no endpoint is refused before the create,
// not turned into a JDBC URL Firehose cannot reach.
func TestRedshiftDestinationNeedsEndpoint(t *testing.T) {
	f := &fakeFirehose{}
	in := redshiftInputs()
	delete(in, "endpoint")
	req := &service.Request{Env: service.Env{Target: targets.AWS}, Plan: &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Name: "demo-delivery"}, Inputs: in, Created: func(map[string]string) {}}
	if _, err := NewDeliveryStream(f).Ensure(context.Background(), req); err == nil || !strings.Contains(err.Error(), "no endpoint") || len(f.creates) != 0 {
		t.Errorf("Ensure = %v after %d creates, want refused before any", err, len(f.creates))
	}
}
