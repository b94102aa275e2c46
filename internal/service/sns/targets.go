package sns

import (
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/targets"
)

// Targets are the capability rows of the hops the SNS package owns: the
// topic's subscriptions.
func Targets() targets.Rows {
	return targets.Rows{
		"sns-to-sqs": {targets.Moto: targets.Data(), targets.Kumo: targets.Data()},
		"sns-to-lambda": {
			targets.Moto: targets.Wired(lambda.MotoRunsNoFunction),
			targets.Kumo: targets.DataWith("kumo invokes the subscribed function, which wireup runs against kumo's Runtime API (kumo must listen on 4566)"),
		},
	}
}

// Producer reports whether the calls a generated producer makes to publish
// to the topic work on target t, and why not. Deploying and verifying the
// route are separate: verify sends its canary with a single Publish.
func Producer(t targets.Target) (bool, string) {
	if t == targets.Kumo {
		// Measured on kumo v0.33.1: PublishBatch is not among the SNS
		// actions it routes (internal/service/sns/service.go), and the
		// request gets an empty 400 the SDK reports as "deserialization
		// failed, EOF".
		return false, "kumo has no SNS PublishBatch, the call the generated producer sends events with"
	}
	return true, ""
}
