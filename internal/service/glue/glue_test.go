package glue

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

var testPlan = &plan.Plan{Project: "demo", Route: []string{"firehose-to-s3", "s3-to-athena"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "firehose-to-s3+s3-to-athena"}}}

func request(kind plan.Kind, name string, in map[string]string, created *[]map[string]string) *service.Request {
	return &service.Request{Plan: testPlan, Resource: &plan.Resource{Kind: kind, Name: name}, Inputs: in,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

// A database is created marked as the project's, adopted when it is, and
// refused when another project's database holds the name; it is gone after
// Delete, and a second Delete is not an error.
func TestDatabaseEnsureAdoptDelete(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	d := NewDatabase(f)
	var created []map[string]string
	out, err := d.Ensure(ctx, request(plan.KindGlueDatabase, "demo_db", nil, &created))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"name": "demo_db"}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if len(created) != 1 || !service.OwnedBy(f.dbs["demo_db"].Parameters, "demo") {
		t.Errorf("created %v, parameters %v: want recorded and marked", created, f.dbs["demo_db"].Parameters)
	}
	if _, err := d.Ensure(ctx, request(plan.KindGlueDatabase, "demo_db", nil, &created)); err != nil {
		t.Errorf("adopting the project's database: %v", err)
	}
	if len(created) != 1 {
		t.Errorf("an adopted database was recorded as created again")
	}
	f.dbs["other_db"] = &gluetypes.Database{Name: aws.String("other_db"), Parameters: map[string]string{plan.TagProject: "other"}}
	if _, err := d.Ensure(ctx, request(plan.KindGlueDatabase, "other_db", nil, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's database = %v, want ErrNameTaken", err)
	}
	rec := &service.Record{Kind: string(plan.KindGlueDatabase), Name: "demo_db", Outputs: out}
	if err := d.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v", ok, err)
	}
	if err := d.Delete(ctx, service.Env{}, rec); err != nil {
		t.Errorf("second Delete: %v", err)
	}
}

// List pages through every database and reads ownership from Parameters;
// Children reports only the crawlers writing into the found database,
// across pages.
func TestDatabaseListAndChildren(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	f.dbs["a_db"] = &gluetypes.Database{Name: aws.String("a_db"), Parameters: map[string]string{plan.TagProject: "other"}}
	f.dbs["demo_db"] = &gluetypes.Database{Name: aws.String("demo_db"), Parameters: map[string]string{plan.TagProject: "demo"}}
	f.crawlers["a"] = &gluetypes.Crawler{Name: aws.String("a"), DatabaseName: aws.String("demo_db")}
	f.crawlers["b"] = &gluetypes.Crawler{Name: aws.String("b"), DatabaseName: aws.String("a_db")}
	f.crawlers["c"] = &gluetypes.Crawler{Name: aws.String("c"), DatabaseName: aws.String("demo_db")}
	d := NewDatabase(f)
	got, err := d.List(ctx, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]bool{}
	for _, l := range got {
		tags, err := l.Tags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		owners[l.Name] = service.OwnedBy(tags, "demo")
	}
	if d := cmp.Diff(map[string]bool{"a_db": false, "demo_db": true}, owners); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
	parent := &service.Found{Owned: true, State: &service.Record{ID: "glue-database", Kind: string(plan.KindGlueDatabase), Name: "demo_db"}}
	var kids []string
	for _, c := range d.Children(ctx, parent) {
		kids = append(kids, c.State.Kind+" "+c.State.Name+" owned="+map[bool]string{true: "yes", false: "no"}[c.Owned])
	}
	if d := cmp.Diff([]string{"glue.crawler a owned=yes", "glue.crawler c owned=yes"}, kids); d != "" {
		t.Errorf("children (-want +got):\n%s", d)
	}
}

var tableInputs = map[string]string{"database": "demo_db", "bucket": "demo-bucket", "prefix": "data/", "columns": EventColumns,
	"timestampFormats": TimestampFormat, "partitionKey": PartitionKey, "projectionFormat": ProjectionFormat, "projectionRange": "2026/01/01/00,NOW"}

// ensuredTable is a table ensured in a catalog holding its database.
func ensuredTable(t *testing.T) (*fakeGlue, *Table, map[string]string, []map[string]string) {
	t.Helper()
	f := newFake()
	f.dbs["demo_db"] = &gluetypes.Database{Name: aws.String("demo_db")}
	tb := NewTable(f)
	var created []map[string]string
	out, err := tb.Ensure(context.Background(), request(plan.KindGlueTable, "events", tableInputs, &created))
	if err != nil {
		t.Fatal(err)
	}
	return f, tb, out, created
}

// The table is an external JSON table over the prefix, projected on
// Firehose's date path as AWS's Firehose example does.
func TestTableEnsure(t *testing.T) {
	ctx := context.Background()
	f, tb, out, created := ensuredTable(t)
	want := map[string]string{"name": "events", "database": "demo_db", "location": "s3://demo-bucket/data/"}
	if d := cmp.Diff(want, out); d != "" || len(created) != 1 {
		t.Errorf("outputs (-want +got):\n%s (created %d)", d, len(created))
	}
	live := f.tables["demo_db.events"]
	wantParams := map[string]string{
		"classification": "json", "projection.enabled": "true", plan.TagProject: "demo",
		"projection.datehour.type": "date", "projection.datehour.format": "yyyy/MM/dd/HH",
		"projection.datehour.range": "2026/01/01/00,NOW", "projection.datehour.interval": "1",
		"projection.datehour.interval.unit": "HOURS", "storage.location.template": "s3://demo-bucket/data/${datehour}/",
	}
	if d := cmp.Diff(wantParams, live.Parameters); d != "" {
		t.Errorf("parameters (-want +got):\n%s", d)
	}
	sd := live.StorageDescriptor
	if got := columnList(sd.Columns); got != EventColumns || aws.ToString(sd.SerdeInfo.SerializationLibrary) != serde ||
		sd.SerdeInfo.Parameters["timestamp.formats"] != TimestampFormat || columnList(live.PartitionKeys) != "datehour:string" {
		t.Errorf("storage = columns %s, serde %s %v, partitions %s", got, aws.ToString(sd.SerdeInfo.SerializationLibrary), sd.SerdeInfo.Parameters, columnList(live.PartitionKeys))
	}
	rec := &service.Record{Kind: string(plan.KindGlueTable), Name: "events", Inputs: tableInputs, Outputs: out}
	if d, err := tb.Drift(ctx, service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift right after Ensure = %q, %v", d, err)
	}
}

// A column retyped by hand is drift, and the next Ensure adopts the table
// and puts the planned definition back; another project's table is
// refused.
func TestTableDriftAndUpdate(t *testing.T) {
	ctx := context.Background()
	f, tb, out, created := ensuredTable(t)
	f.tables["demo_db.events"].StorageDescriptor.Columns[4].Type = aws.String("int")
	f.tables["demo_db.events"].Parameters["projection.datehour.range"] = "2027/01/01/00,NOW"
	rec := &service.Record{Kind: string(plan.KindGlueTable), Name: "events", Inputs: tableInputs, Outputs: out}
	d, err := tb.Drift(ctx, service.Env{}, nil, rec)
	if err != nil || !strings.Contains(d, "value:int") || !strings.Contains(d, "projection.datehour.range") {
		t.Errorf("Drift = %q, %v; want the retyped column and the range named", d, err)
	}
	if _, err := tb.Ensure(ctx, request(plan.KindGlueTable, "events", tableInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if d, _ := tb.Drift(ctx, service.Env{}, nil, rec); d != "" {
		t.Errorf("Drift after the update = %q", d)
	}
	if !strings.Contains(strings.Join(f.calls, "\n"), "UpdateTable demo_db.events") {
		t.Errorf("calls %v: the existing table was not updated", f.calls)
	}
	f.tables["demo_db.events"].Parameters[plan.TagProject] = "other"
	if _, err := tb.Ensure(ctx, request(plan.KindGlueTable, "events", tableInputs, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's table = %v, want ErrNameTaken", err)
	}
	if err := tb.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if ok, _ := tb.Exists(ctx, service.Env{}, rec); ok {
		t.Error("table still there after Delete")
	}
}

// Without a projection (a producer writes objects under one prefix) the
// table has no partition key and no projection parameters.
func TestTableWithoutProjection(t *testing.T) {
	in := &TableSettings{Bucket: "b", Prefix: "incoming/", Columns: EventColumns, TimestampFormats: TimestampFormat}
	ti := tableInput("events", "demo", in)
	if len(ti.PartitionKeys) != 0 || ti.Parameters["projection.enabled"] != "" {
		t.Errorf("partition keys %v, parameters %v", ti.PartitionKeys, ti.Parameters)
	}
}

var crawlerInputs = map[string]string{"roleArn": "arn:aws:iam::123456789012:role/AWSGlueServiceRole-demo", "database": "demo_db",
	"tablePrefix": "crawled_", "bucket": "demo-bucket", "prefix": "data/", "exclusions": "**/_SUCCESS,**.tmp"}

// retry is the engine's IAM wait, reduced to retrying while transient.
func retry(_ context.Context, transient func(error) bool, fn func() error) error {
	for i := 0; ; i++ {
		err := fn()
		if err == nil || !transient(err) || i == 5 {
			return err
		}
	}
}

// The crawler is created over the S3 prefix once Glue can assume its role;
// an existing one of the project is adopted and updated, another's is
// refused by its tags.
func TestCrawlerEnsure(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	f.assumeFailures = 2
	c := NewCrawler(f)
	var created []map[string]string
	req := request(plan.KindCrawler, "demo-crawler", crawlerInputs, &created)
	req.Retry = retry
	if _, err := c.Ensure(ctx, req); err != nil {
		t.Fatal(err)
	}
	cr := f.crawlers["demo-crawler"]
	if cr == nil || len(created) != 1 {
		t.Fatalf("crawler %v, created %v", cr, created)
	}
	s3t := cr.Targets.S3Targets
	if len(s3t) != 1 || aws.ToString(s3t[0].Path) != "s3://demo-bucket/data/" || !cmp.Equal(s3t[0].Exclusions, []string{"**/_SUCCESS", "**.tmp"}) ||
		cr.SchemaChangePolicy.DeleteBehavior != gluetypes.DeleteBehaviorLog || aws.ToString(cr.TablePrefix) != "crawled_" {
		t.Errorf("crawler = targets %+v, policy %+v, prefix %s", s3t, cr.SchemaChangePolicy, aws.ToString(cr.TablePrefix))
	}
	if n := strings.Count(strings.Join(f.calls, "\n"), "CreateCrawler"); n != 3 {
		t.Errorf("CreateCrawler called %d times, want 3 (two while the role propagates)", n)
	}
	if _, err := c.Ensure(ctx, req); err != nil {
		t.Fatalf("adopting the project's crawler: %v", err)
	}
	if f.calls[len(f.calls)-1] != "UpdateCrawler demo-crawler" {
		t.Errorf("last call %s, want the update", f.calls[len(f.calls)-1])
	}
	f.tags["arn:aws:glue:us-east-1:123456789012:crawler/demo-crawler"] = map[string]string{plan.TagProject: "other"}
	if _, err := c.Ensure(ctx, req); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's crawler = %v, want ErrNameTaken", err)
	}
	rec := &service.Record{Name: "demo-crawler", Inputs: crawlerInputs, Outputs: map[string]string{"name": "demo-crawler"}}
	if d, err := c.Drift(ctx, service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift = %q, %v", d, err)
	}
	cr.DatabaseName = aws.String("elsewhere")
	if d, _ := c.Drift(ctx, service.Env{}, nil, rec); !strings.Contains(d, "database elsewhere") {
		t.Errorf("Drift = %q, want the database named", d)
	}
}

// A DynamoDB crawler reads its table at the planned scan rate.
func TestCrawlerDynamoDBTarget(t *testing.T) {
	tg := crawlTargets(&CrawlerSettings{DynamoDBTable: "demo-table", ScanRate: 0.5})
	if len(tg.S3Targets) != 0 || len(tg.DynamoDBTargets) != 1 || aws.ToString(tg.DynamoDBTargets[0].Path) != "demo-table" ||
		aws.ToFloat64(tg.DynamoDBTargets[0].ScanRate) != 0.5 || aws.ToBool(tg.DynamoDBTargets[0].ScanAll) {
		t.Errorf("targets = %+v", tg)
	}
}

// Delete stops a running crawler and retries while Glue still says it
// runs.
func TestCrawlerDeleteRunning(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	f.crawlers["demo-crawler"] = &gluetypes.Crawler{Name: aws.String("demo-crawler"), State: gluetypes.CrawlerStateRunning}
	f.runningDeletes = 2
	c := NewCrawler(f)
	child := &service.Record{Name: "demo-crawler", Outputs: map[string]string{"name": "demo-crawler"}}
	if err := c.Delete(ctx, service.Env{MaxWait: time.Minute}, child); err != nil {
		t.Fatal(err)
	}
	want := []string{"StopCrawler demo-crawler", "DeleteCrawler demo-crawler", "DeleteCrawler demo-crawler", "DeleteCrawler demo-crawler"}
	if d := cmp.Diff(want, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if ok, err := c.Exists(ctx, service.Env{}, child); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v", ok, err)
	}
	if err := c.Delete(ctx, service.Env{}, child); err != nil {
		t.Errorf("Delete of a gone crawler: %v", err)
	}
}

// EventColumns are the JSON fields of the generated event type, in order,
// with the Hive type of each Go type: a field added to the event without a
// column (or a column without a field) fails here.
func TestEventColumnsMatchEventType(t *testing.T) {
	src, err := os.ReadFile("../../../templates/project/internal/event/event.go.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?s)type Event struct \{(.*?)\n\}`).FindSubmatch(src)
	if body == nil {
		t.Fatal("no Event struct in the event template")
	}
	hive := map[string]string{"string": "string", "int": "int", "float64": "double", "time.Time": "timestamp"}
	var cols []string
	for _, m := range regexp.MustCompile(`\n\s*\w+\s+(\S+)\s+`+"`"+`json:"(\w+)"`).FindAllSubmatch(body[1], -1) {
		ht, ok := hive[string(m[1])]
		if !ok {
			t.Fatalf("event field %s has Go type %s, which has no Hive type here", m[2], m[1])
		}
		cols = append(cols, string(m[2])+":"+ht)
	}
	if got := strings.Join(cols, ","); got != EventColumns {
		t.Errorf("event type gives columns %s, EventColumns is %s", got, EventColumns)
	}
}

// A scan rate that does not parse stops the crawler's Ensure before any
// Glue call, instead of crawling at rate 0.
func TestCrawlerUnparsableScanRate(t *testing.T) {
	f := newFake()
	var created []map[string]string
	_, err := NewCrawler(f).Ensure(context.Background(), request(plan.KindCrawler, "demo-crawler", map[string]string{"dynamodbTable": "demo-table", "scanRate": "half"}, &created))
	want := `glue.crawler demo-crawler: setting scanRate = "half" is not a number`
	if err == nil || err.Error() != want || len(f.crawlers) != 0 {
		t.Errorf("Ensure = %v, %d crawlers, want %s and none", err, len(f.crawlers), want)
	}
}
