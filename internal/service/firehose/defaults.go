package firehose

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are how the delivery stream writes.
func Defaults(s *spec.Spec) []service.Default {
	f := s.Firehose
	return []service.Default{
		{Setting: "firehose.compression", Value: f.Compression, What: "objects are compressed before they are written to S3",
			Doc: "https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html"},
		{Setting: "firehose.errorPrefix", Value: f.ErrorPrefix, What: "records Firehose cannot deliver or transform are written under this prefix instead of being dropped",
			Doc: "https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html"},
	}
}
