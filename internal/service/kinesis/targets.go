package kinesis

import (
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Targets are the capability rows of the hops the Kinesis package owns:
// the application writing into the stream and reading it. (Kinesis as a
// source is wired by its readers: Firehose and Lambda declare those hops.)
func Targets() targets.Rows {
	return targets.Rows{
		"app-to-kinesis": targets.CodeRow(),
		"kinesis-to-app": targets.CodeRow(),
	}
}

// SpecNotes are the settings of the spec's kinesis section target t
// refuses, so the banner can say so before the deploy.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	if t == targets.Kumo && s.Kinesis != nil && s.Kinesis.Encryption {
		return []targets.SpecNote{{Setting: "kinesis.encryption",
			Note: "kumo has no StartStreamEncryption (InvalidAction): set kinesis.encryption: false in wireup.yaml to deploy the stream there"}}
	}
	return nil
}
