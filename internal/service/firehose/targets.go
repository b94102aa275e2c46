package firehose

import (
	"maps"

	"github.com/wireup/wireup/internal/targets"
)

// TransformHop is the catalog integration of the delivery stream's Lambda
// transform: not a route hop but an option on the Firehose one, which the
// transform function serves (its plan resource names it, so verify counts
// what the target does with it).
const TransformHop = "firehose-transform-lambda"

// Targets are the capability rows of the hops the Firehose package owns:
// the delivery stream's sources (the application's DirectPut, a Kinesis
// stream), its S3 destination and its Lambda transform.
func Targets() targets.Rows {
	rows := targets.Rows{
		"app-to-firehose": {
			targets.Moto:       targets.Code(),
			targets.Kumo:       targets.Wired("kumo keeps Firehose records in memory and writes nothing to the destination"),
			targets.LocalStack: targets.Code(),
		},
		"kinesis-to-firehose": {
			targets.Moto: targets.Wired("moto stores a Kinesis-sourced delivery stream, but nothing reads the stream"),
			targets.Kumo: targets.Refused("kumo returns DescribeDeliveryStream for a Kinesis-sourced stream in a form the Go SDK cannot decode", "nothing reads the stream"),
		},
		"firehose-to-s3": {
			targets.Moto: targets.DataWith("moto writes each DirectPut record to S3 at once, ignoring buffering hints"),
			targets.Kumo: targets.Wired("kumo keeps Firehose records in memory and writes nothing to S3"),
		},
		HTTPEndpointHop: httpEndpointRow(),
		SplunkHop:       splunkRow(),
		RedshiftHop:     redshiftRow(),
		TransformHop: {
			targets.Moto: targets.Wired("moto ignores the Lambda processor and writes records untransformed"),
			targets.Kumo: targets.Wired("kumo never invokes the Firehose processor"),
		},
	}
	maps.Copy(rows, openSearchRows())
	return rows
}
