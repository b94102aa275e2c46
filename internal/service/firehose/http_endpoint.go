package firehose

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// HTTPEndpointService is the catalog id of the HTTP endpoint destination.
const HTTPEndpointService = "http-endpoint"

// HTTPEndpointHop is the catalog integration of a delivery stream posting
// to an HTTP endpoint.
const HTTPEndpointHop = "firehose-to-http-endpoint"

// wireHTTPEndpoint makes the delivery stream post to the HTTP endpoint:
// the generated receiver's function URL on AWS, cmd/receiver on the
// loopback interface on an emulator (ReceiverURL), with the access key
// read from the project's secret and what it cannot deliver backed up to
// the project's bucket.
func wireHTTPEndpoint(b *plan.Builder, ds *plan.Resource, in *catalog.Integration) bool {
	h := b.Spec().HTTPEndpoint
	if h == nil {
		return false
	}
	ds.Integration = in.ID
	ds.Settings["destination"] = HTTPEndpointService
	ds.Settings["endpointName"] = h.Name
	ds.Settings["localUrl"] = LocalReceiverURL(h.LocalPort)
	ds.Settings["httpBufferSizeMiB"] = plan.ItoA(h.BufferSizeMiB)
	ds.Settings["httpBufferIntervalSeconds"] = plan.ItoA(h.BufferIntervalSeconds)
	ds.Settings["retrySeconds"] = plan.ItoA(h.RetrySeconds)
	b.Ref(ds, "url", plan.IDReceiverURL, "url")
	b.Ref(ds, "secretArn", plan.IDHTTPEndpointSecret, "arn")
	b.Ref(ds, "bucketArn", plan.IDBucket, "arn")
	return true
}

// LocalReceiverURL is where cmd/receiver listens for an emulator's
// delivery stream.
func LocalReceiverURL(port int) string { return fmt.Sprintf("http://127.0.0.1:%d/", port) }

// PostsToLocalReceiver reports whether the delivery stream on target t
// posts to cmd/receiver on the loopback interface instead of the
// function URL: an emulator runs no function (moto without Docker), and
// it is the emulator, on this machine, that delivers.
func PostsToLocalReceiver(t targets.Target) bool { return t != targets.AWS }

// httpEndpointDestination is the HTTP endpoint destination of the
// delivery stream (https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointDestinationConfiguration.html):
// gzipped requests (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html),
// the access key from Secrets Manager, Firehose's own buffering and
// retries, failed records only into the bucket with the S3 settings of s3,
// and delivery errors in the stream's error log.
func httpEndpointDestination(env service.Env, in *DeliveryStreamSettings, s3 *fhtypes.ExtendedS3DestinationConfiguration) (*fhtypes.HttpEndpointDestinationConfiguration, error) {
	url := in.URL
	if PostsToLocalReceiver(env.Target) {
		url = in.LocalURL
	} else if err := HTTPEndpointURL(url); err != nil {
		return nil, fmt.Errorf("delivery stream endpoint %s %w", url, err)
	}
	return &fhtypes.HttpEndpointDestinationConfiguration{
		EndpointConfiguration: &fhtypes.HttpEndpointConfiguration{Url: aws.String(url), Name: aws.String(in.EndpointName)},
		SecretsManagerConfiguration: &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true),
			SecretARN: aws.String(in.SecretArn), RoleARN: s3.RoleARN},
		RequestConfiguration: &fhtypes.HttpEndpointRequestConfiguration{ContentEncoding: fhtypes.ContentEncodingGzip},
		BufferingHints: &fhtypes.HttpEndpointBufferingHints{SizeInMBs: aws.Int32(in.HTTPBufferSizeMiB),
			IntervalInSeconds: aws.Int32(in.HTTPBufferIntervalSeconds)},
		RetryOptions:             &fhtypes.HttpEndpointRetryOptions{DurationInSeconds: aws.Int32(in.RetrySeconds)},
		RoleARN:                  s3.RoleARN,
		CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
		S3BackupMode:             fhtypes.HttpEndpointS3BackupModeFailedDataOnly,
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: s3.BucketARN, RoleARN: s3.RoleARN,
			Prefix: s3.Prefix, ErrorOutputPrefix: s3.ErrorOutputPrefix, CompressionFormat: s3.CompressionFormat,
			BufferingHints: s3.BufferingHints, CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions},
		ProcessingConfiguration: s3.ProcessingConfiguration,
	}, nil
}

// secretStatement grants the delivery role the one read of the access
// key's (or the HEC token's, or the Redshift user's) secret Firehose makes when it delivers
// (SecretsManagerConfiguration, https://docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html);
// AWS lists no further action for it.
func secretStatement(env iam.Env, in DeliveryRoleInput, stmts []iam.Statement, notes []string) ([]iam.Statement, []string) {
	if in.SecretName == "" {
		return stmts, notes
	}
	if in.Splunk {
		stmts = append(stmts, iam.AllowStatement("ReadHECToken", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(in.SecretName)))
		notes = append(notes, fmt.Sprintf("Splunk: Firehose reads the HEC token from secret %s (its name and Secrets Manager's six-character suffix) and sends it to the HTTP Event Collector; Firehose uses no IAM toward Splunk (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html). Every record is also written to the bucket (S3BackupMode AllEvents).", in.SecretName))
		return stmts, notes
	}
	if in.RedshiftUser != "" {
		return append(stmts, iam.AllowStatement("ReadDatabaseUser", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(in.SecretName))), notes
	}
	stmts = append(stmts, iam.AllowStatement("ReadAccessKey", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(in.SecretName)))
	notes = append(notes, fmt.Sprintf("HTTP endpoint: Firehose reads the access key from secret %s (its name and Secrets Manager's six-character suffix) and sends it as X-Amz-Firehose-Access-Key; the role has no IAM link to the endpoint itself.", in.SecretName))
	return stmts, notes
}

// httpEndpointRow is what each emulator proves of a delivery stream
// posting to an HTTP endpoint (measured on moto 5.2.1 and kumo v0.33.1
// on 2026-12-02: a stream with this destination, a record put, what the
// listener received).
func httpEndpointRow() targets.Row {
	return targets.Row{
		targets.Moto: targets.DataWith("moto posts each record at once to cmd/receiver on 127.0.0.1 (the receiver runs with --insecure-no-access-key there): it sends only Content-Type, no access key, request id or common attributes, ignores ContentEncoding GZIP and the buffering hints, gives the timestamp in seconds, accepts http:// and does not read the answer"),
		targets.Kumo: targets.Refused("kumo accepts the HTTP endpoint destination but drops it: DescribeDeliveryStream returns the destination without its configuration, so wireup cannot read the deploy back", "kumo keeps Firehose records in memory and posts nothing to the endpoint"),
	}
}
