package kinesis

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Kinesis Data Streams:
// templates/kinesis/ holds a producer (PutRecords), a polling consumer and a
// Lambda handler for kinesis events.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "kinesis", Func: "Kinesis",
		Produce: Planner{}.WriteTarget,
		Read: func(s *spec.Spec) iam.Source {
			return iam.Source{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}
		},
		Polls:    true,
		Handle:   true,
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/kinesis"},
		Indirect: []string{"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "KINESIS_STREAM", Field: "KinesisStream", Default: s.Kinesis.Stream, Doc: "the Kinesis data stream"}}
		},
		Resource: func(s *spec.Spec) string { return s.Kinesis.Stream },
	}
}
