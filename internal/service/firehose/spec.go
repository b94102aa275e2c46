package firehose

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// SpecRule checks the spec's firehose section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	f := v.Spec.Firehose
	if f == nil {
		return
	}
	v.Name("firehose.deliveryStream", f.DeliveryStream, DeliveryStreamName)
	v.Name("firehose.role", f.Role, spec.RoleName)
	v.Between("firehose.bufferSizeMiB", f.BufferSizeMiB, 1, 128, "Firehose S3 buffering hint in MiB")
	v.Between("firehose.bufferIntervalSeconds", f.BufferIntervalSeconds, 0, 900, "Firehose S3 buffering hint in seconds")
	v.OneOf("firehose.compression", f.Compression, "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY")
	if f.ErrorLogRetentionDays != 0 {
		v.Retention("firehose.errorLogRetentionDays", f.ErrorLogRetentionDays)
	}

	v.Name("firehose.prefix", f.Prefix, s3.KeyPrefix)
	v.Name("firehose.errorPrefix", f.ErrorPrefix, s3.KeyPrefix)
	prefixExprs, err := firehoseExprs(f.Prefix, false)
	if err != nil {
		v.Add("firehose.prefix", f.Prefix, err.Error())
	}
	errorExprs, err := firehoseExprs(f.ErrorPrefix, true)
	if err != nil {
		v.Add("firehose.errorPrefix", f.ErrorPrefix, err.Error())
	}
	if prefixExprs > 0 && f.ErrorPrefix == "" {
		v.Add("firehose.errorPrefix", f.ErrorPrefix, "is required because firehose.prefix uses !{...} expressions (Firehose custom prefix rules)")
	}
	if errorExprs > 0 && !strings.Contains(f.ErrorPrefix, "!{firehose:error-output-type}") {
		v.Add("firehose.errorPrefix", f.ErrorPrefix, "must include !{firehose:error-output-type} when it uses !{...} expressions (Firehose custom prefix rules)")
	}

	if t := f.Transform; t != nil {
		v.Name("firehose.transform.function", t.Function, lambda.FunctionName)
		v.Name("firehose.transform.role", t.Role, spec.RoleName)
		v.Between("firehose.transform.memoryMiB", t.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
		v.Between("firehose.transform.timeoutSeconds", t.TimeoutSeconds, 1, 300, "Firehose waits at most 5 minutes for a record processor")
		v.Between("firehose.transform.bufferSizeMiB", t.BufferSizeMiB, 1, 3, "Firehose Lambda processor buffer size in MiB")
	}
}

// firehoseExprs counts the !{namespace:value} expressions of a Firehose S3
// prefix and checks them against the Firehose custom prefix rules.
func firehoseExprs(p string, errorPrefix bool) (int, error) {
	n := 0
	for {
		i := strings.Index(p, "!{")
		if i < 0 {
			return n, nil
		}
		end := strings.IndexByte(p[i:], '}')
		if end < 0 {
			return n, errors.New(`has an unclosed "!{" expression; write !{timestamp:yyyy/MM/dd} or !{firehose:random-string}`)
		}
		expr := p[i+2 : i+end]
		p = p[i+end+1:]
		n++
		ns, val, _ := strings.Cut(expr, ":")
		switch {
		case ns == "timestamp" && val != "" && !strings.Contains(val, "!{"):
		case ns == "firehose" && val == "random-string":
		case ns == "firehose" && val == "error-output-type":
			if !errorPrefix {
				return n, errors.New("must not use !{firehose:error-output-type}; it is only allowed in firehose.errorPrefix (Firehose custom prefix rules)")
			}
		case ns == "partitionKeyFromQuery" || ns == "partitionKeyFromLambda":
			return n, fmt.Errorf("uses !{%s}, which needs Firehose dynamic partitioning; wireup does not configure it", expr)
		default:
			return n, fmt.Errorf("has an unknown expression !{%s}; Firehose supports !{timestamp:format}, !{firehose:random-string} and, in the error prefix, !{firehose:error-output-type}", expr)
		}
	}
}

// DeliveryStreamName checks a Firehose delivery stream name: 1-64
// characters of letters, digits, underscores, dots and hyphens.
func DeliveryStreamName(name string) error {
	return spec.DottedName(name, 1, 64, "Firehose delivery stream name")
}

// SpecDefault fills the firehose section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["firehose"] {
		s.Firehose = &spec.Firehose{
			DeliveryStream: n + "-delivery", Role: n + "-firehose",
			BufferSizeMiB: 5, BufferIntervalSeconds: 60,
			Prefix:                "data/!{timestamp:yyyy/MM/dd/HH}/",
			ErrorPrefix:           "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
			Compression:           "GZIP",
			ErrorLogRetentionDays: 14,
		}
		if s.Lake(c) || s.HasHop(c, "s3", "sagemaker") {
			// A static prefix: Firehose then appends YYYY/MM/DD/HH/ itself,
			// the layout the table's partition projection reads
			// (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html),
			// and the layout emulators write too (they do not evaluate
			// !{...} expressions and would write one literally).
			s.Firehose.Prefix, s.Firehose.ErrorPrefix = spec.LakePrefix, "errors/"
		}
		if on["splunk"] {
			// The bucket holds the copy of what goes to Splunk, as it was
			// sent: uncompressed (the Splunk destination's S3 backup).
			s.Firehose.Compression = "UNCOMPRESSED"
		}
	}
}

// HTTPEndpointURL checks the URL a delivery stream posts to on AWS:
// Firehose delivers only over HTTPS, to port 443
// (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html).
func HTTPEndpointURL(u string) error {
	p, err := url.Parse(u)
	switch {
	case err != nil || p.Host == "":
		return errors.New("must be an absolute https:// URL (Firehose HTTP endpoint delivery, https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html)")
	case p.Scheme != "https":
		return errors.New("must use https: Firehose delivers to HTTP endpoints over HTTPS only (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html)")
	case p.Port() != "" && p.Port() != "443":
		return errors.New("must use port 443: Firehose delivers to HTTP endpoints on port 443 only (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html)")
	}
	return nil
}
