package httpendpoint

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/secretsmanager"
	"github.com/wireup/wireup/internal/spec"
)

// SpecRule checks the spec's httpEndpoint section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	h := v.Spec.HTTPEndpoint
	if h == nil {
		return
	}
	if len(h.Name) < 1 || len(h.Name) > 256 {
		v.Add("httpEndpoint.name", h.Name, "must be 1-256 characters (Firehose HttpEndpointConfiguration Name, https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointConfiguration.html)")
	}
	v.Name("httpEndpoint.secret", h.Secret, secretsmanager.SecretName)
	v.Name("httpEndpoint.function", h.Function, lambda.FunctionName)
	v.Name("httpEndpoint.role", h.Role, spec.RoleName)
	v.Between("httpEndpoint.memoryMiB", h.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
	v.Between("httpEndpoint.timeoutSeconds", h.TimeoutSeconds, 1, 180, "Firehose waits at most 3 minutes for the endpoint's answer")
	v.Between("httpEndpoint.localPort", h.LocalPort, 1024, 65535, "an unprivileged port on 127.0.0.1 for cmd/receiver")
	v.Between("httpEndpoint.bufferSizeMiB", h.BufferSizeMiB, 1, 64, "Firehose HTTP endpoint buffering hint in MiB")
	v.Between("httpEndpoint.bufferIntervalSeconds", h.BufferIntervalSeconds, 0, 900, "Firehose HTTP endpoint buffering hint in seconds")
	v.Between("httpEndpoint.retrySeconds", h.RetrySeconds, 0, 7200, "Firehose HTTP endpoint retry duration")
	if v.Spec.S3 == nil {
		v.Add("s3", "", "section is missing: Firehose backs up the records it cannot deliver to the HTTP endpoint into the project's bucket")
	}
}

// SpecDefault fills the httpEndpoint section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["http-endpoint"] {
		s.HTTPEndpoint = defaultHTTPEndpoint(n)
		// Records Firehose cannot deliver are backed up to the bucket.
		on["s3"] = true
	}
}

// defaultHTTPEndpoint is the http-endpoint section of project n.
func defaultHTTPEndpoint(n string) *spec.HTTPEndpoint {
	// 1 MiB / 60 s: the smallest buffer, so a record reaches the receiver
	// within a minute; 300 s of retries (AWS's default) before the batch
	// goes to the bucket
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointBufferingHints.html,
	// https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointRetryOptions.html).
	return &spec.HTTPEndpoint{Name: n + "-receiver", Secret: n + "-http-endpoint-key",
		Function: n + "-receiver", Role: n + "-receiver", MemoryMiB: 128, TimeoutSeconds: 30, LocalPort: 8787,
		BufferSizeMiB: 1, BufferIntervalSeconds: 60, RetrySeconds: 300}
}
