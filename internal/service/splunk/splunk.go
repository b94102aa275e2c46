// Package splunk is the catalog's splunk service for wireup: the Splunk
// HTTP Event Collector (HEC) a Firehose delivery stream sends its records
// to (firehose-to-splunk, wired by internal/service/firehose). wireup
// creates nothing in Splunk: the collector, its token with indexer
// acknowledgment and a certificate Firehose trusts are the user's. This
// package plans the Secrets Manager secret deploy stores the user's HEC
// token in (read from the environment, never from wireup.yaml), says what
// the generated project tells about the destination, and sees the canary
// arrive: in the backup bucket every record is also written to, since
// wireup cannot search Splunk.
package splunk

// Service is the catalog id of Splunk.
const Service = "splunk"

// SecretField is the field of the secret's JSON value Firehose reads the
// HEC token from
// (https://docs.aws.amazon.com/firehose/latest/dev/secrets-manager-whats-secret.html).
const SecretField = "hec_token"

// SuccessMetric is the CloudWatch metric (namespace AWS/Firehose, per
// delivery stream) that shows Splunk acknowledged what Firehose sent
// (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html).
const SuccessMetric = "DeliveryToSplunk.Success"

// Doc is AWS's page on the Splunk destination.
const Doc = "https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk"

// AckDoc is Splunk's page on HEC indexer acknowledgment, which the token
// Firehose sends with must have on.
const AckDoc = "https://help.splunk.com/splunk-enterprise/get-data-in/collect-http-event-data/about-http-event-collector-indexer-acknowledgment"
