package dynamodb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedDynamoDB serves ListTables in two pages, and every table's tags in
// two pages with the project tag on the second; a start name or token it
// never handed out fails the request. The embedded interface panics on any
// other call.
type pagedDynamoDB struct{ TableAPI }

// ListTables pages by the last table name, as DynamoDB does.
func (pagedDynamoDB) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	switch aws.ToString(in.ExclusiveStartTableName) {
	case "":
		return &dynamodb.ListTablesOutput{TableNames: []string{"other-table"}, LastEvaluatedTableName: aws.String("other-table")}, nil
	case "other-table":
		return &dynamodb.ListTablesOutput{TableNames: []string{"demo-table"}}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTableName %q", aws.ToString(in.ExclusiveStartTableName))
}

func (pagedDynamoDB) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &ddbtypes.TableDescription{TableArn: aws.String("arn:table/" + aws.ToString(in.TableName))}}, nil
}

func (pagedDynamoDB) ListTagsOfResource(_ context.Context, in *dynamodb.ListTagsOfResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	if aws.ToString(in.ResourceArn) != "arn:table/demo-table" && aws.ToString(in.ResourceArn) != "arn:table/other-table" {
		return nil, fmt.Errorf("ListTagsOfResource of %q, not a table ARN", aws.ToString(in.ResourceArn))
	}
	switch aws.ToString(in.NextToken) {
	case "":
		return &dynamodb.ListTagsOfResourceOutput{Tags: []ddbtypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &dynamodb.ListTagsOfResourceOutput{Tags: []ddbtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func TestTableListFollowsPages(t *testing.T) {
	got, err := NewTable(pagedDynamoDB{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatalf("%s: tags: %v", l.Name, err)
		}
		if d := cmp.Diff(map[string]string{"team": "data", plan.TagProject: "demo"}, tags); d != "" {
			t.Errorf("%s: tags (-want +got):\n%s", l.Name, d)
		}
		names = append(names, l.Name)
	}
	if d := cmp.Diff([]string{"other-table", "demo-table"}, names); d != "" {
		t.Errorf("listed tables (-want +got):\n%s", d)
	}
}

// fakeDynamoDB records the table calls; its table is active with a
// stream, until DeleteTable.
type fakeDynamoDB struct {
	TableAPI
	calls   []string
	create  *dynamodb.CreateTableInput
	exists  bool // CreateTable finds the table there
	deleted bool
	// The table's billing mode and capacity, as CreateTable or
	// UpdateTable left them (PAY_PER_REQUEST when unset), and its
	// point-in-time recovery.
	mode     ddbtypes.BillingMode
	rcu, wcu int64
	recovery bool
	update   *dynamodb.UpdateTableInput
}

func (f *fakeDynamoDB) CreateTable(_ context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	f.calls = append(f.calls, "CreateTable")
	f.create = in
	if f.exists {
		return nil, &smithy.GenericAPIError{Code: "ResourceInUseException"}
	}
	f.mode = in.BillingMode
	if in.ProvisionedThroughput != nil {
		f.rcu, f.wcu = *in.ProvisionedThroughput.ReadCapacityUnits, *in.ProvisionedThroughput.WriteCapacityUnits
	}
	return &dynamodb.CreateTableOutput{}, nil
}

func (f *fakeDynamoDB) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	f.calls = append(f.calls, "DescribeTable")
	if f.deleted {
		return nil, &ddbtypes.ResourceNotFoundException{Message: aws.String("not found")}
	}
	mode := f.mode
	if mode == "" {
		mode = ddbtypes.BillingModePayPerRequest
	}
	return &dynamodb.DescribeTableOutput{Table: &ddbtypes.TableDescription{TableName: in.TableName, TableStatus: ddbtypes.TableStatusActive,
		TableArn: aws.String("arn:table/" + aws.ToString(in.TableName)), LatestStreamArn: aws.String("arn:table/" + aws.ToString(in.TableName) + "/stream/1"),
		BillingModeSummary:    &ddbtypes.BillingModeSummary{BillingMode: mode},
		ProvisionedThroughput: &ddbtypes.ProvisionedThroughputDescription{ReadCapacityUnits: aws.Int64(f.rcu), WriteCapacityUnits: aws.Int64(f.wcu)}}}, nil
}

func (f *fakeDynamoDB) UpdateTable(_ context.Context, in *dynamodb.UpdateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	f.calls = append(f.calls, "UpdateTable")
	f.update, f.mode = in, in.BillingMode
	if in.ProvisionedThroughput != nil {
		f.rcu, f.wcu = *in.ProvisionedThroughput.ReadCapacityUnits, *in.ProvisionedThroughput.WriteCapacityUnits
	}
	return &dynamodb.UpdateTableOutput{}, nil
}

func (f *fakeDynamoDB) DescribeContinuousBackups(context.Context, *dynamodb.DescribeContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error) {
	f.calls = append(f.calls, "DescribeContinuousBackups")
	st := ddbtypes.PointInTimeRecoveryStatusDisabled
	if f.recovery {
		st = ddbtypes.PointInTimeRecoveryStatusEnabled
	}
	return &dynamodb.DescribeContinuousBackupsOutput{ContinuousBackupsDescription: &ddbtypes.ContinuousBackupsDescription{
		PointInTimeRecoveryDescription: &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: st}}}, nil
}

func (f *fakeDynamoDB) UpdateContinuousBackups(_ context.Context, in *dynamodb.UpdateContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateContinuousBackupsOutput, error) {
	f.calls = append(f.calls, "UpdateContinuousBackups")
	f.recovery = *in.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled
	return &dynamodb.UpdateContinuousBackupsOutput{}, nil
}

func (f *fakeDynamoDB) DeleteTable(_ context.Context, _ *dynamodb.DeleteTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	f.calls = append(f.calls, "DeleteTable")
	f.deleted = true
	return &dynamodb.DeleteTableOutput{}, nil
}

func TestTableEnsure(t *testing.T) {
	in := map[string]string{"partitionKey": "pk", "sortKey": "sk", "billingMode": "PAY_PER_REQUEST", "streamViewType": "NEW_IMAGE"}
	for _, tc := range []struct {
		name    string
		exists  bool
		created []map[string]string
	}{
		{name: "new", created: []map[string]string{{"name": "demo-table"}}},
		// A table already there is adopted as it is: not reported created.
		{name: "adopted", exists: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeDynamoDB{exists: tc.exists}
			var created []map[string]string
			out, err := NewTable(f).Ensure(context.Background(), &service.Request{
				Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
				Resource: &plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table"},
				Inputs:   in,
				Created:  func(m map[string]string) { created = append(created, m) },
			})
			if err != nil {
				t.Fatal(err)
			}
			want := &dynamodb.CreateTableInput{
				TableName: aws.String("demo-table"),
				AttributeDefinitions: []ddbtypes.AttributeDefinition{
					{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS},
					{AttributeName: aws.String("sk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
				KeySchema: []ddbtypes.KeySchemaElement{
					{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash},
					{AttributeName: aws.String("sk"), KeyType: ddbtypes.KeyTypeRange}},
				BillingMode:         ddbtypes.BillingModePayPerRequest,
				StreamSpecification: &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewImage},
				Tags:                []ddbtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}},
			}
			ignore := cmpopts.IgnoreUnexported(dynamodb.CreateTableInput{}, ddbtypes.AttributeDefinition{}, ddbtypes.KeySchemaElement{},
				ddbtypes.StreamSpecification{}, ddbtypes.Tag{})
			if d := cmp.Diff(want, f.create, ignore); d != "" {
				t.Errorf("CreateTable (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]string{"CreateTable", "DescribeTable"}, f.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.created, created); d != "" {
				t.Errorf("Created (-want +got):\n%s", d)
			}
			wantOut := map[string]string{"name": "demo-table", "arn": "arn:table/demo-table", "streamArn": "arn:table/demo-table/stream/1"}
			if d := cmp.Diff(wantOut, out); d != "" {
				t.Errorf("outputs (-want +got):\n%s", d)
			}
		})
	}
}

// Delete waits until DescribeTable no longer finds the table.
func TestTableDeleteWaits(t *testing.T) {
	f := &fakeDynamoDB{}
	if err := NewTable(f).Delete(context.Background(), service.Env{}, &service.Record{Name: "demo-table"}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"DeleteTable", "DescribeTable"}, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	ok, err := NewTable(f).Exists(context.Background(), service.Env{}, &service.Record{Name: "demo-table"})
	if ok || err != nil {
		t.Errorf("Exists after delete = %v, %v; want false, nil", ok, err)
	}
}

// The spec's capacity reaches CreateTable; an adopted table with another
// capacity is updated to it; point-in-time recovery is turned on once; and
// Drift names what differs.
func TestTableCapacityAndRecovery(t *testing.T) {
	in := map[string]string{"partitionKey": "pk", "billingMode": "PROVISIONED", "readCapacityUnits": "7", "writeCapacityUnits": "3", "pointInTimeRecovery": "true"}
	ensure := func(t *testing.T, f *fakeDynamoDB) {
		t.Helper()
		if _, err := NewTable(f).Ensure(context.Background(), &service.Request{
			Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table"},
			Inputs: in, Created: func(map[string]string) {},
		}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("new", func(t *testing.T) {
		f := &fakeDynamoDB{}
		ensure(t, f)
		if f.create.BillingMode != ddbtypes.BillingModeProvisioned || f.rcu != 7 || f.wcu != 3 {
			t.Errorf("CreateTable: %s %d/%d, want PROVISIONED 7/3", f.create.BillingMode, f.rcu, f.wcu)
		}
		if d := cmp.Diff([]string{"CreateTable", "DescribeTable", "DescribeContinuousBackups", "UpdateContinuousBackups"}, f.calls); d != "" {
			t.Errorf("calls (-want +got):\n%s", d)
		}
		f.calls = nil
		ensure(t, f)
		if slices.Contains(f.calls, "UpdateContinuousBackups") || slices.Contains(f.calls, "UpdateTable") {
			t.Errorf("a second Ensure changed the table: %v", f.calls)
		}
	})
	t.Run("adopted with other capacity", func(t *testing.T) {
		f := &fakeDynamoDB{exists: true, mode: ddbtypes.BillingModeProvisioned, rcu: 5, wcu: 5, recovery: true}
		r := &plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table", Settings: in}
		drift, err := NewTable(f).Drift(context.Background(), service.Env{}, r, &service.Record{Name: "demo-table"})
		if err != nil || drift != "capacity 5 read / 5 write, want 7 / 3" {
			t.Errorf("Drift = %q, %v", drift, err)
		}
		ensure(t, f)
		if f.update == nil || f.rcu != 7 || f.wcu != 3 {
			t.Errorf("UpdateTable %+v: capacity %d/%d, want 7/3", f.update, f.rcu, f.wcu)
		}
		if drift, err := NewTable(f).Drift(context.Background(), service.Env{}, r, &service.Record{Name: "demo-table"}); err != nil || drift != "" {
			t.Errorf("Drift after Ensure = %q, %v; want none", drift, err)
		}
		f.recovery = false
		if drift, _ := NewTable(f).Drift(context.Background(), service.Env{}, r, &service.Record{Name: "demo-table"}); drift != "point-in-time recovery is off" {
			t.Errorf("Drift with recovery off = %q", drift)
		}
	})
	t.Run("bad capacity", func(t *testing.T) {
		bad := maps.Clone(in)
		bad["readCapacityUnits"] = "0"
		_, err := NewTable(&fakeDynamoDB{}).Ensure(context.Background(), &service.Request{
			Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table"},
			Inputs: bad, Created: func(map[string]string) {},
		})
		if err == nil || !strings.Contains(err.Error(), "readCapacityUnits and writeCapacityUnits of at least 1") {
			t.Errorf("Ensure with 0 read capacity: %v", err)
		}
	})
	t.Run("unparsable capacity", func(t *testing.T) {
		bad := maps.Clone(in)
		bad["writeCapacityUnits"] = "3.5"
		f := &fakeDynamoDB{}
		_, err := NewTable(f).Ensure(context.Background(), &service.Request{
			Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table"},
			Inputs: bad, Created: func(map[string]string) {},
		})
		if err == nil || err.Error() != `dynamodb.table demo-table: setting writeCapacityUnits = "3.5" is not a whole number in range` || len(f.calls) != 0 {
			t.Errorf("Ensure with capacity 3.5: %v, calls %v", err, f.calls)
		}
	})
}
