package opensearch

import (
	"errors"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var (
	domainRE       = regexp.MustCompile(`^[a-z][a-z0-9-]{2,27}$`)
	indexRE        = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,79}$`)
	engineRE       = regexp.MustCompile(`^OpenSearch_[0-9]+\.[0-9]+$`)
	instanceTypeRE = regexp.MustCompile(`^[a-z][a-z0-9]*\.[a-z0-9]+\.search$`)
)

// OpenSearchDomain is AWS's rule for a domain name.
func OpenSearchDomain(s string) error {
	if !domainRE.MatchString(s) {
		return errors.New("must be 3-28 characters: a lowercase letter, then lowercase letters, digits and hyphens (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html)")
	}
	return nil
}

// OpenSearchIndex is OpenSearch's rule for an index name (lowercase, no
// leading _, - or +, none of \ / * ? " < > | , # or space), held to 80
// characters, the most Firehose's IndexName takes
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_AmazonopensearchserviceDestinationConfiguration.html).
func OpenSearchIndex(s string) error {
	if !indexRE.MatchString(s) {
		return errors.New("must be 1-80 lowercase letters, digits, _ and -, starting with a letter or digit (https://docs.opensearch.org/latest/api-reference/index-apis/create-index/)")
	}
	return nil
}

// SpecRule checks the spec's opensearch section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	o := v.Spec.OpenSearch
	if o == nil {
		return
	}
	v.Name("opensearch.domain", o.Domain, OpenSearchDomain)
	v.Name("opensearch.index", o.Index, OpenSearchIndex)
	if !engineRE.MatchString(o.EngineVersion) {
		v.Add("opensearch.engineVersion", o.EngineVersion, "must be an OpenSearch engine version such as "+spec.OpenSearchEngineVersion+" (`aws opensearch list-versions` lists them)")
	}
	switch {
	case !instanceTypeRE.MatchString(o.InstanceType):
		v.Add("opensearch.instanceType", o.InstanceType, "must be an OpenSearch instance type such as "+spec.OpenSearchInstanceType+" (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html)")
	case strings.HasPrefix(o.InstanceType, "t2."):
		v.Add("opensearch.instanceType", o.InstanceType, "must not be a T2 type: T2 instances do not support encryption at rest, which wireup turns on (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html)")
	}
	// gp3 volumes start at 10 GiB; 100 is wireup's bound for a starter
	// domain (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html).
	v.Between("opensearch.volumeSizeGiB", o.VolumeSizeGiB, 10, 100, "gp3's minimum is 10 GiB; wireup's cap for a one-node domain is 100")
	firehose := v.RouteOK() && v.Spec.HasHop(v.Catalog, "firehose", "opensearch")
	if !firehose {
		for _, f := range []struct{ field, value string }{{"opensearch.indexRotation", o.IndexRotation}, {"opensearch.backupBucket", o.BackupBucket}, {"opensearch.backupPrefix", o.BackupPrefix}} {
			if f.value != "" {
				v.Add(f.field, f.value, "applies only to a route with Firehose delivering to OpenSearch; remove it")
			}
		}
		return
	}
	v.OneOf("opensearch.indexRotation", o.IndexRotation, "NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth")
	v.Name("opensearch.backupBucket", o.BackupBucket, s3.BucketName)
	if o.BackupPrefix == "" || !strings.HasSuffix(o.BackupPrefix, "/") {
		v.Add("opensearch.backupPrefix", o.BackupPrefix, "must be a key prefix ending in /, where Firehose writes the documents OpenSearch refused")
	} else {
		v.Name("opensearch.backupPrefix", o.BackupPrefix, s3.KeyPrefix)
	}
}

// SpecDefault fills the opensearch section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["opensearch"] {
		s.OpenSearch = defaultOpenSearch(n, s.Region, s.HasHop(c, "firehose", "opensearch"))
	}
}

// defaultOpenSearch is the opensearch section of project n in region: a
// domain named for the project, the index "<n>-events", and, on a
// Firehose route, no index rotation and a bucket for the documents
// OpenSearch refuses.
func defaultOpenSearch(n, region string, firehose bool) *spec.OpenSearch {
	o := &spec.OpenSearch{Domain: DomainName(n), Index: n + "-events", EngineVersion: spec.OpenSearchEngineVersion,
		InstanceType: spec.OpenSearchInstanceType, VolumeSizeGiB: spec.OpenSearchVolumeGiB}
	if firehose {
		o.IndexRotation = "NoRotation"
		o.BackupBucket = n + "-" + region + "-search-backup"
		o.BackupPrefix = "opensearch-failed/"
	}
	return o
}

// DomainName derives a domain name from a project name: the rule is
// stricter (3-28 characters, a lowercase letter first), so a long name is
// cut and a leading digit is prefixed.
func DomainName(project string) string {
	d := strings.ToLower(project)
	if d != "" && (d[0] < 'a' || d[0] > 'z') {
		d = "w" + d
	}
	if len(d) > 28 {
		d = strings.TrimRight(d[:28], "-")
	}
	for len(d) < 3 {
		d += "x"
	}
	return d
}
