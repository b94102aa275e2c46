package spec

import (
	"errors"
	"net/url"
)

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

// SplunkHECEndpoint checks a HEC endpoint: an absolute https:// URL with a
// host and no path, query or credentials: Firehose sends to Splunk over
// HTTPS only and adds the collector path itself
// (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk,
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html).
func SplunkHECEndpoint(u string) error {
	p, err := url.Parse(u)
	switch {
	case err != nil || p.Host == "" || p.Opaque != "":
		return errors.New("must be an absolute https://HOST[:PORT] URL of the Splunk HTTP Event Collector (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk)")
	case p.Scheme != "https":
		return errors.New("must use https: Firehose sends to Splunk over HTTPS only, to a certificate it trusts (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk)")
	case p.User != nil:
		return errors.New("must not carry credentials: the HEC token goes in the environment variable " + SplunkTokenEnv + ", which deploy stores in Secrets Manager")
	case p.Path != "" && p.Path != "/" || p.RawQuery != "" || p.Fragment != "":
		return errors.New("must be the collector's base URL without a path or query: Firehose adds /services/collector/event or /raw itself (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk)")
	case len(u) > 2048:
		return errors.New("must be at most 2048 characters (Firehose HECEndpoint)")
	}
	return nil
}

// defaultSplunk is the splunk section of project n.
func defaultSplunk(n string) *Splunk {
	// 180 s acknowledgment timeout and 300 s of retries, AWS's defaults;
	// 1 MiB / 60 s, the smallest buffer and the longest interval Splunk
	// allows
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkBufferingHints.html,
	// https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkRetryOptions.html).
	return &Splunk{HECEndpoint: SplunkPlaceholderEndpoint, HECEndpointType: "Event",
		AckTimeoutSeconds: 180, RetrySeconds: 300, Secret: n + "-splunk-hec-token",
		BufferSizeMiB: 1, BufferIntervalSeconds: 60}
}

func (v *validator) splunk() {
	sp := v.s.Splunk
	if sp == nil {
		return
	}
	v.name("splunk.hecEndpoint", sp.HECEndpoint, SplunkHECEndpoint)
	if sp.HECEndpointType != "Event" && sp.HECEndpointType != "Raw" {
		v.add("splunk.hecEndpointType", sp.HECEndpointType, "must be Event or Raw (Firehose HECEndpointType, https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html)")
	}
	v.between("splunk.ackTimeoutSeconds", sp.AckTimeoutSeconds, 180, 600, "Firehose HEC acknowledgment timeout")
	v.between("splunk.retrySeconds", sp.RetrySeconds, 0, 7200, "Firehose Splunk retry duration")
	v.name("splunk.secret", sp.Secret, SecretName)
	v.between("splunk.bufferSizeMiB", sp.BufferSizeMiB, 1, 5, "Firehose Splunk buffering hint in MiB")
	v.between("splunk.bufferIntervalSeconds", sp.BufferIntervalSeconds, 0, 60, "Firehose Splunk buffering hint in seconds")
	if v.s.S3 == nil {
		v.add("s3", "", "section is missing: Firehose writes every record sent to Splunk into the project's bucket too (S3BackupMode AllEvents)")
	}
	if f := v.s.Firehose; f != nil && f.Compression != "UNCOMPRESSED" {
		v.add("firehose.compression", f.Compression, "must be UNCOMPRESSED with a Splunk destination: the bucket holds the copy of every record as it was sent to Splunk (S3BackupMode AllEvents, https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html)")
	}
}
