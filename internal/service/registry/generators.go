package registry

import (
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

// Generators are what the project generator (internal/render) knows about
// every service it writes code for. The order is the order of the
// generated config package's settings: a new service goes last, so the
// projects of existing routes do not change.
func Generators() []service.Generator {
	return []service.Generator{
		iot.Generator(),
		kinesis.Generator(),
		firehose.Generator(),
		s3.Generator(),
		sqs.Generator(),
		sns.Generator(),
		dynamodb.Generator(),
		lambda.Generator(),
		eventbridge.Generator(),
		logs.Generator(),
		glue.Generator(),
		athena.Generator(),
		quicksight.Generator(),
		sagemaker.Generator(),
		emr.Generator(),
		opensearch.Generator(),
		redshift.Generator(),
		httpendpoint.Generator(),
		splunk.Generator(),
	}
}
