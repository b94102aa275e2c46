package dynamodb

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TableAPI is the part of the DynamoDB client the table kind uses.
type TableAPI interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error)
	ListTables(ctx context.Context, in *dynamodb.ListTablesInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error)
	ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
	UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error)
	DescribeContinuousBackups(ctx context.Context, in *dynamodb.DescribeContinuousBackupsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
	UpdateContinuousBackups(ctx context.Context, in *dynamodb.UpdateContinuousBackupsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateContinuousBackupsOutput, error)
}

// Table is the dynamodb.table kind: a table keyed by string attributes,
// with a stream when the plan gives it a stream view type, the billing mode
// and capacity the spec sets, and point-in-time recovery when the spec
// turns it on (the default: continuous backups of the last 35 days,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html).
type Table struct{ c TableAPI }

// NewTable returns the table kind on c.
func NewTable(c TableAPI) *Table { return &Table{c: c} }

var (
	_ service.Lister = (*Table)(nil)
	_ service.Typed  = (*Table)(nil)
)

// TableSettings are the table's planned settings.
type TableSettings struct {
	PartitionKey        string `setting:"partitionKey"`
	SortKey             string `setting:"sortKey"`
	BillingMode         string `setting:"billingMode"`
	StreamViewType      string `setting:"streamViewType"`
	ReadCapacityUnits   int64  `setting:"readCapacityUnits"`
	WriteCapacityUnits  int64  `setting:"writeCapacityUnits"`
	PointInTimeRecovery bool   `setting:"pointInTimeRecovery"`
}

// NewSettings implements service.Typed.
func (*Table) NewSettings() any { return &TableSettings{} }

// Kind implements service.Provider.
func (*Table) Kind() plan.Kind { return plan.KindTable }

// Always implements service.Lister: tables are listed only when the plan
// has one.
func (*Table) Always() bool { return false }

// Ensure implements service.Provider.
func (t *Table) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	in, err := service.DecodeFor[TableSettings](plan.KindTable, r.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	input := &dynamodb.CreateTableInput{
		TableName:            aws.String(r.Name),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String(in.PartitionKey), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String(in.PartitionKey), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	}
	if sk := in.SortKey; sk != "" {
		input.AttributeDefinitions = append(input.AttributeDefinitions, ddbtypes.AttributeDefinition{AttributeName: aws.String(sk), AttributeType: ddbtypes.ScalarAttributeTypeS})
		input.KeySchema = append(input.KeySchema, ddbtypes.KeySchemaElement{AttributeName: aws.String(sk), KeyType: ddbtypes.KeyTypeRange})
	}
	if in.BillingMode == "PROVISIONED" {
		input.BillingMode = ddbtypes.BillingModeProvisioned
		tp, err := throughput(in)
		if err != nil {
			return nil, err
		}
		input.ProvisionedThroughput = tp
	}
	if v := in.StreamViewType; v != "" {
		input.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(v)}
	}
	input.Tags = service.TagList(p, func(k, v *string) ddbtypes.Tag { return ddbtypes.Tag{Key: k, Value: v} })
	if _, err := t.c.CreateTable(ctx, input); err == nil {
		req.Created(map[string]string{"name": r.Name})
	} else if service.ErrorCode(err) != "ResourceInUseException" {
		return nil, fmt.Errorf("create table: %w", err)
	}
	out, err := dynamodb.NewTableExistsWaiter(t.c).WaitForOutput(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.Name)}, req.Wait())
	if err != nil {
		return nil, fmt.Errorf("wait for table: %w", err)
	}
	d := out.Table
	if err := t.updateCapacity(ctx, req, in, d); err != nil {
		return nil, err
	}
	if in.PointInTimeRecovery {
		if err := t.enableRecovery(ctx, r.Name); err != nil {
			return nil, err
		}
	}
	o := map[string]string{"name": r.Name, "arn": aws.ToString(d.TableArn)}
	if d.LatestStreamArn != nil {
		o["streamArn"] = aws.ToString(d.LatestStreamArn)
	}
	return o, nil
}

// Exists implements service.Provider.
func (t *Table) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := t.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(rec.Name)})
	return service.Exists(err)
}

// throughput is the provisioned capacity the plan sets.
func throughput(in *TableSettings) (*ddbtypes.ProvisionedThroughput, error) {
	r, w := in.ReadCapacityUnits, in.WriteCapacityUnits
	if r < 1 || w < 1 {
		return nil, fmt.Errorf("a PROVISIONED table needs readCapacityUnits and writeCapacityUnits of at least 1 in wireup.yaml (got %q and %q)", strconv.FormatInt(r, 10), strconv.FormatInt(w, 10))
	}
	return &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(r), WriteCapacityUnits: aws.Int64(w)}, nil
}

// updateCapacity brings an existing table's billing mode and capacity to
// the plan's: a table adopted, or deployed before the spec changed.
func (t *Table) updateCapacity(ctx context.Context, req *service.Request, in *TableSettings, d *ddbtypes.TableDescription) error {
	diff := capacityDiff(in, d)
	if diff == "" {
		return nil
	}
	up := &dynamodb.UpdateTableInput{TableName: d.TableName, BillingMode: ddbtypes.BillingModePayPerRequest}
	if in.BillingMode == "PROVISIONED" {
		tp, err := throughput(in)
		if err != nil {
			return err
		}
		up.BillingMode, up.ProvisionedThroughput = ddbtypes.BillingModeProvisioned, tp
	}
	if _, err := t.c.UpdateTable(ctx, up); err != nil {
		return fmt.Errorf("update table capacity (%s): %w", diff, err)
	}
	if err := dynamodb.NewTableExistsWaiter(t.c).Wait(ctx, &dynamodb.DescribeTableInput{TableName: d.TableName}, req.Wait()); err != nil {
		return fmt.Errorf("wait for table: %w", err)
	}
	return nil
}

// capacityDiff says how the table's billing mode or capacity differs from
// the plan's, or "".
func capacityDiff(in *TableSettings, d *ddbtypes.TableDescription) string {
	mode := ddbtypes.BillingModeProvisioned // a table created without one
	if d.BillingModeSummary != nil && d.BillingModeSummary.BillingMode != "" {
		mode = d.BillingModeSummary.BillingMode
	}
	want := ddbtypes.BillingMode(in.BillingMode)
	if want == "" {
		want = ddbtypes.BillingModePayPerRequest
	}
	if mode != want {
		return fmt.Sprintf("billing mode %s, want %s", mode, want)
	}
	if want != ddbtypes.BillingModeProvisioned || d.ProvisionedThroughput == nil {
		return ""
	}
	r, w := aws.ToInt64(d.ProvisionedThroughput.ReadCapacityUnits), aws.ToInt64(d.ProvisionedThroughput.WriteCapacityUnits)
	if r != in.ReadCapacityUnits || w != in.WriteCapacityUnits {
		return fmt.Sprintf("capacity %d read / %d write, want %d / %d", r, w, in.ReadCapacityUnits, in.WriteCapacityUnits)
	}
	return ""
}

// enableRecovery turns point-in-time recovery on unless it is. The spec's
// false leaves a table's setting as it is: wireup does not turn a user's
// backups off.
func (t *Table) enableRecovery(ctx context.Context, name string) error {
	on, err := t.recovery(ctx, name)
	if err != nil || on {
		return err
	}
	_, err = t.c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
	if err != nil {
		return fmt.Errorf("turn on point-in-time recovery: %w", err)
	}
	return nil
}

func (t *Table) recovery(ctx context.Context, name string) (bool, error) {
	out, err := t.c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	if err != nil {
		return false, fmt.Errorf("read point-in-time recovery: %w", err)
	}
	d := out.ContinuousBackupsDescription
	return d != nil && d.PointInTimeRecoveryDescription != nil &&
		d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled, nil
}

// Drift implements service.Provider: the billing mode and capacity, and
// point-in-time recovery when the plan wants it on.
func (t *Table) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	out, err := t.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(rec.Name)})
	if err != nil {
		return "", err
	}
	in, err := service.DecodeFor[TableSettings](plan.KindTable, r.Name, r.Settings)
	if err != nil {
		return "", err
	}
	if d := capacityDiff(in, out.Table); d != "" {
		return d, nil
	}
	if in.PointInTimeRecovery {
		on, err := t.recovery(ctx, rec.Name)
		if err != nil {
			return "", err
		}
		if !on {
			return "point-in-time recovery is off", nil
		}
	}
	return "", nil
}

// Delete implements service.Provider.
func (t *Table) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	name := aws.String(rec.Name)
	if _, err := t.c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: name}); err != nil {
		return err
	}
	return dynamodb.NewTableNotExistsWaiter(t.c).Wait(ctx, &dynamodb.DescribeTableInput{TableName: name}, env.Wait())
}

// List implements service.Lister.
func (t *Table) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	pg := dynamodb.NewListTablesPaginator(t.c, &dynamodb.ListTablesInput{})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *dynamodb.ListTablesOutput) (out []service.Listed) {
		for _, n := range page.TableNames {
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
				return t.tags(ctx, n)
			}})
		}
		return out
	})
}

// tags reads every page of a table's tags; DynamoDB tags a table by its
// ARN, which only DescribeTable gives.
func (t *Table) tags(ctx context.Context, name string) (map[string]string, error) {
	d, err := t.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: d.Table.TableArn}
	for {
		page, err := t.c.ListTagsOfResource(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, service.TagsOf(page.Tags, ddbTag))
		if aws.ToString(page.NextToken) == "" {
			return m, nil
		}
		in.NextToken = page.NextToken
	}
}

func ddbTag(t ddbtypes.Tag) (*string, *string) { return t.Key, t.Value }
