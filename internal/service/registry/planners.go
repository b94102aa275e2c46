package registry

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
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
	"github.com/wireup/wireup/internal/spec"
)

// Planners are the planners of every service wireup deploys.
func Planners() []plan.Planner {
	return []plan.Planner{
		athena.Planner{},
		sagemaker.Planner{},
		dynamodb.Planner{},
		emr.Planner{},
		eventbridge.Planner{},
		firehose.Planner{},
		glue.Planner{},
		iot.Planner{},
		kinesis.Planner{},
		lambda.Planner{},
		logs.Planner{},
		quicksight.Planner{},
		opensearch.Planner{},
		redshift.Planner{},
		s3.Planner{},
		sns.Planner{},
		sqs.Planner{},
		httpendpoint.Planner{},
		splunk.Planner{},
	}
}

// Plan builds the plan of s with every service's planner.
func Plan(s *spec.Spec, c *catalog.Catalog, env plan.Env) (*plan.Plan, error) {
	return plan.New(s, c, env, Planners())
}
