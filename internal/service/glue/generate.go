package glue

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue/etl"
	s3svc "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Glue: no reader or
// handler; on a crawler route, cmd/crawl (templates/glue/crawl*), which
// runs the crawler once and waits for its table; on a route with the Glue
// job (glue-to-s3), a producer writing the JSON the crawler reads,
// cmd/etl (templates/glue/etl*), which runs the state machine once and
// lists the Parquet the job wrote, and the job's script glue/job.py.
func Generator() service.Generator {
	return service.Generator{
		ID: "glue", Func: "Glue",
		Produce:  Planner{}.WriteTarget,
		Defaults: etl.Defaults,
		// The job writes Parquet, not the project's events.
		ResultsOnly: true,
		Modules:     []string{"github.com/aws/aws-sdk-go-v2/service/glue"},
		Files: func(s *spec.Spec) ([]service.File, error) {
			if s.Glue.Job == nil {
				return nil, nil
			}
			b, err := etl.Script()
			return []service.File{{Path: etl.ScriptPath, Data: b}}, err
		},
		Settings: func(s *spec.Spec) []service.Setting {
			g := s.Glue
			var out []service.Setting
			if s.Athena == nil { // else Athena's settings name them, as it reads them
				out = CatalogSettings(s)
			}
			if g.Crawler != nil {
				out = append(out,
					service.Setting{Env: "GLUE_CRAWLER", Field: "GlueCrawler", Default: g.Crawler.Name, Doc: "the Glue crawler cmd/crawl runs"},
					service.Setting{Env: "GLUE_CRAWL_COLUMNS", Field: "GlueCrawlColumns", Default: strings.Join(CrawledColumns(s), ","), Doc: "the columns a crawl must find"})
			}
			if j := g.Job; j != nil {
				out = append(out,
					service.Setting{Env: "GLUE_DATA_PREFIX", Field: "GlueDataPrefix", Default: g.Prefix, Doc: "where the producer writes the JSON the crawler reads"},
					service.Setting{Env: "GLUE_JOB", Field: "GlueJob", Default: j.Name, Doc: "the Glue ETL job"},
					service.Setting{Env: "GLUE_OUTPUT_PREFIX", Field: "GlueOutputPrefix", Default: j.OutputPrefix, Doc: "where the Glue job writes Parquet"},
					service.Setting{Env: "STATE_MACHINE", Field: "StateMachine", Default: s.StepFunctions.StateMachine, Doc: "the state machine cmd/etl runs: the crawler, then the job"})
			}
			return out
		},
		Resource: func(s *spec.Spec) string { return s.Glue.Database },
		Commands: []service.Command{{
			Name: "crawl",
			On:   func(s *spec.Spec) bool { return s.Glue != nil && s.Glue.Crawler != nil },
			Doc: func(s *spec.Spec) string {
				return "runs Glue crawler " + s.Glue.Crawler.Name + " once and waits for `" + s.Glue.Database + "." + TableName(s) +
					"` (`go run ./cmd/crawl`); a crawl is billed, 10 minutes at least"
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) {
				return CrawlPolicy(env, CrawlInput{Name: s.Name + "-crawl", Crawler: s.Glue.Crawler.Name, Database: s.Glue.Database, Table: TableName(s)})
			},
		}, {
			Name: "etl",
			On:   func(s *spec.Spec) bool { return s.Glue != nil && s.Glue.Job != nil },
			Doc: func(s *spec.Spec) string {
				return "runs state machine " + s.StepFunctions.StateMachine + " once (crawler " + s.Glue.Crawler.Name + ", then Glue job " + s.Glue.Job.Name +
					") and lists the Parquet it wrote under `s3://" + s.S3.Bucket + "/" + s.Glue.Job.OutputPrefix + "` (`go run ./cmd/etl`); a run is billed"
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) {
				return etl.ETLPolicy(env, etl.ETLInput{Name: s.Name + "-etl", StateMachine: s.StepFunctions.StateMachine, Bucket: s.S3.Bucket, OutputPrefix: s.Glue.Job.OutputPrefix})
			},
			Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/sfn", "github.com/aws/aws-sdk-go-v2/service/s3"},
			Indirect: s3svc.Indirect(),
		}},
	}
}

// WriteTarget implements plan.Writable: a producer into the catalog of a
// job route writes the JSON the crawler reads, under glue.prefix of the
// route's bucket.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	if s.S3 == nil || s.Glue == nil || s.Glue.Job == nil {
		return iam.Target{} // only a job route's catalog is written to
	}
	return iam.Target{Kind: iam.KindS3, Name: s.S3.Bucket, Prefix: s.Glue.Prefix, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}

// CatalogSettings are the database and table settings of the generated
// config: the Glue generator's, or Athena's on a route that has it (a
// route into Athena over S3 has no Glue hop, but Athena reads the catalog).
func CatalogSettings(s *spec.Spec) []service.Setting {
	return []service.Setting{
		{Env: "GLUE_DATABASE", Field: "GlueDatabase", Default: s.Glue.Database, Doc: "the Glue Data Catalog database"},
		{Env: "GLUE_TABLE", Field: "GlueTable", Default: TableName(s), Doc: "the table the queries read"},
	}
}
