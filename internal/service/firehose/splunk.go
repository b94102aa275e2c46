package firehose

import (
	"fmt"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/splunk"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The Splunk destination of a delivery stream (firehose-to-splunk):
// Firehose sends the records to the user's HTTP Event Collector with the
// HEC token it reads from the project's secret, and writes every record to
// the project's bucket as well.

// SplunkService is the catalog id of the Splunk destination.
const SplunkService = "splunk"

// SplunkHop is the catalog integration of a delivery stream sending to
// Splunk.
const SplunkHop = "firehose-to-splunk"

// wireSplunk makes the delivery stream send to the spec's HEC endpoint,
// with the token's secret and the bucket for the copy of every record.
func wireSplunk(b *plan.Builder, ds *plan.Resource, in *catalog.Integration) bool {
	sp := b.Spec().Splunk
	if sp == nil {
		return false
	}
	ds.Integration = in.ID
	ds.Settings["destination"] = SplunkService
	ds.Settings["hecEndpoint"] = sp.HECEndpoint
	ds.Settings["hecEndpointType"] = sp.HECEndpointType
	ds.Settings["hecAckTimeoutSeconds"] = plan.ItoA(sp.AckTimeoutSeconds)
	ds.Settings["retrySeconds"] = plan.ItoA(sp.RetrySeconds)
	ds.Settings["splunkBufferSizeMiB"] = plan.ItoA(sp.BufferSizeMiB)
	ds.Settings["splunkBufferIntervalSeconds"] = plan.ItoA(sp.BufferIntervalSeconds)
	b.Ref(ds, "secretArn", plan.IDSplunkSecret, "arn")
	b.Ref(ds, "bucketArn", plan.IDBucket, "arn")
	return true
}

// splunkDestination is the Splunk destination of the delivery stream
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html,
// https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk):
// the HEC token from Secrets Manager (RoleARN is required for Splunk,
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_SecretsManagerConfiguration.html),
// Splunk's own buffering, acknowledgment timeout and retries, every
// record also to the bucket (S3BackupMode AllEvents) with the S3 settings
// of s3 but uncompressed, and delivery errors in the stream's error log.
// On AWS the placeholder endpoint `wireup new` writes is refused: the
// stream would retry against a name that resolves nowhere.
func splunkDestination(env service.Env, in *DeliveryStreamSettings, s3 *fhtypes.ExtendedS3DestinationConfiguration) (*fhtypes.SplunkDestinationConfiguration, error) {
	ep := in.HECEndpoint
	if err := splunk.SplunkHECEndpoint(ep); err != nil {
		return nil, fmt.Errorf("delivery stream HEC endpoint %s %w", ep, err)
	}
	if err := SplunkEndpointSet(env.Target, ep); err != nil {
		return nil, err
	}
	return &fhtypes.SplunkDestinationConfiguration{
		HECEndpoint:     aws.String(ep),
		HECEndpointType: fhtypes.HECEndpointType(in.HECEndpointType),
		SecretsManagerConfiguration: &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true),
			SecretARN: aws.String(in.SecretArn), RoleARN: s3.RoleARN},
		HECAcknowledgmentTimeoutInSeconds: aws.Int32(in.HECAckTimeoutSeconds),
		RetryOptions:                      &fhtypes.SplunkRetryOptions{DurationInSeconds: aws.Int32(in.RetrySeconds)},
		BufferingHints: &fhtypes.SplunkBufferingHints{SizeInMBs: aws.Int32(in.SplunkBufferSizeMiB),
			IntervalInSeconds: aws.Int32(in.SplunkBufferIntervalSeconds)},
		CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
		S3BackupMode:             fhtypes.SplunkS3BackupModeAllEvents,
		// Uncompressed: the copy is the records as they went to Splunk,
		// which verify and the user read as they are.
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: s3.BucketARN, RoleARN: s3.RoleARN,
			Prefix: s3.Prefix, ErrorOutputPrefix: s3.ErrorOutputPrefix, CompressionFormat: fhtypes.CompressionFormatUncompressed,
			BufferingHints: s3.BufferingHints, CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions},
		ProcessingConfiguration: s3.ProcessingConfiguration,
	}, nil
}

// SplunkEndpointSet refuses, on AWS, the placeholder HEC endpoint `wireup
// new` writes (spec.SplunkPlaceholderEndpoint): the user must name their
// collector first. An emulator sends nothing, so it may keep it.
func SplunkEndpointSet(t targets.Target, endpoint string) error {
	u, err := url.Parse(endpoint)
	if t != targets.AWS || err != nil {
		return nil
	}
	if p, _ := url.Parse(spec.SplunkPlaceholderEndpoint); u.Hostname() == p.Hostname() {
		return fmt.Errorf("splunk.hecEndpoint is still the placeholder %s that `wireup new` writes: set it in wireup.yaml to your HTTP Event Collector (https://HOST:PORT, indexer acknowledgment on; %s), then deploy again", endpoint, "https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk")
	}
	return nil
}

// motoSplunk500 is what moto 5.2.1 does with a Splunk delivery stream
// (measured on 2026-12-02: CreateDeliveryStream with a Splunk destination,
// secret configuration and AllEvents backup, DescribeDeliveryStream, a
// record put, the backup bucket listed).
const motoSplunk500 = "moto stores the Splunk destination and reads it back (endpoint, type, acknowledgment timeout, retries, secret, AllEvents backup), but PutRecord answers HTTP 500 (an IndexError in moto's put_record: it has no Splunk delivery, so no answer per record) and PutRecordBatch answers 200 with no record ids; nothing reaches Splunk or the backup bucket"

// splunkRow is what each emulator proves of a delivery stream sending to
// Splunk.
func splunkRow() targets.Row {
	return targets.Row{
		targets.Moto: targets.Wired(motoSplunk500),
		targets.Kumo: targets.Refused("kumo accepts the Splunk destination but drops it: DescribeDeliveryStream returns the destination without its configuration, so wireup cannot read the deploy back", "kumo keeps Firehose records in memory and sends nothing to Splunk"),
	}
}
