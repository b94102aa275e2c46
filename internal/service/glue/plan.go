package glue

import (
	"path"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/stepfunctions"
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

// Planner plans the database, the explicit table, the crawler and the job
// of the spec's glue section, and the crawler's and the job's roles.
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
	case s.Has(JobHop):
		// The crawler makes the table the job reads: the data the
		// producer writes under glue.prefix.
		cr.Integration = JobHop
		cr.Settings["prefix"], cr.Settings["exclusions"] = g.Prefix, "**/_SUCCESS,**.tmp"
		b.Ref(cr, "bucket", plan.IDBucket, "name")
	}
	if g.Job != nil {
		return planJob(b, s)
	}
	return nil
}

// JobHop is the hop of the Glue job: a job reading the catalog, writing S3.
const JobHop = "glue-to-s3"

// planJob plans the Glue job of the spec, its security configuration,
// its role (whose policy Roles sets), and the state machine that runs
// the crawler, then the job.
func planJob(b *plan.Builder, s *spec.Spec) error {
	j, key := s.Glue.Job, plan.KeyARN(s.S3.KMSKey)
	b.Add(&plan.Resource{ID: IDSecurityConfiguration, Kind: KindSecurityConfiguration, Name: j.SecurityConfiguration, Integration: JobHop,
		Settings: map[string]string{"kmsKey": key}})
	b.Add(&plan.Resource{ID: IDRoleJob, Kind: plan.KindRole, Name: j.Role, Integration: JobHop})
	job := b.Add(&plan.Resource{ID: IDJob, Kind: KindJob, Name: j.Name, Integration: JobHop, Settings: map[string]string{
		"glueVersion": j.GlueVersion, "workerType": j.WorkerType, "numberOfWorkers": plan.ItoA(j.Workers), "timeoutMinutes": plan.ItoA(j.TimeoutMinutes),
		"bookmarks": strconv.FormatBool(j.Bookmarks), "continuousLogging": strconv.FormatBool(j.ContinuousLogging),
		"scriptKey": j.ScriptKey, "script": ScriptDigest(), "outputPrefix": j.OutputPrefix, "table": TableName(s),
	}})
	b.Ref(job, "roleArn", IDRoleJob, "arn")
	b.Ref(job, "bucket", plan.IDBucket, "name")
	b.Ref(job, "database", plan.IDGlueDatabase, "name")
	b.Ref(job, "securityConfiguration", IDSecurityConfiguration, "name")
	return stepfunctions.Plan(b, stepfunctions.PlanInput{Integration: JobHop, CrawlerID: plan.IDCrawler, JobID: IDJob,
		Crawler: s.Glue.Crawler.Name, Job: j.Name, JobTimeoutMinutes: j.TimeoutMinutes})
}

// JobInput is the job role input of the spec's job; the plan and the
// generator's iam/ files both use it.
func JobInput(s *spec.Spec) JobRoleInput {
	g := s.Glue
	return JobRoleInput{RoleName: g.Job.Role, JobName: g.Job.Name, Database: g.Database, Table: TableName(s), Bucket: s.S3.Bucket,
		InputPrefix: g.Prefix, OutputPrefix: g.Job.OutputPrefix, ScriptKey: g.Job.ScriptKey, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}

// Wire implements plan.Wirer: a crawl into the catalog is the crawler's
// target, planned with it; a job into S3 is the job's output, planned
// with it.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	if in.From == "glue" && in.To == "s3" {
		return b.Resource(IDJob) != nil, nil
	}
	return in.To == "glue" && b.Resource(plan.IDCrawler) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the crawler's role.
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
	if err := b.SetRole(IDRoleJob)(JobRole(b.IAMEnv(), JobInput(s))); err != nil {
		return err
	}
	return b.SetRole(stepfunctions.IDRole)(stepfunctions.Role(b.IAMEnv(), stepfunctions.RoleOf(s, s.Glue.Crawler.Name, s.Glue.Job.Name)))
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
