// Package secretsmanager is AWS Secrets Manager for wireup: the secret
// kind, whose value deploy generates at random and never records. A
// service that reads a secret at delivery time (Firehose's HTTP endpoint
// access key) is given its ARN; the value stays in Secrets Manager.
package secretsmanager

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Secrets Manager resource kinds, on one client built from
// cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewSecret(secretsmanager.NewFromConfig(cfg))}
}
