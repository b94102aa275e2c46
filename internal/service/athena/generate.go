package athena

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Athena: no
// producer, reader or handler; cmd/query (templates/athena/query*), which
// runs SQL in the workgroup. What it writes to S3 is query results, not
// the project's events.
func Generator() service.Generator {
	return service.Generator{
		ID: "athena", Func: "Athena",
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/athena"},
		Settings: func(s *spec.Spec) []service.Setting {
			var out []service.Setting
			if s.Glue != nil {
				out = glue.CatalogSettings(s)
			}
			return append(out, service.Setting{Env: "ATHENA_WORKGROUP", Field: "AthenaWorkGroup", Default: s.Athena.WorkGroup, Doc: "the Athena workgroup queries run in"})
		},
		Resource:    func(s *spec.Spec) string { return s.Athena.WorkGroup },
		Defaults:    Defaults,
		ResultsOnly: true,
		Commands: []service.Command{{
			Name: "query",
			On:   func(s *spec.Spec) bool { return s.Athena != nil && glue.TableName(s) != "" },
			Doc: func(s *spec.Spec) string {
				return fmt.Sprintf("runs SQL in Athena workgroup %s over `%s.%s` (`go run ./cmd/query`, or `-named NAME`); billed per data scanned, bounded by the workgroup's cutoff",
					s.Athena.WorkGroup, s.Glue.Database, glue.TableName(s))
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) { return QueryPolicy(env, QueryInputFor(s)) },
		}},
	}
}
