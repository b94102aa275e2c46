package s3

import (
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// motoRunsNoFunction is moto's Lambda gap as an S3 notification meets it.
// It is lambda.MotoRunsNoFunction, which this package cannot import (the
// lambda package imports s3 for the notification's permission).
const motoRunsNoFunction = "moto runs Lambda functions in Docker, and without a Docker engine the function never runs"

// Targets are the capability rows of the hops the S3 package owns: the
// application writing objects, and the bucket's event notifications.
func Targets() targets.Rows {
	return targets.Rows{
		"app-to-s3": targets.CodeRow(),
		"s3-to-sqs": {targets.Moto: targets.Data(), targets.Kumo: targets.Data()},
		"s3-to-sns": {targets.Moto: targets.Data(), targets.Kumo: targets.Data()},
		"s3-to-lambda": {
			targets.Moto: targets.Wired(motoRunsNoFunction),
			targets.Kumo: targets.DataWith("kumo invokes the function, which wireup runs against kumo's Runtime API (kumo must listen on 4566)"),
		},
	}
}

// SpecNotes are the settings of the spec's s3 section target t leaves
// off, so the banner can say so before the deploy.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	if ok, reason := BucketPolicy(t); s.S3 != nil && !ok {
		return []targets.SpecNote{{Setting: "s3 TLS-only bucket policy", Note: "not applied on " + string(t) + ": " + reason}}
	}
	return nil
}
