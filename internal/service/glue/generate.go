package glue

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Glue: no producer,
// reader or handler; on a crawler route, cmd/crawl (templates/glue/crawl*),
// which runs the crawler once and waits for its table.
func Generator() service.Generator {
	return service.Generator{
		ID: "glue", Func: "Glue",
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/glue"},
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
		}},
	}
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
