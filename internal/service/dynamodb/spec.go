package dynamodb

import (
	"errors"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

// SpecRule checks the spec's dynamodb section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	d := v.Spec.DynamoDB
	if d == nil {
		return
	}
	v.Name("dynamodb.table", d.Table, TableName)
	v.Name("dynamodb.partitionKey", d.PartitionKey, AttributeName)
	if d.SortKey != "" {
		v.Name("dynamodb.sortKey", d.SortKey, AttributeName)
		if d.SortKey == d.PartitionKey {
			v.Add("dynamodb.sortKey", d.SortKey, "must differ from dynamodb.partitionKey")
		}
	}
	switch d.BillingMode {
	case "PAY_PER_REQUEST":
		if d.ReadCapacityUnits != 0 || d.WriteCapacityUnits != 0 {
			v.Add("dynamodb.billingMode", d.BillingMode, "takes no readCapacityUnits or writeCapacityUnits; remove them or use PROVISIONED")
		}
	case "PROVISIONED":
		v.Between("dynamodb.readCapacityUnits", d.ReadCapacityUnits, 1, 40000, "PROVISIONED tables need capacity; 40000 is the default per-table quota")
		v.Between("dynamodb.writeCapacityUnits", d.WriteCapacityUnits, 1, 40000, "PROVISIONED tables need capacity; 40000 is the default per-table quota")
	default:
		v.OneOf("dynamodb.billingMode", d.BillingMode, "PAY_PER_REQUEST", "PROVISIONED")
	}
	switch {
	case d.StreamViewType == "" && v.Spec.HasHop(v.Catalog, "dynamodb", "lambda"):
		v.Add("dynamodb.streamViewType", "", "is required because the table streams to Lambda; use one of NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY")
	case d.StreamViewType != "":
		v.OneOf("dynamodb.streamViewType", d.StreamViewType, "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")
	}
}

// TableName checks a DynamoDB table name: 3-255 characters of letters,
// digits, underscores, dots and hyphens.
func TableName(name string) error {
	return spec.DottedName(name, 3, 255, "DynamoDB table name")
}

// AttributeName checks a DynamoDB key attribute name: 1-255 bytes of UTF-8.
func AttributeName(name string) error {
	if len(name) < 1 || len(name) > 255 || !utf8.ValidString(name) {
		return errors.New("must be 1-255 bytes of UTF-8 text (AWS DynamoDB key attribute name rules)")
	}
	return nil
}

// SpecDefault fills the dynamodb section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["dynamodb"] {
		s.DynamoDB = &spec.DynamoDB{Table: n + "-table", PartitionKey: "id", BillingMode: "PAY_PER_REQUEST", PointInTimeRecovery: true}
		if s.IsSource(c, "dynamodb") {
			s.DynamoDB.StreamViewType = "NEW_AND_OLD_IMAGES"
		}
	}
}
