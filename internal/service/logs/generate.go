package logs

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about CloudWatch Logs:
// templates/cloudwatch-logs/ holds a producer (PutLogEvents) and a Lambda
// handler for the events a subscription filter delivers; a log group is
// read through where its subscription sends.
func Generator() service.Generator {
	return service.Generator{
		ID: Service, Func: "CloudWatchLogs",
		Produce:  Planner{}.WriteTarget,
		Handle:   true,
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"},
		Indirect: []string{"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"}, // StartLiveTail is an event stream
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{
				{Env: "LOGS_GROUP", Field: "LogsGroup", Default: s.Logs.LogGroup, Doc: "the CloudWatch Logs log group the producer writes to"},
				{Env: "LOGS_STREAM", Field: "LogsStream", Default: "producer", Doc: "the log stream of that group the producer creates and writes to"},
			}
		},
		Resource: func(s *spec.Spec) string { return s.Logs.LogGroup },
	}
}
