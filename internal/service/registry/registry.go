// Package registry lists the AWS services wireup deploys. It is the one
// place a new service package is added: the engine, status, destroy and
// discovery are generic over the kinds listed here.
package registry

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/iam"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
)

// Kinds returns the resource providers of every service, with clients
// built from cfg.
func Kinds(cfg aws.Config) (service.Kinds, error) {
	return service.NewKinds(
		dynamodb.Kinds(cfg),
		firehose.Kinds(cfg),
		iam.Kinds(cfg),
		iot.Kinds(cfg),
		kinesis.Kinds(cfg),
		lambda.Kinds(cfg),
		s3.Kinds(cfg),
		sns.Kinds(cfg),
		sqs.Kinds(cfg),
	)
}
