package sns

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the topic wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	what := "messages are encrypted at rest with the AWS managed key alias/aws/sns"
	if !s.SNS.Encryption {
		what = "off: S3 cannot publish to a topic encrypted with the AWS managed key alias/aws/sns (it needs a customer managed key whose policy allows s3.amazonaws.com); set true for a topic only applications publish to"
	}
	return []service.Default{{Setting: "sns.encryption", Value: plan.BoolString(s.SNS.Encryption), What: what,
		Doc: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"}}
}
