package quicksight

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
)

// DataSetAPI is the part of the QuickSight client the dataset kind uses.
type DataSetAPI interface {
	account.API
	CreateDataSet(ctx context.Context, in *quicksight.CreateDataSetInput, optFns ...func(*quicksight.Options)) (*quicksight.CreateDataSetOutput, error)
	DescribeDataSet(ctx context.Context, in *quicksight.DescribeDataSetInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSetOutput, error)
	UpdateDataSet(ctx context.Context, in *quicksight.UpdateDataSetInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSetOutput, error)
	DescribeDataSetPermissions(ctx context.Context, in *quicksight.DescribeDataSetPermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSetPermissionsOutput, error)
	UpdateDataSetPermissions(ctx context.Context, in *quicksight.UpdateDataSetPermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSetPermissionsOutput, error)
	DeleteDataSet(ctx context.Context, in *quicksight.DeleteDataSetInput, optFns ...func(*quicksight.Options)) (*quicksight.DeleteDataSetOutput, error)
	IngestionAPI
	account.ListAPI
}

// DataSet is the quicksight.data-set kind: the route's Glue table read
// through the data source (a RelationalTable in the AwsDataCatalog), or
// the warehouse's events table (a RelationalTable in its schema),
// DIRECT_QUERY unless the spec asks for SPICE, owned by the spec's
// principal.
type DataSet struct {
	c DataSetAPI
	// now names the ingestions the kind starts.
	now func() time.Time
}

// NewDataSet returns the dataset kind on c.
func NewDataSet(c DataSetAPI) *DataSet { return &DataSet{c: c, now: time.Now} }

var _ service.Typed = (*DataSet)(nil)

// DataSetSettings are the settings of a quicksight.data-set as the
// planner writes them, with its data source's ARN resolved at apply (and,
// over Athena, the Glue database and table's names; over Redshift,
// database is the table's schema).
type DataSetSettings struct {
	ImportMode string `setting:"importMode"`
	// Columns are the table's columns, each "name:type" (Hive types).
	Columns        []string `setting:"columns"`
	Engine         string   `setting:"engine"`
	Database       string   `setting:"database"`
	Table          string   `setting:"table"`
	DataSourceARN  string   `setting:"dataSourceArn"`
	PrincipalUser  string   `setting:"principalUser"`
	PrincipalGroup string   `setting:"principalGroup"`
	Namespace      string   `setting:"namespace"`
}

// NewSettings implements service.Typed.
func (*DataSet) NewSettings() any { return &DataSetSettings{} }

// Kind implements service.Provider.
func (*DataSet) Kind() plan.Kind { return plan.KindDataSet }

var _ service.Lister = (*DataSet)(nil)

// Always implements service.Lister (see DataSource.Always).
func (*DataSet) Always() bool { return false }

// List implements service.Lister: every dataset of the account.
func (d *DataSet) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	return account.ListDataSets(ctx, d.c, p)
}

// physicalTable is the table key the dataset names its one table by.
const physicalTable = "events"

// columnType maps the table's Hive types to QuickSight input column types
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_InputColumn.html).
func columnType(hive string) qstypes.InputColumnDataType {
	switch hive {
	case "int", "bigint", "smallint", "tinyint":
		return qstypes.InputColumnDataTypeInteger
	case "double", "float", "decimal":
		return qstypes.InputColumnDataTypeDecimal
	case "timestamp", "date":
		return qstypes.InputColumnDataTypeDatetime
	case "boolean":
		return qstypes.InputColumnDataTypeBoolean
	}
	return qstypes.InputColumnDataTypeString
}

// tableMap is the dataset's one physical table: the Glue table, by its
// "name:type,…" columns setting.
func tableMap(in *DataSetSettings) map[string]qstypes.PhysicalTable {
	var cols []qstypes.InputColumn
	for _, c := range in.Columns {
		n, t, _ := strings.Cut(c, ":")
		cols = append(cols, qstypes.InputColumn{Name: aws.String(n), Type: columnType(t)})
	}
	t := qstypes.RelationalTable{DataSourceArn: aws.String(in.DataSourceARN), Schema: aws.String(in.Database), Name: aws.String(in.Table), InputColumns: cols}
	if in.Engine != string(qstypes.DataSourceTypeRedshift) {
		// Athena's tables are in the Glue Data Catalog; a Redshift table
		// is named by its schema alone.
		t.Catalog = aws.String("AwsDataCatalog")
	}
	return map[string]qstypes.PhysicalTable{physicalTable: &qstypes.PhysicalTableMemberRelationalTable{Value: t}}
}

// Ensure implements service.Provider: create the dataset, or adopt the
// project's and put its table, import mode and owner back to the plan.
func (d *DataSet) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	id := req.Resource.Name
	in, err := service.DecodeFor[DataSetSettings](plan.KindDataSet, id, req.Inputs)
	if err != nil {
		return nil, err
	}
	owner, err := account.PrincipalARN(ctx, d.c, req.Plan, account.Principal{User: in.PrincipalUser, Group: in.PrincipalGroup, Namespace: in.Namespace})
	if err != nil {
		return nil, err
	}
	mode := qstypes.DataSetImportMode(in.ImportMode)
	out, err := d.c.CreateDataSet(ctx, &quicksight.CreateDataSetInput{
		AwsAccountId: account.ID(req.Plan), DataSetId: aws.String(id), Name: aws.String(id), ImportMode: mode,
		PhysicalTableMap: tableMap(in), Permissions: account.Permissions(owner, DataSetOwnerActions), Tags: account.Tags(req.Plan),
	})
	outputs := map[string]string{"id": id, "owner": owner}
	switch {
	case err == nil:
		outputs["arn"] = aws.ToString(out.Arn)
		req.Created(outputs)
		return d.spice(ctx, req, id, mode, aws.ToString(out.IngestionId), outputs)
	case !alreadyExists(err):
		return nil, fmt.Errorf("create QuickSight dataset %s: %w", id, err)
	}
	a := resourceARN(req.Plan.Env, "dataset/"+id)
	if err := service.Adopt(req, "QuickSight dataset", id, "quicksight.dataSet", func() (*quicksight.ListTagsForResourceOutput, error) {
		return d.c.ListTagsForResource(ctx, &quicksight.ListTagsForResourceInput{ResourceArn: aws.String(a)})
	}, account.TagsOf); err != nil {
		return nil, err
	}
	up, err := d.c.UpdateDataSet(ctx, &quicksight.UpdateDataSetInput{AwsAccountId: account.ID(req.Plan), DataSetId: aws.String(id), Name: aws.String(id),
		ImportMode: mode, PhysicalTableMap: tableMap(in)})
	if err != nil {
		return nil, fmt.Errorf("update QuickSight dataset %s: %w", id, err)
	}
	if err := d.access(ctx, account.ID(req.Plan), id).Restore(owner); err != nil {
		return nil, err
	}
	outputs["arn"] = a
	if v := aws.ToString(up.Arn); v != "" {
		outputs["arn"] = v
	}
	return d.spice(ctx, req, id, mode, aws.ToString(up.IngestionId), outputs)
}

// spice waits, for a SPICE dataset, until its copy of the table is
// ingested (ingest), and adds what was ingested to its outputs.
func (d *DataSet) spice(ctx context.Context, req *service.Request, id string, mode qstypes.DataSetImportMode, started string, outputs map[string]string) (map[string]string, error) {
	if mode != qstypes.DataSetImportModeSpice {
		return outputs, nil
	}
	got, err := d.ingest(ctx, req, id, started)
	if err != nil {
		return nil, err
	}
	for k, v := range got {
		outputs[k] = v
	}
	return outputs, nil
}

// Exists implements service.Provider.
func (d *DataSet) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := d.c.DescribeDataSet(ctx, &quicksight.DescribeDataSetInput{AwsAccountId: aws.String(account.Of(rec)), DataSetId: aws.String(rec.Name)})
	return exists("read QuickSight dataset "+rec.Name, err)
}

// Drift implements service.Provider: a dataset switched to SPICE bills
// capacity; one reading another table shows other data; permissions
// changed outside wireup let others see it or take it from its owner.
func (d *DataSet) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	want, err := service.DecodeFor[DataSetSettings](plan.KindDataSet, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	acct, id := aws.String(account.Of(rec)), aws.String(rec.Name)
	out, err := d.c.DescribeDataSet(ctx, &quicksight.DescribeDataSetInput{AwsAccountId: acct, DataSetId: id})
	if err != nil {
		return "", opaque("read QuickSight dataset "+rec.Name, err)
	}
	var diffs service.Diffs
	diffs.Add(setDiff(want, out.DataSet))
	if owner := rec.Outputs["owner"]; owner != "" {
		perms, err := d.access(ctx, acct, rec.Name).Drift(owner)
		if err != nil {
			return "", err
		}
		diffs.Add(perms)
	}
	return diffs.String(), nil
}

func setDiff(in *DataSetSettings, ds *qstypes.DataSet) string {
	if ds == nil {
		return "dataset not returned"
	}
	var diffs service.Diffs
	g := string(ds.ImportMode)
	diffs.If(g != in.ImportMode, "import mode %s, want %s", g, in.ImportMode)
	t, ok := ds.PhysicalTableMap[physicalTable].(*qstypes.PhysicalTableMemberRelationalTable)
	switch {
	case !ok:
		diffs.Add("its table is not the route's table")
	case aws.ToString(t.Value.Schema) != in.Database || aws.ToString(t.Value.Name) != in.Table:
		diffs.Add(fmt.Sprintf("reads %s.%s, want %s.%s", aws.ToString(t.Value.Schema), aws.ToString(t.Value.Name), in.Database, in.Table))
	}
	return diffs.String()
}

// Delete implements service.Provider, and waits until QuickSight no
// longer describes the dataset, so the data source it reads is deleted
// after it.
func (d *DataSet) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	acct, id := aws.String(account.Of(rec)), aws.String(rec.Name)
	return deleteAndWait(ctx, env, "QuickSight dataset "+rec.Name, func() error {
		_, err := d.c.DeleteDataSet(ctx, &quicksight.DeleteDataSetInput{AwsAccountId: acct, DataSetId: id})
		return err
	}, func() error {
		_, err := d.c.DescribeDataSet(ctx, &quicksight.DescribeDataSetInput{AwsAccountId: acct, DataSetId: id})
		return err
	})
}
