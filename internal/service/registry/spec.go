package registry

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/athena"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/emr"
	"github.com/wireup/wireup/internal/service/eventbridge"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/glue/etl"
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

// Rules returns every service's spec rules, in the order their problems
// are reported: a section's rule may report on the sections before it
// (lambda's on sqs.visibilityTimeoutSeconds), so the order is part of the
// output.
func Rules() []spec.Rule {
	return []spec.Rule{
		logs.SpecRule,
		iot.SpecRule,
		eventbridge.SpecRule,
		kinesis.SpecRule,
		firehose.SpecRule,
		s3.SpecRule,
		sqs.SpecRule,
		sns.SpecRule,
		dynamodb.SpecRule,
		lambda.SpecRule,
		glue.SpecRule,
		etl.SpecRule,
		athena.SpecRule,
		quicksight.SpecRule,
		sagemaker.SpecRule,
		emr.SpecRule,
		opensearch.SpecRule,
		redshift.SpecRule,
		httpendpoint.SpecRule,
		splunk.SpecRule,
	}
}

// Validate checks the spec against the catalog, the spec's core rules and
// every service's (Rules): the one check every command and the wizard
// run. It returns nil or spec.Errors.
func Validate(c *catalog.Catalog, s *spec.Spec) error {
	return spec.Validate(c, s, Rules()...)
}

// Defaults returns every service's spec defaults, in the order a new spec
// is filled: a section's defaults read the sections filled before it (the
// bucket's notification prefix is where Firehose writes, Athena's results
// go into the route's bucket, Lambda's batch sets the queue's visibility
// timeout), and the external Firehose destinations turn the bucket on
// first.
func Defaults() []spec.Default {
	return []spec.Default{
		httpendpoint.SpecDefault,
		splunk.SpecDefault,
		logs.SpecDefault,
		iot.SpecDefault,
		eventbridge.SpecDefault,
		kinesis.SpecDefault,
		firehose.SpecDefault,
		s3.SpecDefault,
		sqs.SpecDefault,
		sns.SpecDefault,
		dynamodb.SpecDefault,
		glue.SpecDefault,
		etl.SpecDefault,
		athena.SpecDefault,
		quicksight.SpecDefault,
		sagemaker.SpecDefault,
		emr.SpecDefault,
		opensearch.SpecDefault,
		redshift.SpecDefault,
		quicksight.RedshiftSpecDefault,
		lambda.SpecDefault,
	}
}

// New returns a spec for the route with every service's defaults
// (spec.New with Defaults): what `wireup new` and the wizard start from,
// and a spec registry.Validate passes.
func New(c *catalog.Catalog, name, region string, route []string) (*spec.Spec, error) {
	return spec.New(c, name, region, route, Defaults()...)
}
