package glue

import (
	"path"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/spec"
)

// EventColumns are the table's columns: the JSON fields of the event type
// every generated project sends (templates/project/internal/event), with
// the Hive types Athena reads them as
// (https://docs.aws.amazon.com/athena/latest/ug/data-types.html).
const EventColumns = "id:string,source:string,seq:int,kind:string,value:double,time:timestamp"

// TimestampFormat parses the event's time as the generated project writes
// it: always milliseconds and a zone (Go's RFC 3339 layout drops a zero
// fraction, which one fixed pattern would not parse). A Joda pattern, as
// the Hive JSON SerDe's timestamp.formats takes
// (https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html).
const TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZZ"

// Partition projection over Firehose's date path.
const (
	PartitionKey     = "datehour"
	ProjectionFormat = "yyyy/MM/dd/HH"
)

// Planner plans the database, the explicit table and the crawler of the
// spec's glue section and the crawler's role, and, through etl.Plan and
// etl.Roles, the job and its roles.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "glue" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	g := s.Glue
	if g == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDGlueDatabase, Kind: plan.KindGlueDatabase, Name: g.Database})
	if g.Table != "" {
		hop := "s3-to-athena"
		if s.Has(SpectrumHop) {
			hop = SpectrumHop // Spectrum reads the table
		}
		t := b.Add(&plan.Resource{ID: plan.IDGlueTable, Kind: plan.KindGlueTable, Name: g.Table, Integration: hop, Settings: map[string]string{
			"prefix": g.Prefix, "columns": EventColumns, "timestampFormats": TimestampFormat,
		}})
		if g.ProjectionStart != "" {
			t.Settings["partitionKey"], t.Settings["projectionFormat"] = PartitionKey, ProjectionFormat
			t.Settings["projectionRange"] = g.ProjectionStart + ",NOW"
		}
		b.Ref(t, "database", plan.IDGlueDatabase, "name")
		b.Ref(t, "bucket", plan.IDBucket, "name")
	}
	c := g.Crawler
	if c == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDRoleCrawler, Kind: plan.KindRole, Name: c.Role})
	cr := b.Add(&plan.Resource{ID: plan.IDCrawler, Kind: plan.KindCrawler, Name: c.Name, Settings: map[string]string{"tablePrefix": c.TablePrefix}})
	b.Ref(cr, "roleArn", plan.IDRoleCrawler, "arn")
	b.Ref(cr, "database", plan.IDGlueDatabase, "name")
	switch {
	case s.Has("s3-to-glue"):
		cr.Integration = "s3-to-glue"
		cr.Settings["prefix"], cr.Settings["exclusions"] = g.Prefix, "**/_SUCCESS,**.tmp"
		b.Ref(cr, "bucket", plan.IDBucket, "name")
	case s.Has("dynamodb-to-glue"):
		cr.Integration = "dynamodb-to-glue"
		cr.Settings["scanRate"] = formatRate(c.ScanRate)
		b.Ref(cr, "dynamodbTable", plan.IDTable, "name")
	case s.Has(etl.JobHop):
		// The crawler makes the table the job reads: the data the
		// producer writes under glue.prefix.
		cr.Integration = etl.JobHop
		cr.Settings["prefix"], cr.Settings["exclusions"] = g.Prefix, "**/_SUCCESS,**.tmp"
		b.Ref(cr, "bucket", plan.IDBucket, "name")
	}
	if g.Job != nil {
		return etl.Plan(b, s, TableName(s))
	}
	return nil
}

// Wire implements plan.Wirer: a crawl into the catalog is the crawler's
// target, planned with it; a job into S3 is the job's output, planned
// with it.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	if in.From == "glue" && in.To == "s3" {
		return b.Resource(etl.IDJob) != nil, nil
	}
	return in.To == "glue" && b.Resource(plan.IDCrawler) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the crawler's role, and the job's and
// its state machine's (etl.Roles).
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.Glue == nil || s.Glue.Crawler == nil {
		return nil
	}
	if err := b.SetRole(plan.IDRoleCrawler)(CrawlerRole(b.IAMEnv(), RoleInput(s))); err != nil {
		return err
	}
	if s.Glue.Job == nil {
		return nil
	}
	return etl.Roles(b, TableName(s))
}

// RoleInput is the crawler role input of the spec's crawler; the plan and
// the generator's iam/ files both use it.
func RoleInput(s *spec.Spec) CrawlerRoleInput {
	g := s.Glue
	in := CrawlerRoleInput{RoleName: g.Crawler.Role, CrawlerName: g.Crawler.Name, Database: g.Database, TablePrefix: g.Crawler.TablePrefix}
	if s.Has("dynamodb-to-glue") && s.DynamoDB != nil {
		in.DynamoDBTable = s.DynamoDB.Table
	} else if s.S3 != nil {
		in.Bucket, in.Prefix, in.KMSKeyARN = s.S3.Bucket, g.Prefix, plan.KeyARN(s.S3.KMSKey)
	}
	return in
}

// TableName is the table the route's queries read: the explicit table, or
// the one the crawler writes, which Glue names with the crawler's prefix
// and the last folder of the S3 path, or the DynamoDB table's name in
// lower case (https://docs.aws.amazon.com/glue/latest/dg/define-crawler-choose-data-sources.html).
func TableName(s *spec.Spec) string {
	g := s.Glue
	switch {
	case g == nil:
		return ""
	case g.Table != "":
		return g.Table
	case g.Crawler == nil:
		return ""
	case s.Has("dynamodb-to-glue") && s.DynamoDB != nil:
		return g.Crawler.TablePrefix + strings.ToLower(s.DynamoDB.Table)
	}
	return g.Crawler.TablePrefix + path.Base(strings.TrimSuffix(g.Prefix, "/"))
}

// CrawledColumns are columns a crawl of the route's data must find: the
// event's id and time, or the DynamoDB table's partition key.
func CrawledColumns(s *spec.Spec) []string {
	if s.Has("dynamodb-to-glue") && s.DynamoDB != nil {
		return []string{s.DynamoDB.PartitionKey}
	}
	return []string{"id", "time"}
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) }
