package logs

import (
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/targets"
)

// kumoNoFilter: measured on kumo v0.33.1, which creates log groups but
// answers PutSubscriptionFilter with UnrecognizedClientException.
var kumoNoFilter = targets.Refused(`kumo has no CloudWatch Logs subscription filters (PutSubscriptionFilter: "The action PutSubscriptionFilter is not valid for this web service")`,
	"kumo has no CloudWatch Logs subscription filters")

// Targets are the capability rows of the hops the CloudWatch Logs package
// owns: the log group's subscription filter to each destination.
func Targets() targets.Rows {
	return targets.Rows{
		"cloudwatch-logs-to-firehose": {
			targets.Moto: targets.DataWith("moto delivers the subscription's gzipped CloudWatch Logs envelope; it reads the Firehose decompression and extraction processors back but ignores them, so S3 gets the envelope itself, which the generated reader unpacks"),
			targets.Kumo: kumoNoFilter,
		},
		"cloudwatch-logs-to-kinesis": {
			targets.Moto: targets.DataWith("moto puts the subscription's gzipped CloudWatch Logs envelope into the stream, with each logEvents[].id a number where AWS sends a string"),
			targets.Kumo: kumoNoFilter,
		},
		"cloudwatch-logs-to-lambda": {
			targets.Moto: targets.Wired(lambda.MotoRunsNoFunction),
			targets.Kumo: kumoNoFilter,
		},
	}
}
