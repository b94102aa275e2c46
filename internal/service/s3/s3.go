// Package s3 is Amazon S3 for wireup: the bucket and the bucket
// notification resource kinds.
package s3

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/service"
)

// Kinds are the S3 resource kinds, on one client built from cfg (path-style
// on an emulator, see awsconfig.S3Options).
func Kinds(cfg aws.Config) []service.Provider {
	c := s3.NewFromConfig(cfg, awsconfig.S3Options(cfg))
	return []service.Provider{NewBucket(c), NewBucketNotification(c)}
}
