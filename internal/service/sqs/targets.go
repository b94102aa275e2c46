package sqs

import (
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// KumoKeepsNoQueueKey is what kumo does with a queue's customer managed
// key: it accepts KmsMasterKeyId and reads it back empty (measured with
// kumo 0.33.1).
const KumoKeepsNoQueueKey = "kumo accepts sqs.kmsKey (KmsMasterKeyId) and keeps none: the queue is not encrypted with the key there and status shows it as drift; leave sqs.kmsKey out of wireup.yaml to deploy on kumo"

// SpecNotes are the settings of the spec's sqs section target t does not
// keep.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	if t == targets.Kumo && s.SQS != nil && s.SQS.KMSKey != "" {
		return []targets.SpecNote{{Setting: "sqs.kmsKey", Note: KumoKeepsNoQueueKey}}
	}
	return nil
}

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
