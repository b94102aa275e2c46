package kinesis

import (
	"fmt"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the stream wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	k := s.Kinesis
	return []service.Default{
		{Setting: "kinesis.encryption", Value: plan.BoolString(k.Encryption) + " (alias/aws/kinesis)", What: "records are encrypted at rest",
			Doc: "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"},
		{Setting: "kinesis.retentionHours", Value: fmt.Sprintf("%d h", k.RetentionHours), What: "how long a record stays readable, so a consumer that stops can catch up",
			Doc: "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html"},
	}
}
