package dynamodb

import (
	"context"
	"fmt"
	"maps"

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
}

// Table is the dynamodb.table kind: a table keyed by string attributes,
// with a stream when the plan gives it a stream view type.
type Table struct{ c TableAPI }

// NewTable returns the table kind on c.
func NewTable(c TableAPI) *Table { return &Table{c: c} }

var _ service.Lister = (*Table)(nil)

// Kind implements service.Provider.
func (*Table) Kind() plan.Kind { return plan.KindTable }

// Always implements service.Lister: tables are listed only when the plan
// has one.
func (*Table) Always() bool { return false }

// Ensure implements service.Provider.
func (t *Table) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r, in := req.Plan, req.Resource, req.Inputs
	input := &dynamodb.CreateTableInput{
		TableName:            aws.String(r.Name),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String(in["partitionKey"]), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String(in["partitionKey"]), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	}
	if sk := in["sortKey"]; sk != "" {
		input.AttributeDefinitions = append(input.AttributeDefinitions, ddbtypes.AttributeDefinition{AttributeName: aws.String(sk), AttributeType: ddbtypes.ScalarAttributeTypeS})
		input.KeySchema = append(input.KeySchema, ddbtypes.KeySchemaElement{AttributeName: aws.String(sk), KeyType: ddbtypes.KeyTypeRange})
	}
	if in["billingMode"] == "PROVISIONED" {
		input.BillingMode = ddbtypes.BillingModeProvisioned
		input.ProvisionedThroughput = &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
	}
	if v := in["streamViewType"]; v != "" {
		input.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(v)}
	}
	for _, tag := range p.Tags {
		input.Tags = append(input.Tags, ddbtypes.Tag{Key: aws.String(tag.Key), Value: aws.String(tag.Value)})
	}
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

// Drift implements service.Provider: nothing of a table is compared.
func (*Table) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
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
	var out []service.Listed
	pg := dynamodb.NewListTablesPaginator(t.c, &dynamodb.ListTablesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range page.TableNames {
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
				return t.tags(ctx, n)
			}})
		}
	}
	return out, nil
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
