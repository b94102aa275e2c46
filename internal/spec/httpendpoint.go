package spec

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
