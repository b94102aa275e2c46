package iot

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about AWS IoT Core:
// templates/iot/ holds a producer (MQTT publish over the data plane) and a
// Lambda handler for rule invocations.
func Generator() service.Generator {
	return service.Generator{
		ID: "iot", Func: "IoT",
		Produce: Planner{}.WriteTarget,
		Handle:  true,
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/iot"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{
				{Env: "IOT_TOPIC", Field: "IoTTopic", Default: s.IoT.Topic, Doc: "the MQTT topic the IoT rule selects from"},
				{Env: "IOT_DATA_ENDPOINT", Field: "IoTDataEndpoint", Doc: "the IoT data endpoint; empty: AWS_ENDPOINT_URL or iot:DescribeEndpoint"},
			}
		},
		Resource: func(s *spec.Spec) string { return "rule " + s.IoT.Rule + ", topic " + s.IoT.Topic },
	}
}
