package spec

// Splunk is the Splunk HTTP Event Collector (HEC) a Firehose delivery
// stream sends its records to. wireup creates nothing in Splunk: the HEC,
// its token (with indexer acknowledgment on) and a certificate Firehose
// trusts are the user's. The token is read at deploy from the environment
// variable SplunkTokenEnv into a Secrets Manager secret Firehose reads; it
// is never in this file, the state, the output or a generated file. Every
// record is also written to the project's bucket (s3 section, S3BackupMode
// AllEvents), which is where verify sees the canary.
type Splunk struct {
	// HECEndpoint is the collector's base URL, https://HOST[:PORT]:
	// Firehose appends the /services/collector path of the endpoint type
	// itself.
	HECEndpoint string `yaml:"hecEndpoint"`
	// HECEndpointType is Event (JSON events, Splunk's event endpoint) or
	// Raw.
	HECEndpointType string `yaml:"hecEndpointType"`
	// AckTimeoutSeconds is how long Firehose waits for Splunk's indexer
	// acknowledgment before it retries: 180-600.
	AckTimeoutSeconds int `yaml:"ackTimeoutSeconds"`
	// RetrySeconds is how long Firehose retries a batch Splunk did not
	// acknowledge before it writes it under the bucket's failure prefix:
	// 0-7200.
	RetrySeconds int `yaml:"retrySeconds"`
	// Secret is the Secrets Manager secret deploy writes
	// {"hec_token": "..."} into.
	Secret                string `yaml:"secret"`
	BufferSizeMiB         int    `yaml:"bufferSizeMiB"`         // 1-5
	BufferIntervalSeconds int    `yaml:"bufferIntervalSeconds"` // 0-60
}

// SplunkTokenEnv is the environment variable deploy reads the HEC token
// from.
const SplunkTokenEnv = "WIREUP_SPLUNK_HEC_TOKEN"

// SplunkPlaceholderEndpoint is the HEC endpoint `wireup new` writes: a
// name that resolves nowhere (RFC 2606), which deploy on AWS refuses
// until the user sets their own.
const SplunkPlaceholderEndpoint = "https://splunk-hec.example.invalid:8088"
