// Package sqs is Amazon SQS for wireup: the queue and the queue policy
// resource kinds.
package sqs

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the SQS resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := sqs.NewFromConfig(cfg)
	return []service.Provider{NewQueue(c), NewQueuePolicy(c)}
}
