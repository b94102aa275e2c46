package iot

import (
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/targets"
)

// What the targets lack of IoT Core (moto 5.2.1, kumo v0.33.1, measured:
// docs/emulators.md; LocalStack from its documentation).
const (
	motoNoRuleAction = "moto stores IoT topic rules, but no rule action fires when a message is published"
	kumoNoIoT        = "kumo has no IoT Core service"
	localStackNoIoT  = "IoT Core is only in LocalStack Pro"
)

// Targets are the capability rows of the hops the IoT package owns: the
// topic-rule actions (iot → every service it feeds) and the application's
// publish into IoT Core.
func Targets() targets.Rows {
	rule := func() targets.Row {
		return targets.Row{
			targets.Moto:       targets.Wired(motoNoRuleAction),
			targets.Kumo:       targets.Refused(kumoNoIoT+" (the call falls through to its S3 handler)", kumoNoIoT),
			targets.LocalStack: targets.Refused(localStackNoIoT, localStackNoIoT),
		}
	}
	// The domain deploys on moto; kumo has neither IoT nor OpenSearch.
	search := rule()
	search[targets.Moto] = targets.Wired(motoNoRuleAction + "; " + opensearch.MotoNoEngine)
	publish := rule()
	publish[targets.Moto] = targets.Wired("moto records IoT publishes but delivers them nowhere")
	return targets.Rows{
		"app-to-iot":      publish,
		"iot-to-kinesis":  rule(),
		"iot-to-firehose": rule(),
		"iot-to-sqs":      rule(),
		"iot-to-sns":      rule(),
		"iot-to-s3":       rule(),
		"iot-to-dynamodb": rule(),
		"iot-to-lambda":   rule(),

		"iot-to-opensearch": search,
	}
}
