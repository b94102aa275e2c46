package sns

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the topic wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	what := "messages are encrypted at rest with the AWS managed key alias/aws/sns; publishers in the account need no KMS grant of their own (the key's policy lets them use it through SNS)"
	switch {
	case s.SNS.KMSKey != "":
		what = "messages are encrypted at rest with the customer managed key " + s.SNS.KMSKey + "; its key policy must let every publisher use it (the plan says which statements to add)"
	case !s.SNS.Encryption:
		what = "off: S3 cannot publish to a topic encrypted with the AWS managed key alias/aws/sns; set sns.kmsKey to a customer managed key whose policy allows s3.amazonaws.com, and sns.encryption to true, to encrypt it; wireup turns it on for topics only applications and IoT rules publish to"
	}
	return []service.Default{{Setting: "sns.encryption", Value: plan.BoolString(s.SNS.Encryption), What: what,
		Doc: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"},
		{Value: "a Deny on aws:SecureTransport false", What: "the topic policy refuses every publish not made over HTTPS",
			Doc: "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit"}}
}
