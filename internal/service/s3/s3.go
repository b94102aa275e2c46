// Package s3 is Amazon S3 for wireup: the bucket and the bucket
// notification resource kinds.
package s3

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/service"
)

// Kinds are the S3 resource kinds, on one client built from cfg (see
// ClientOptions).
func Kinds(cfg aws.Config) []service.Provider {
	c := s3.NewFromConfig(cfg, ClientOptions(cfg))
	return []service.Provider{NewBucket(c), NewBucketNotification(c)}
}

// ClientOptions returns the S3 client options wireup needs for cfg. With a
// custom endpoint it turns on path-style addressing, because emulators are
// reached as 127.0.0.1:PORT and cannot serve bucket.host virtual-hosted
// names, and it limits checksums to the operations that require them, since
// emulators do not return (or always accept) the flexible checksums the SDK
// sends to AWS by default.
//
//	client := s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg))
func ClientOptions(cfg aws.Config) func(*s3.Options) {
	emulator := awsconfig.TargetOf(cfg).IsEmulator
	return func(o *s3.Options) {
		if emulator {
			o.UsePathStyle = true
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	}
}
