package dynamodb

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about DynamoDB:
// templates/dynamodb/ holds a producer (BatchWriteItem), a polling
// consumer that scans the table and a Lambda handler for stream records.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "dynamodb", Func: "DynamoDB",
		Produce: Planner{}.WriteTarget,
		Read: func(s *spec.Spec) iam.Source {
			return iam.Source{Kind: iam.KindDynamoDB, Name: s.DynamoDB.Table}
		},
		Polls:    true,
		Handle:   true,
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/dynamodb"},
		Indirect: []string{"github.com/aws/aws-sdk-go-v2/service/internal/endpoint-discovery"},
		Settings: func(s *spec.Spec) []service.Setting {
			d := s.DynamoDB
			return []service.Setting{
				{Env: "DYNAMODB_TABLE", Field: "DynamoDBTable", Default: d.Table, Doc: "the DynamoDB table"},
				{Env: "DYNAMODB_PARTITION_KEY", Field: "DynamoDBPartitionKey", Default: d.PartitionKey, Doc: "the table's partition key attribute"},
				{Env: "DYNAMODB_SORT_KEY", Field: "DynamoDBSortKey", Default: d.SortKey, Doc: "the table's sort key attribute, if any"},
			}
		},
		Resource: func(s *spec.Spec) string { return s.DynamoDB.Table },
	}
}
