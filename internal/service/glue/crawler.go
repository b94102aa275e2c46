package glue

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// CrawlerAPI is the part of the Glue client the crawler kind uses.
type CrawlerAPI interface {
	CreateCrawler(ctx context.Context, in *glue.CreateCrawlerInput, optFns ...func(*glue.Options)) (*glue.CreateCrawlerOutput, error)
	GetCrawler(ctx context.Context, in *glue.GetCrawlerInput, optFns ...func(*glue.Options)) (*glue.GetCrawlerOutput, error)
	UpdateCrawler(ctx context.Context, in *glue.UpdateCrawlerInput, optFns ...func(*glue.Options)) (*glue.UpdateCrawlerOutput, error)
	StopCrawler(ctx context.Context, in *glue.StopCrawlerInput, optFns ...func(*glue.Options)) (*glue.StopCrawlerOutput, error)
	DeleteCrawler(ctx context.Context, in *glue.DeleteCrawlerInput, optFns ...func(*glue.Options)) (*glue.DeleteCrawlerOutput, error)
	GetTags(ctx context.Context, in *glue.GetTagsInput, optFns ...func(*glue.Options)) (*glue.GetTagsOutput, error)
}

// Crawler is the glue.crawler kind: a crawler over the route's S3 prefix
// (errors excluded) or its DynamoDB table, writing tables named with a
// prefix into the project's database. wireup never starts it on deploy:
// a crawl is billed (the generated cmd/crawl starts one).
type Crawler struct{ c CrawlerAPI }

// NewCrawler returns the crawler kind on c.
func NewCrawler(c CrawlerAPI) *Crawler { return &Crawler{c: c} }

var _ service.Typed = (*Crawler)(nil)

// CrawlerSettings are a crawler's settings, as the glue planner writes
// them, with its role, database and data store resolved at apply: an S3
// crawl has Bucket, Prefix and Exclusions, a DynamoDB crawl DynamoDBTable
// and ScanRate.
type CrawlerSettings struct {
	RoleARN       string   `setting:"roleArn"`
	Database      string   `setting:"database"`
	TablePrefix   string   `setting:"tablePrefix"`
	Bucket        string   `setting:"bucket"`
	Prefix        string   `setting:"prefix"`
	Exclusions    []string `setting:"exclusions"`
	DynamoDBTable string   `setting:"dynamodbTable"`
	ScanRate      float64  `setting:"scanRate"`
}

// NewSettings implements service.Typed.
func (*Crawler) NewSettings() any { return &CrawlerSettings{} }

// Kind implements service.Provider.
func (*Crawler) Kind() plan.Kind { return plan.KindCrawler }

// crawlerConfig combines compatible schemas into one table rather than a
// table per folder
// (https://docs.aws.amazon.com/glue/latest/dg/crawler-grouping-policy.html).
const crawlerConfig = `{"Version":1.0,"Grouping":{"TableGroupingPolicy":"CombineCompatibleSchemas"}}`

// crawlTargets are the crawler's data stores: one S3 path or one DynamoDB
// table, as planned.
func crawlTargets(in *CrawlerSettings) *gluetypes.CrawlerTargets {
	if t := in.DynamoDBTable; t != "" {
		return &gluetypes.CrawlerTargets{DynamoDBTargets: []gluetypes.DynamoDBTarget{{Path: aws.String(t), ScanAll: aws.Bool(false), ScanRate: aws.Float64(in.ScanRate)}}}
	}
	return &gluetypes.CrawlerTargets{S3Targets: []gluetypes.S3Target{{Path: aws.String(Location(in.Bucket, in.Prefix)), Exclusions: in.Exclusions}}}
}

// policies are the schema-change and recrawl policies: update the table,
// only log what disappeared, crawl everything (incremental crawls need
// their own S3 event setup).
func policies() (*gluetypes.SchemaChangePolicy, *gluetypes.RecrawlPolicy) {
	return &gluetypes.SchemaChangePolicy{UpdateBehavior: gluetypes.UpdateBehaviorUpdateInDatabase, DeleteBehavior: gluetypes.DeleteBehaviorLog},
		&gluetypes.RecrawlPolicy{RecrawlBehavior: gluetypes.RecrawlBehaviorCrawlEverything}
}

// ARN is a crawler's ARN (see arnOf).
func ARN(env plan.Env, name string) string { return arnOf(env, "crawler/"+name) }

// Ensure implements service.Provider. The role was made a moment ago, and
// Glue refuses a role it cannot assume yet: the create is retried through
// the engine's IAM wait.
func (c *Crawler) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	in, err := service.DecodeFor[CrawlerSettings](plan.KindCrawler, name, req.Inputs)
	if err != nil {
		return nil, err
	}
	outputs := map[string]string{"name": name}
	scp, rcp := policies()
	create := func() error {
		_, err = c.c.CreateCrawler(ctx, &glue.CreateCrawlerInput{Name: aws.String(name), Role: aws.String(in.RoleARN),
			DatabaseName: aws.String(in.Database), TablePrefix: aws.String(in.TablePrefix), Targets: crawlTargets(in),
			SchemaChangePolicy: scp, RecrawlPolicy: rcp, Configuration: aws.String(crawlerConfig),
			Description: aws.String("wireup project " + req.Plan.Project), Tags: service.TagMap(req.Plan)})
		return err
	}
	if cerr := req.Do(ctx, service.RoleTransient, create); cerr == nil {
		req.Created(outputs)
		return outputs, nil
	} else if service.ErrorCode(cerr) != codeExists {
		return nil, fmt.Errorf("create Glue crawler %s: %w", name, cerr)
	}
	if err := service.Adopt(req, "Glue crawler", name, "glue.crawler.name", func() (*glue.GetTagsOutput, error) {
		return c.c.GetTags(ctx, &glue.GetTagsInput{ResourceArn: aws.String(ARN(req.Plan.Env, name))})
	}, tagsOf); err != nil {
		return nil, err
	}
	update := func() error {
		_, err := c.c.UpdateCrawler(ctx, &glue.UpdateCrawlerInput{Name: aws.String(name), Role: aws.String(in.RoleARN),
			DatabaseName: aws.String(in.Database), TablePrefix: aws.String(in.TablePrefix), Targets: crawlTargets(in),
			SchemaChangePolicy: scp, RecrawlPolicy: rcp, Configuration: aws.String(crawlerConfig)})
		return err
	}
	if err := req.Do(ctx, service.RoleTransient, update); err != nil {
		return nil, fmt.Errorf("update Glue crawler %s: %w (a running crawler cannot be updated: wait for it to finish, then deploy again)", name, err)
	}
	return outputs, nil
}

// name is the crawler a record stands for.
func name(rec *service.Record) string {
	if n := rec.Outputs["name"]; n != "" {
		return n
	}
	return rec.Name
}

// Exists implements service.Provider.
func (c *Crawler) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := c.c.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String(name(rec))})
	return service.Exists(err)
}

// Drift implements service.Provider: a crawler pointed at another role,
// database or data store by hand.
func (c *Crawler) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := c.c.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String(name(rec))})
	if err != nil {
		return "", fmt.Errorf("read Glue crawler %s: %w", name(rec), err)
	}
	in, err := service.DecodeFor[CrawlerSettings](plan.KindCrawler, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	cr := got.Crawler
	var diffs service.Diffs
	diffs.Add(service.RoleDrift(aws.ToString(cr.Role), in.RoleARN))
	g := aws.ToString(cr.DatabaseName)
	diffs.If(g != in.Database, "database %s, want %s", g, in.Database)
	w, g := targetList(crawlTargets(in)), targetList(cr.Targets)
	diffs.If(w != g, "targets %s, want %s", g, w)
	return diffs.String(), nil
}

// targetList names a crawler's data stores.
func targetList(t *gluetypes.CrawlerTargets) string {
	if t == nil {
		return ""
	}
	var out []string
	for _, s := range t.S3Targets {
		out = append(out, aws.ToString(s.Path))
	}
	for _, d := range t.DynamoDBTargets {
		out = append(out, "dynamodb:"+aws.ToString(d.Path))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// Delete implements service.Provider: a running crawler is stopped first,
// and the delete is retried while Glue still reports it running
// (CrawlerRunningException) within the engine's wait.
func (c *Crawler) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	n := name(rec)
	got, err := c.c.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String(n)})
	if err != nil {
		if service.ErrorCode(err) == codeNotFound {
			return nil
		}
		return fmt.Errorf("read Glue crawler %s: %w", n, err)
	}
	if got.Crawler.State == gluetypes.CrawlerStateRunning {
		if _, err := c.c.StopCrawler(ctx, &glue.StopCrawlerInput{Name: aws.String(n)}); err != nil && service.ErrorCode(err) != "CrawlerNotRunningException" {
			return fmt.Errorf("stop Glue crawler %s: %w", n, err)
		}
	}
	return service.Poll(ctx, env.Wait(), "delete Glue crawler "+n, func() (bool, error) {
		_, err := c.c.DeleteCrawler(ctx, &glue.DeleteCrawlerInput{Name: aws.String(n)})
		switch service.ErrorCode(err) {
		case "", codeNotFound:
			return true, nil
		case "CrawlerRunningException", "SchedulerTransitioningException":
			return false, nil
		}
		return false, err
	})
}
