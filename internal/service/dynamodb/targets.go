package dynamodb

import (
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Targets are the capability rows of the hops the DynamoDB package owns:
// the application writing items. (The table's stream into Lambda is
// Lambda's event source mapping.)
func Targets() targets.Rows {
	return targets.Rows{
		"app-to-dynamodb": targets.CodeRow(),
	}
}

// SpecNotes are the settings of the spec's dynamodb section target t
// refuses, so the banner can say so before the deploy.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	if t == targets.Kumo && s.DynamoDB != nil && s.DynamoDB.PointInTimeRecovery {
		// Measured on kumo v0.33.1: UpdateContinuousBackups answers
		// UnknownOperationException.
		return []targets.SpecNote{{Setting: "dynamodb.pointInTimeRecovery",
			Note: "kumo has no UpdateContinuousBackups (UnknownOperationException): set dynamodb.pointInTimeRecovery: false in wireup.yaml to deploy the table there"}}
	}
	return nil
}
