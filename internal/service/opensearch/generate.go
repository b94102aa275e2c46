package opensearch

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about OpenSearch Service:
// a consumer (templates/opensearch/consumer.go.tmpl) that searches the
// index with opensearch-go, signed with SigV4 for "es" with the SDK's
// credentials; no producer (the route's source writes the index) and no
// handler.
func Generator() service.Generator {
	return service.Generator{
		ID: "opensearch", Func: "OpenSearch",
		Read: func(s *spec.Spec) iam.Source {
			return iam.Source{Kind: iam.KindOpenSearch, Name: s.OpenSearch.Domain, Prefix: AccessInputFor(s).SearchPath()}
		},
		Polls:    true,
		Modules:  []string{"github.com/aws/aws-sdk-go-v2/service/opensearch", "github.com/opensearch-project/opensearch-go/v4"},
		Indirect: []string{"golang.org/x/sync"},
		Settings: func(s *spec.Spec) []service.Setting {
			o := s.OpenSearch
			return []service.Setting{
				{Env: "OPENSEARCH_DOMAIN", Field: "OpenSearchDomain", Default: o.Domain, Doc: "the OpenSearch Service domain (its endpoint is looked up unless OPENSEARCH_ENDPOINT is set)"},
				{Env: "OPENSEARCH_INDEX", Field: "OpenSearchIndex", Default: o.Index, Doc: "the index the route writes"},
			}
		},
		Resource: func(s *spec.Spec) string { return s.OpenSearch.Domain },
		Defaults: Defaults,
		Policies: []service.PolicyFile{{Kind: plan.KindDomain, Name: func(domain string) string { return "opensearch-access-policy-" + domain + ".json" }}},
	}
}
