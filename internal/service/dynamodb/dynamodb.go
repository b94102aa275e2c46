// Package dynamodb is Amazon DynamoDB for wireup: the table resource kind.
package dynamodb

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the DynamoDB resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := dynamodb.NewFromConfig(cfg)
	return []service.Provider{NewTable(c)}
}
