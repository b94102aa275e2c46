package opensearch

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the domain wireup creates and what it costs.
func Defaults(s *spec.Spec) []service.Default {
	o := s.OpenSearch
	return []service.Default{
		{Setting: "opensearch.instanceType", Value: fmt.Sprintf("1 × %s, %d GiB gp3", o.InstanceType, o.VolumeSizeGiB),
			What: "one data node, no dedicated master, no standby: a starter domain that bills every hour from create to destroy",
			Doc:  "https://aws.amazon.com/opensearch-service/pricing/"},
		{Value: "encryption at rest, node-to-node encryption",
			What: "the domain's data, indexes and snapshots are encrypted on disk (AWS-owned key), and traffic between nodes is TLS",
			Doc:  "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html"},
		{Value: "HTTPS only, " + string(TLSPolicy),
			What: "the endpoint refuses plain HTTP and TLS below 1.2, and offers only forward-secret ciphers",
			Doc:  "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html"},
		{Value: "IAM-only access policy",
			What: "only the project's roles may write the index, only the account's identities whose IAM policy allows it may search it; no IP rule, no anonymous access",
			Doc:  "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html"},
	}
}
