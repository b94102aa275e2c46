// Package iot is the AWS IoT Core control plane for wireup: the topic rule
// resource kind, and verify's publish to a topic through the data plane
// (publish.go).
package iot

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iot"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the IoT resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := iot.NewFromConfig(cfg)
	return []service.Provider{NewTopicRule(c)}
}
