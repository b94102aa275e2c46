package s3

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the bucket wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	b := s.S3
	enc := "SSE-S3 (AES256)"
	if b.KMSKey != "" {
		enc = "SSE-KMS with " + b.KMSKey
	}
	return []service.Default{
		{Setting: "s3.kmsKey", Value: enc, What: "every object is encrypted at rest by default",
			Doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html"},
		{Value: "all four settings on", What: "S3 Block Public Access: no ACL or bucket policy can make the bucket or its objects public",
			Doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"},
		{Value: "a Deny on aws:SecureTransport false", What: "the bucket policy refuses every request not made over HTTPS",
			Doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"},
		{Setting: "s3.versioning", Value: plan.BoolString(b.Versioning), What: "keeps every version of an overwritten or deleted object (each version is billed as storage)",
			Doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"},
		{Setting: "s3.forceDestroy", Value: plan.BoolString(b.ForceDestroy), What: "false: `wireup destroy` keeps the bucket while it holds objects; true: it deletes them",
			Doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html"},
	}
}
