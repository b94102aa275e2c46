package spec

import (
	"errors"
	"net/url"
	"regexp"
)

// HTTPEndpoint is the HTTP endpoint a Firehose delivery stream posts its
// records to, and the receiver wireup generates for it: on AWS a Lambda
// function behind a function URL (HTTPS on port 443, which Firehose
// requires), on an emulator cmd/receiver on the loopback interface. The
// access key Firehose sends is a random value in a Secrets Manager secret
// deploy creates; it is never in this file, the state or generated files.
// Records Firehose cannot deliver go to the project's bucket (s3 section).
type HTTPEndpoint struct {
	Name     string `yaml:"name"`     // Firehose's name for the endpoint, 1-256 characters
	Secret   string `yaml:"secret"`   // the Secrets Manager secret holding {"api_key": "..."}
	Function string `yaml:"function"` // the receiver's Lambda function (AWS)
	Role     string `yaml:"role"`     // its execution role
	// MemoryMiB and TimeoutSeconds size the receiver function; Firehose
	// waits at most 3 minutes for an answer.
	MemoryMiB      int `yaml:"memoryMiB"`      // 128-10240
	TimeoutSeconds int `yaml:"timeoutSeconds"` // 1-180
	// LocalPort is where cmd/receiver listens on 127.0.0.1 when the target
	// is an emulator, and where the delivery stream posts there.
	LocalPort             int `yaml:"localPort"`
	BufferSizeMiB         int `yaml:"bufferSizeMiB"`         // 1-64
	BufferIntervalSeconds int `yaml:"bufferIntervalSeconds"` // 0-900
	RetrySeconds          int `yaml:"retrySeconds"`          // 0-7200: how long Firehose retries a failed delivery
}

var secretNameRe = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)

// SecretName checks a Secrets Manager secret name: 1-512 characters of
// letters, digits and / _ + = . @ -
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
func SecretName(name string) error {
	if !secretNameRe.MatchString(name) {
		return errors.New("must be 1-512 characters of letters, digits and / _ + = . @ - (AWS Secrets Manager secret name rules, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)")
	}
	return nil
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

// defaultHTTPEndpoint is the http-endpoint section of project n.
func defaultHTTPEndpoint(n string) *HTTPEndpoint {
	// 1 MiB / 60 s: the smallest buffer, so a record reaches the receiver
	// within a minute; 300 s of retries (AWS's default) before the batch
	// goes to the bucket
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointBufferingHints.html,
	// https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointRetryOptions.html).
	return &HTTPEndpoint{Name: n + "-receiver", Secret: n + "-http-endpoint-key",
		Function: n + "-receiver", Role: n + "-receiver", MemoryMiB: 128, TimeoutSeconds: 30, LocalPort: 8787,
		BufferSizeMiB: 1, BufferIntervalSeconds: 60, RetrySeconds: 300}
}

func (v *validator) httpEndpoint() {
	h := v.s.HTTPEndpoint
	if h == nil {
		return
	}
	if len(h.Name) < 1 || len(h.Name) > 256 {
		v.add("httpEndpoint.name", h.Name, "must be 1-256 characters (Firehose HttpEndpointConfiguration Name, https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointConfiguration.html)")
	}
	v.name("httpEndpoint.secret", h.Secret, SecretName)
	v.name("httpEndpoint.function", h.Function, FunctionName)
	v.name("httpEndpoint.role", h.Role, RoleName)
	v.between("httpEndpoint.memoryMiB", h.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
	v.between("httpEndpoint.timeoutSeconds", h.TimeoutSeconds, 1, 180, "Firehose waits at most 3 minutes for the endpoint's answer")
	v.between("httpEndpoint.localPort", h.LocalPort, 1024, 65535, "an unprivileged port on 127.0.0.1 for cmd/receiver")
	v.between("httpEndpoint.bufferSizeMiB", h.BufferSizeMiB, 1, 64, "Firehose HTTP endpoint buffering hint in MiB")
	v.between("httpEndpoint.bufferIntervalSeconds", h.BufferIntervalSeconds, 0, 900, "Firehose HTTP endpoint buffering hint in seconds")
	v.between("httpEndpoint.retrySeconds", h.RetrySeconds, 0, 7200, "Firehose HTTP endpoint retry duration")
	if v.s.S3 == nil {
		v.add("s3", "", "section is missing: Firehose backs up the records it cannot deliver to the HTTP endpoint into the project's bucket")
	}
}
