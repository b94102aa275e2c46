package s3

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about S3: templates/s3/
// holds a producer (PutObject), a polling consumer that lists the prefix,
// a Lambda handler for s3 events, and the reader cmd/consumer uses to print
// the records of the objects S3 notifications name.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "s3", Func: "S3",
		Produce: Planner{}.WriteTarget,
		Read: func(s *spec.Spec) iam.Source {
			return iam.Source{Kind: iam.KindS3, Name: s.S3.Bucket, Prefix: Prefix(s), KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
		},
		// An event notification names an object: cmd/consumer gets it
		// to print its records, under the notification's filter prefix
		// only.
		Notifies: func(s *spec.Spec) (iam.Source, bool) {
			if len(s.S3.Events) == 0 {
				return iam.Source{}, false
			}
			return iam.Source{Kind: iam.KindS3Objects, Name: s.S3.Bucket, Prefix: s.S3.FilterPrefix, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}, true
		},
		Polls:    true,
		Handle:   true,
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/s3"},
		Indirect: Indirect(),
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{
				{Env: "S3_BUCKET", Field: "S3Bucket", Default: s.S3.Bucket, Doc: "the S3 bucket"},
				{Env: "S3_PREFIX", Field: "S3Prefix", Default: Prefix(s), Doc: "the key prefix objects are written to and read from"},
			}
		},
		Resource: func(s *spec.Spec) string { return s.S3.Bucket },
		// The bucket policy grants nothing: the README says what it refuses.
		Policies: []service.PolicyFile{{
			Kind: plan.KindBucket,
			Name: func(bucket string) string { return "bucket-policy-" + bucket + ".json" },
			What: "nothing over plain HTTP: every S3 action (`s3:*`) on the bucket is denied when `aws:SecureTransport` is false",
		}},
	}
}

// Prefix is where the generated code writes and reads objects: the
// producer's prefix, or the literal start of the Firehose prefix (before
// any !{...} expression).
func Prefix(s *spec.Spec) string {
	switch {
	case s.S3.ObjectPrefix != "":
		return s.S3.ObjectPrefix
	case s.Firehose != nil:
		p := s.Firehose.Prefix
		if i := strings.Index(p, "!{"); i >= 0 {
			p = p[:i]
		}
		return p
	}
	return ""
}

// Indirect are the modules the S3 client needs beside its own: a generated
// project that uses it requires them as indirect dependencies.
func Indirect() []string {
	return []string{
		"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream",
		"github.com/aws/aws-sdk-go-v2/service/internal/checksum",
		"github.com/aws/aws-sdk-go-v2/service/internal/s3shared",
	}
}
