package glue

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TableAPI is the part of the Glue client the table kind uses.
type TableAPI interface {
	CreateTable(ctx context.Context, in *glue.CreateTableInput, optFns ...func(*glue.Options)) (*glue.CreateTableOutput, error)
	GetTable(ctx context.Context, in *glue.GetTableInput, optFns ...func(*glue.Options)) (*glue.GetTableOutput, error)
	UpdateTable(ctx context.Context, in *glue.UpdateTableInput, optFns ...func(*glue.Options)) (*glue.UpdateTableOutput, error)
	DeleteTable(ctx context.Context, in *glue.DeleteTableInput, optFns ...func(*glue.Options)) (*glue.DeleteTableOutput, error)
}

// Table is the glue.table kind: an external table over the route's S3
// prefix, newline-delimited JSON read with the Hive JSON SerDe, and one
// partition key projected from the date path Firehose writes, so Athena
// needs no crawler and no partition registration.
type Table struct{ c TableAPI }

// NewTable returns the table kind on c.
func NewTable(c TableAPI) *Table { return &Table{c: c} }

var _ service.Provider = (*Table)(nil)

// The storage of every table the kind makes. The Hive JSON SerDe rather
// than the OpenX one: AWS warns the OpenX SerDe can return
// non-deterministic results
// (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html);
// formats as in https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html.
const (
	serde        = "org.apache.hive.hcatalog.data.JsonSerDe"
	inputFormat  = "org.apache.hadoop.mapred.TextInputFormat"
	outputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
)

// Kind implements service.Provider.
func (*Table) Kind() plan.Kind { return plan.KindGlueTable }

var _ service.Typed = (*Table)(nil)

// TableSettings are a table's settings, as the glue planner writes them,
// with its database and bucket resolved at apply. Columns is the
// "name:type,…" list Columns parses; a table with partition projection
// has PartitionKey, ProjectionFormat and ProjectionRange ("start,NOW").
type TableSettings struct {
	Database         string `setting:"database"`
	Bucket           string `setting:"bucket"`
	Prefix           string `setting:"prefix"`
	Columns          string `setting:"columns"`
	TimestampFormats string `setting:"timestampFormats"`
	PartitionKey     string `setting:"partitionKey"`
	ProjectionFormat string `setting:"projectionFormat"`
	ProjectionRange  string `setting:"projectionRange"`
}

// NewSettings implements service.Typed.
func (*Table) NewSettings() any { return &TableSettings{} }

// Columns parses the planned "name:type,…" list.
func Columns(s string) []gluetypes.Column {
	var out []gluetypes.Column
	for _, c := range strings.Split(s, ",") {
		if n, t, ok := strings.Cut(c, ":"); ok {
			out = append(out, gluetypes.Column{Name: aws.String(n), Type: aws.String(t)})
		}
	}
	return out
}

// columnList is the inverse of Columns, for comparing a live table.
func columnList(cs []gluetypes.Column) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, aws.ToString(c.Name)+":"+aws.ToString(c.Type))
	}
	return strings.Join(parts, ",")
}

// Location is an S3 URL, s3://BUCKET/PREFIX: a table's location, or the
// job's script (PREFIX its key).
func Location(bucket, prefix string) string { return "s3://" + bucket + "/" + prefix }

// tableInput is the table the plan describes. Partition projection as in
// AWS's Firehose example
// (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html):
// Firehose appends YYYY/MM/DD/HH/ to a static prefix.
func tableInput(name, project string, in *TableSettings) *gluetypes.TableInput {
	loc := Location(in.Bucket, in.Prefix)
	params := map[string]string{"classification": "json", plan.TagProject: project}
	var keys []gluetypes.Column
	if key := in.PartitionKey; key != "" {
		keys = []gluetypes.Column{{Name: aws.String(key), Type: aws.String("string")}}
		for k, v := range map[string]string{
			"projection.enabled": "true", "storage.location.template": loc + "${" + key + "}/",
			"projection." + key + ".type": "date", "projection." + key + ".format": in.ProjectionFormat,
			"projection." + key + ".range": in.ProjectionRange, "projection." + key + ".interval": "1",
			"projection." + key + ".interval.unit": "HOURS",
		} {
			params[k] = v
		}
	}
	return &gluetypes.TableInput{
		Name:          aws.String(name),
		TableType:     aws.String("EXTERNAL_TABLE"),
		Parameters:    params,
		PartitionKeys: keys,
		StorageDescriptor: &gluetypes.StorageDescriptor{
			Location: aws.String(loc), Columns: Columns(in.Columns),
			InputFormat: aws.String(inputFormat), OutputFormat: aws.String(outputFormat),
			SerdeInfo: &gluetypes.SerDeInfo{SerializationLibrary: aws.String(serde),
				Parameters: map[string]string{"timestamp.formats": in.TimestampFormats}},
		},
	}
}

// Ensure implements service.Provider: create the table, or adopt the
// project's and update it to the plan (UpdateTable replaces the whole
// definition, so a column edited by hand is put back).
func (t *Table) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	in, err := service.DecodeFor[TableSettings](plan.KindGlueTable, name, req.Inputs)
	if err != nil {
		return nil, err
	}
	db := in.Database
	ti := tableInput(name, req.Plan.Project, in)
	outputs := map[string]string{"name": name, "database": db, "location": aws.ToString(ti.StorageDescriptor.Location)}
	_, err = t.c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String(db), TableInput: ti})
	switch {
	case err == nil:
		req.Created(outputs)
		return outputs, nil
	case service.ErrorCode(err) != codeExists:
		return nil, fmt.Errorf("create Glue table %s.%s: %w", db, name, err)
	}
	got, err := t.c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String(db), Name: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("read Glue table %s.%s: %w", db, name, err)
	}
	if !req.Recorded && !service.OwnedBy(got.Table.Parameters, req.Plan.Project) {
		return nil, fmt.Errorf("create Glue table: %s.%s exists and is not marked %s=%s: %w. Rename glue.table in wireup.yaml",
			db, name, plan.TagProject, req.Plan.Project, service.ErrNameTaken)
	}
	if _, err := t.c.UpdateTable(ctx, &glue.UpdateTableInput{DatabaseName: aws.String(db), TableInput: ti}); err != nil {
		return nil, fmt.Errorf("update Glue table %s.%s: %w", db, name, err)
	}
	return outputs, nil
}

// Exists implements service.Provider.
func (t *Table) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := t.c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String(rec.Outputs["database"]), Name: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: a table whose columns, location,
// SerDe or projection no longer match the plan reads the data wrongly (a
// column typed by hand as int fails every row holding a fraction) while
// keeping its name.
func (t *Table) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	got, err := t.c.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String(rec.Outputs["database"]), Name: aws.String(rec.Name)})
	if err != nil {
		return "", fmt.Errorf("read Glue table %s: %w", rec.Name, err)
	}
	in, err := service.DecodeFor[TableSettings](plan.KindGlueTable, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	want := tableInput(rec.Name, "", in)
	return tableDiff(want, got.Table), nil
}

// tableDiff names what of live differs from want.
func tableDiff(want *gluetypes.TableInput, live *gluetypes.Table) string {
	var diffs service.Diffs
	sd := live.StorageDescriptor
	if sd == nil {
		sd = &gluetypes.StorageDescriptor{}
	}
	w, g := columnList(want.StorageDescriptor.Columns), columnList(sd.Columns)
	diffs.If(w != g, "columns %s, want %s", g, w)
	w, g = aws.ToString(want.StorageDescriptor.Location), aws.ToString(sd.Location)
	diffs.If(w != g, "location %s, want %s", g, w)
	var lib string
	if sd.SerdeInfo != nil {
		lib = aws.ToString(sd.SerdeInfo.SerializationLibrary)
	}
	diffs.If(lib != serde, "SerDe %q, want %s", lib, serde)
	if lib == serde {
		w, g = want.StorageDescriptor.SerdeInfo.Parameters["timestamp.formats"], sd.SerdeInfo.Parameters["timestamp.formats"]
		diffs.If(w != g, "timestamp.formats %q, want %q", g, w)
	}
	w, g = columnList(want.PartitionKeys), columnList(live.PartitionKeys)
	diffs.If(w != g, "partition keys %s, want %s", g, w)
	for _, k := range slices.Sorted(maps.Keys(want.Parameters)) {
		g := live.Parameters[k]
		diffs.If(k != plan.TagProject && g != want.Parameters[k], "parameter %s %q, want %q", k, g, want.Parameters[k])
	}
	return diffs.String()
}

// Delete implements service.Provider.
func (t *Table) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := t.c.DeleteTable(ctx, &glue.DeleteTableInput{DatabaseName: aws.String(rec.Outputs["database"]), Name: aws.String(rec.Name)})
	return gone(err)
}
