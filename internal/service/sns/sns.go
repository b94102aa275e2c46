// Package sns is Amazon SNS for wireup: the topic, the topic policy and the
// subscription resource kinds.
package sns

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the SNS resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := sns.NewFromConfig(cfg)
	return []service.Provider{NewTopic(c), NewTopicPolicy(c), NewSubscription(c)}
}
