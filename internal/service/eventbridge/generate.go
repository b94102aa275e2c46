package eventbridge

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about EventBridge:
// templates/eventbridge/ holds a producer (PutEvents on the bus, with the
// source and detail-type the rule matches) and a Lambda handler for
// EventBridge events; a bus is read through the rule's target. The target
// role and the dead-letter queue's policy are documented from the plan as
// the IAM and SQS packages' files.
func Generator() service.Generator {
	return service.Generator{
		ID: "eventbridge", Func: "EventBridge",
		Produce: Planner{}.WriteTarget,
		Handle:  true,
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/eventbridge"},
		Settings: func(s *spec.Spec) []service.Setting {
			e := s.EventBridge
			return []service.Setting{
				{Env: "EVENTBRIDGE_BUS", Field: "EventBridgeBus", Default: e.EventBus, Doc: "the event bus the producer puts events on"},
				{Env: "EVENTBRIDGE_SOURCE", Field: "EventBridgeSource", Default: e.Source, Doc: "the source of those events, which the rule's pattern matches"},
				{Env: "EVENTBRIDGE_DETAIL_TYPE", Field: "EventBridgeDetailType", Default: e.DetailType, Doc: "their detail-type, which the rule's pattern matches"},
			}
		},
		Resource: func(s *spec.Spec) string {
			return "rule " + s.EventBridge.Rule + " on event bus " + s.EventBridge.EventBus
		},
	}
}
