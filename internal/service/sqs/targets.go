package sqs

import "github.com/wireup/wireup/internal/targets"

// Targets are the capability rows of the hops the SQS package owns: the
// application sending to the queue and receiving from it. (Deliveries into
// the queue are wired by their sources: S3, SNS and IoT declare those hops;
// the queue as a Lambda source is Lambda's event source mapping.)
func Targets() targets.Rows {
	return targets.Rows{
		"app-to-sqs": targets.CodeRow(),
		"sqs-to-app": targets.CodeRow(),
	}
}
