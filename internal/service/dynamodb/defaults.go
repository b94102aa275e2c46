package dynamodb

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the table wireup creates.
func Defaults(s *spec.Spec) []service.Default {
	return []service.Default{
		{Value: "always on (AWS owned key)", What: "DynamoDB encrypts every table at rest",
			Doc: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"},
		{Setting: "dynamodb.pointInTimeRecovery", Value: plan.BoolString(s.DynamoDB.PointInTimeRecovery),
			What: "continuous backups: the table can be restored to any second of the last 35 days (billed per GB-month)",
			Doc:  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html"},
	}
}
