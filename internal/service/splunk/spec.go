package splunk

import (
	"errors"
	"net/url"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/secretsmanager"
	"github.com/wireup/wireup/internal/spec"
)

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
		return errors.New("must not carry credentials: the HEC token goes in the environment variable " + spec.SplunkTokenEnv + ", which deploy stores in Secrets Manager")
	case p.Path != "" && p.Path != "/" || p.RawQuery != "" || p.Fragment != "":
		return errors.New("must be the collector's base URL without a path or query: Firehose adds /services/collector/event or /raw itself (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-splunk)")
	case len(u) > 2048:
		return errors.New("must be at most 2048 characters (Firehose HECEndpoint)")
	}
	return nil
}

// SpecRule checks the spec's splunk section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	sp := v.Spec.Splunk
	if sp == nil {
		return
	}
	v.Name("splunk.hecEndpoint", sp.HECEndpoint, SplunkHECEndpoint)
	if sp.HECEndpointType != "Event" && sp.HECEndpointType != "Raw" {
		v.Add("splunk.hecEndpointType", sp.HECEndpointType, "must be Event or Raw (Firehose HECEndpointType, https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html)")
	}
	v.Between("splunk.ackTimeoutSeconds", sp.AckTimeoutSeconds, 180, 600, "Firehose HEC acknowledgment timeout")
	v.Between("splunk.retrySeconds", sp.RetrySeconds, 0, 7200, "Firehose Splunk retry duration")
	v.Name("splunk.secret", sp.Secret, secretsmanager.SecretName)
	v.Between("splunk.bufferSizeMiB", sp.BufferSizeMiB, 1, 5, "Firehose Splunk buffering hint in MiB")
	v.Between("splunk.bufferIntervalSeconds", sp.BufferIntervalSeconds, 0, 60, "Firehose Splunk buffering hint in seconds")
	if v.Spec.S3 == nil {
		v.Add("s3", "", "section is missing: Firehose writes every record sent to Splunk into the project's bucket too (S3BackupMode AllEvents)")
	}
	if f := v.Spec.Firehose; f != nil && f.Compression != "UNCOMPRESSED" {
		v.Add("firehose.compression", f.Compression, "must be UNCOMPRESSED with a Splunk destination: the bucket holds the copy of every record as it was sent to Splunk (S3BackupMode AllEvents, https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html)")
	}
}

// SpecDefault fills the splunk section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["splunk"] {
		s.Splunk = defaultSplunk(n)
		// Every record sent to Splunk is written to the bucket too.
		on["s3"] = true
	}
}

// defaultSplunk is the splunk section of project n.
func defaultSplunk(n string) *spec.Splunk {
	// 180 s acknowledgment timeout and 300 s of retries, AWS's defaults;
	// 1 MiB / 60 s, the smallest buffer and the longest interval Splunk
	// allows
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkBufferingHints.html,
	// https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkRetryOptions.html).
	return &spec.Splunk{HECEndpoint: spec.SplunkPlaceholderEndpoint, HECEndpointType: "Event",
		AckTimeoutSeconds: 180, RetrySeconds: 300, Secret: n + "-splunk-hec-token",
		BufferSizeMiB: 1, BufferIntervalSeconds: 60}
}
