package eventbridge

import (
	"slices"

	"github.com/wireup/wireup/internal/targets"
)

// What the emulators do with EventBridge rules (moto 5.2.1, kumo v0.33.1).
const (
	// motoEvents500 is measured on moto: PutEvents fails with HTTP 500
	// (NotImplementedError) for every event a rule with such a target
	// matches, while SQS targets deliver.
	motoEvents500 = "moto answers PutEvents with HTTP 500 once a rule with a Lambda, Kinesis or Firehose target matches the event, so no event can be sent on this route"
)

// Targets are the capability rows of the hops the EventBridge package
// owns: a rule's targets.
func Targets() targets.Rows {
	return targets.Rows{
		"eventbridge-to-sqs": {
			targets.Moto: targets.DataWith("moto delivers to an SQS target while no rule with a Lambda, Kinesis or Firehose target matches the same event"),
			targets.Kumo: targets.Data(),
		},
		"eventbridge-to-lambda": {
			targets.Moto: targets.Wired(motoEvents500),
			targets.Kumo: targets.DataWith("kumo invokes the target function, which wireup runs against kumo's Runtime API (kumo must listen on 4566)"),
		},
		"eventbridge-to-kinesis": {
			targets.Moto: targets.Wired(motoEvents500),
			targets.Kumo: targets.Wired("kumo accepts a Kinesis rule target (and drops its KinesisParameters) but puts nothing into the stream"),
		},
		"eventbridge-to-firehose": {
			targets.Moto: targets.Wired(motoEvents500),
			targets.Kumo: targets.Wired("kumo accepts a Firehose rule target but delivers nothing to it"),
		},
	}
}

// Producer reports whether the generated producer's PutEvents calls work
// on target t for a rule whose target is the service to, and why not:
// moto fails every PutEvents a rule with a Lambda, Kinesis or Firehose
// target matches.
func Producer(t targets.Target, to string) (bool, string) {
	if t == targets.Moto && to != "sqs" {
		return false, motoEvents500
	}
	return true, ""
}

// ruleTargetFieldsDropped lists, per target, the rule target fields it
// accepts and then leaves out of ListTargetsByRule (kumo v0.33.1 keeps
// only Id, Arn, RoleArn, the input fields and HttpParameters, its
// internal/service/eventbridge/types.go; moto 5.2.1 returns every field).
var ruleTargetFieldsDropped = map[targets.Target][]string{
	targets.Kumo: {"KinesisParameters", "DeadLetterConfig", "RetryPolicy"},
}

// ReadsBackRuleTarget reports whether target t returns the rule target
// field (the API name, e.g. "KinesisParameters") as it was set, so that a
// difference is drift rather than the target's gap.
func ReadsBackRuleTarget(t targets.Target, field string) bool {
	return !slices.Contains(ruleTargetFieldsDropped[t], field)
}
