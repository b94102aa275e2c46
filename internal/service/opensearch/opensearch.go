// Package opensearch is Amazon OpenSearch Service for wireup: the domain
// resource kind (one encrypted, HTTPS-only data node behind an IAM-only
// access policy), its planner, the access policy and grants, the verify
// probe that searches the index for the canary, and the generated reader.
package opensearch

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the OpenSearch resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewDomain(opensearch.NewFromConfig(cfg))}
}
