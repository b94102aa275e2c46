package spec

// OpenSearch defaults (analytics design D6): the smallest current instance
// type AWS lists for a domain, one node, the smallest gp3 volume.
const (
	OpenSearchEngineVersion = "OpenSearch_2.19"
	OpenSearchInstanceType  = "t3.small.search"
	OpenSearchVolumeGiB     = 10
)
