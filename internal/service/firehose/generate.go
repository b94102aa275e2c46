package firehose

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Amazon Data
// Firehose: templates/firehose/ holds a producer (PutRecordBatch); the
// delivery stream is read where it delivers.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "firehose", Func: "Firehose",
		Produce: Planner{}.WriteTarget,
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/firehose"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "FIREHOSE_DELIVERY_STREAM", Field: "FirehoseDeliveryStream", Default: s.Firehose.DeliveryStream, Doc: "the Firehose delivery stream"}}
		},
		Resource: func(s *spec.Spec) string { return s.Firehose.DeliveryStream },
	}
}
