package quicksight

import (
	"cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about QuickSight: no
// producer, reader, handler or command (the dataset is opened in the
// QuickSight console); the README's section on opening it
// (templates/quicksight/readme.md.tmpl).
func Generator() service.Generator {
	return service.Generator{
		ID: "quicksight", Func: "QuickSight",
		Settings: func(s *spec.Spec) []service.Setting {
			q := s.QuickSight
			out := []service.Setting{{Env: "QUICKSIGHT_DATASET", Field: "QuickSightDataSet", Default: q.DataSet, Doc: "the QuickSight dataset over the route's table"}}
			if q.DatabaseUser != "" {
				out = append(out, service.Setting{Env: "QUICKSIGHT_DATABASE_USER", Field: "QuickSightDatabaseUser", Default: q.DatabaseUser, Doc: "the read-only Redshift user QuickSight signs in as (cmd/sql creates it)"})
			}
			if SignsInWithSecret(s) {
				out = append(out, service.Setting{Env: "QUICKSIGHT_SECRET", Field: "QuickSightSecret", Default: q.Secret, Doc: "the secret of that user's password, which cmd/sql reads to create it"})
			}
			return out
		},
		Policies: []service.PolicyFile{{Kind: plan.KindSecret, Name: func(secret string) string { return "secret-policy-" + secret + ".json" }}},
		Resource: func(s *spec.Spec) string { return cmp.Or(s.QuickSight.DataSet, s.QuickSight.DataSource) },
		Defaults: Defaults,
	}
}

// SignsInWithSecret reports whether QuickSight signs in to the route's
// warehouse with the secret of its database user: on a serverless
// workgroup (a cluster takes IAM credentials).
func SignsInWithSecret(s *spec.Spec) bool {
	return s.QuickSight != nil && s.Redshift != nil && s.Has(redshiftHop) && !s.Redshift.Provisioned()
}
