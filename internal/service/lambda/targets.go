package lambda

import "github.com/wireup/wireup/internal/targets"

// What the emulators lack of Lambda (moto 5.2.1, kumo v0.33.1, measured:
// docs/emulators.md).
const (
	// MotoRunsNoFunction is why no function runs on moto: the S3 and SNS
	// packages give it for their deliveries into a function.
	MotoRunsNoFunction = "moto runs Lambda functions in Docker, and without a Docker engine the function never runs"
	kumoNoPoller       = "kumo stores event source mappings but has no poller, so the function is never invoked"
)

// Targets are the capability rows of the hops the Lambda package owns: the
// event source mappings (a stream or a queue polled for the function).
func Targets() targets.Rows {
	return targets.Rows{
		"kinesis-to-lambda": {
			targets.Moto: targets.Wired(MotoRunsNoFunction),
			targets.Kumo: targets.Wired(kumoNoPoller),
		},
		"sqs-to-lambda": {
			targets.Moto: targets.Wired(MotoRunsNoFunction + " (in stub mode the message is only consumed)"),
			targets.Kumo: targets.Wired(kumoNoPoller),
		},
		"dynamodb-to-lambda": {
			targets.Moto: targets.Wired(MotoRunsNoFunction + ", and moto drops the stream records after its failed dispatch"),
			targets.Kumo: targets.Wired(kumoNoPoller),
		},
	}
}
