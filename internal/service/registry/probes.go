package registry

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/athena"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/emr"
	"github.com/wireup/wireup/internal/service/eventbridge"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/httpendpoint"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/logs"
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/service/quicksight"
	"github.com/wireup/wireup/internal/service/redshift"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sagemaker"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/splunk"
	"github.com/wireup/wireup/internal/service/sqs"
)

// Probes returns the verify probe of every service that has one, by
// catalog service id, with clients built from cfg. `wireup verify` injects
// the canary with the probe of a route's first service and awaits it with
// the probe of its last.
func Probes(cfg aws.Config) map[string]service.Probe {
	return map[string]service.Probe{
		"athena":      athena.NewProbeFromConfig(cfg),
		"sagemaker":   sagemaker.NewProbeFromConfig(cfg),
		"dynamodb":    dynamodb.NewProbeFromConfig(cfg),
		"emr":         emr.NewProbeFromConfig(cfg),
		"eventbridge": eventbridge.NewProbeFromConfig(cfg),
		"firehose":    firehose.NewProbeFromConfig(cfg),
		"glue":        glue.NewProbeFromConfig(cfg),
		"iot":         iot.NewProbeFromConfig(cfg),
		"kinesis":     kinesis.NewProbeFromConfig(cfg),
		"lambda":      lambda.NewProbeFromConfig(cfg),
		"quicksight":  quicksight.NewProbeFromConfig(cfg),
		"opensearch":  opensearch.NewProbeFromConfig(cfg),
		"s3":          s3.NewProbeFromConfig(cfg),
		"sns":         sns.NewProbeFromConfig(cfg),
		"sqs":         sqs.NewProbeFromConfig(cfg),

		logs.Service: logs.NewProbeFromConfig(cfg),
		"redshift":   redshift.Probe{},

		httpendpoint.Service: httpendpoint.NewProbeFromConfig(cfg),
		splunk.Service:       splunk.NewProbeFromConfig(cfg),
	}
}
