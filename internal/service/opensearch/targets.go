package opensearch

import "github.com/wireup/wireup/internal/targets"

// Measured on moto 5.2.1 and kumo v0.33.1: moto's domain calls with the
// Go SDK (CreateDomain, DescribeDomain, DeleteDomain), kumo's answer to
// the OpenSearch REST paths.
const (
	// MotoNoEngine: moto's domain is bookkeeping only.
	MotoNoEngine = "moto creates, describes and deletes the domain (Processing false at once, an endpoint NAME.REGION.es.amazonaws.com that nothing serves) but runs no OpenSearch engine, so no document is indexed or found"
	// KumoNoOpenSearch: kumo has no OpenSearch Service.
	KumoNoOpenSearch = "kumo has no OpenSearch Service (the REST call falls through to its S3 handler: XML InvalidRequest)"
	// LocalStackNotMeasured: no run on LocalStack.
	LocalStackNotMeasured = "OpenSearch on LocalStack is not measured (its images need an auth token since 2026-03-23)"
)

// NoEngine says why verify cannot see a document arrive on target t, or
// "" where it can (AWS).
func NoEngine(t targets.Target) string {
	switch t {
	case targets.AWS:
		return ""
	case targets.Kumo:
		return KumoNoOpenSearch
	case targets.LocalStack:
		return LocalStackNotMeasured
	}
	return MotoNoEngine
}
