// Package kinesis is Amazon Kinesis Data Streams for wireup: the stream
// resource kind.
package kinesis

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Kinesis resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := kinesis.NewFromConfig(cfg)
	return []service.Provider{NewStream(c)}
}
