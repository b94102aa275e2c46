// Package iam is AWS IAM for wireup: the role resource kind, with its
// trust policy and its inline policy.
package iam

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the IAM resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewRole(iam.NewFromConfig(cfg))}
}
