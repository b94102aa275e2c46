package splunk

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are how the delivery stream sends to Splunk, what the Splunk
// side needs, and how to see Splunk took the records.
func Defaults(s *spec.Spec) []service.Default {
	sp := s.Splunk
	return []service.Default{
		{Setting: "splunk.hecEndpoint", Value: sp.HECEndpoint + " (" + sp.HECEndpointType + " endpoint)",
			What: "Firehose sends over HTTPS to this HTTP Event Collector, which must have indexer acknowledgment on, a certificate from a trusted authority and be reachable from the Firehose addresses of the Region; `wireup new` writes a placeholder, which deploy on AWS refuses",
			Doc:  Doc},
		{Setting: "", Value: "HEC token with indexer acknowledgment",
			What: "Firehose counts a batch delivered only when Splunk acknowledges it was indexed: the token given in " + spec.SplunkTokenEnv + " must have indexer acknowledgment on (Splunk's side, with the Splunk Add-on for Amazon Kinesis Firehose for its sourcetypes, is yours to set up)",
			Doc:  AckDoc},
		{Setting: "splunk.secret", Value: sp.Secret + " (from " + spec.SplunkTokenEnv + " at deploy)",
			What: "Firehose reads the HEC token from this Secrets Manager secret; deploy fills it from the environment variable and stops before creating anything when it is unset; the token is never in wireup.yaml, the state or a file, and destroy deletes the secret without a recovery window",
			Doc:  "https://docs.aws.amazon.com/firehose/latest/dev/secrets-manager-whats-secret.html"},
		{Setting: "splunk.ackTimeoutSeconds", Value: fmt.Sprintf("%d s acknowledgment, %d s of retries", sp.AckTimeoutSeconds, sp.RetrySeconds),
			What: "Firehose waits this long for Splunk's indexer acknowledgment, then resends until the retry time is over and writes the batch under the bucket's failure prefix",
			Doc:  "https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html"},
		{Setting: "", Value: fmt.Sprintf("every record also to s3://%s/%s, uncompressed (S3BackupMode AllEvents)", s.S3.Bucket, s.Firehose.Prefix),
			What: "a copy of what Firehose sends to Splunk; `wireup verify` on AWS finds the canary there, which proves Firehose took and forwarded it, not that Splunk indexed it",
			Doc:  "https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html"},
		{Setting: "", Value: "CloudWatch metric AWS/Firehose " + SuccessMetric,
			What: "the share of records Splunk acknowledged, per delivery stream: the proof Splunk received them (wireup cannot search Splunk)",
			Doc:  "https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html"},
		{Setting: "splunk.bufferSizeMiB", Value: fmt.Sprintf("%d MiB / %d s", sp.BufferSizeMiB, sp.BufferIntervalSeconds),
			What: "Firehose sends to Splunk when either is reached",
			Doc:  "https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkBufferingHints.html"},
	}
}
