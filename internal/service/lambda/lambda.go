// Package lambda is AWS Lambda for wireup: the function, the permission
// that lets a service invoke it, and the event source mapping (package
// eventsource) resource kinds.
package lambda

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/lambda/eventsource"
)

// Kinds are the Lambda resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := lambda.NewFromConfig(cfg)
	return []service.Provider{NewFunction(c), NewPermission(c), eventsource.New(c), NewFunctionURL(c)}
}
