package sns

import (
	"errors"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/kms"
	"github.com/wireup/wireup/internal/spec"
)

var topicNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// SpecRule checks the spec's sns section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	t := v.Spec.SNS
	if t == nil {
		return
	}
	v.Name("sns.topic", t.Topic, TopicName)
	switch {
	case t.KMSKey != "":
		kms.CheckKey(v, "sns", t.KMSKey, t.Encryption, "topic")
	case t.Encryption && v.Spec.HasHop(v.Catalog, "s3", "sns"):
		v.Add("sns.encryption", "true", "must be false for an S3 event destination unless sns.kmsKey names a customer managed key: the AWS managed key alias/aws/sns does not let S3 publish, so notifications would fail (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html)")
	}
}

// TopicName checks an SNS standard topic name: 1-256 characters of letters,
// digits, hyphens and underscores.
func TopicName(name string) error {
	if strings.HasSuffix(name, ".fifo") {
		return errors.New(`must not end in ".fifo": wireup creates standard topics, and only FIFO topic names may end in ".fifo"`)
	}
	if len(name) < 1 || len(name) > 256 || !topicNameRe.MatchString(name) {
		return errors.New("must be 1-256 characters of letters, digits, hyphens and underscores (AWS SNS topic name rules)")
	}
	return nil
}

// SpecDefault fills the sns section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["sns"] {
		// Encrypted at rest with the AWS managed key unless S3 publishes to
		// the topic: the key policy of alias/aws/sns lets only principals of
		// the account use it through SNS, not the S3 service principal
		// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
		s.SNS = &spec.SNS{Topic: n + "-topic", Encryption: !s.HasHop(c, "s3", "sns")}
	}
}
