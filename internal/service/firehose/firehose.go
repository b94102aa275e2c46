// Package firehose is Amazon Data Firehose for wireup: the delivery stream
// resource kind.
package firehose

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Firehose resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := firehose.NewFromConfig(cfg)
	return []service.Provider{NewDeliveryStream(c)}
}
