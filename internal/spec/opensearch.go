package spec

import (
	"errors"
	"regexp"
	"strings"
)

// OpenSearch defaults (analytics design D6): the smallest current instance
// type AWS lists for a domain, one node, the smallest gp3 volume.
const (
	OpenSearchEngineVersion = "OpenSearch_2.19"
	OpenSearchInstanceType  = "t3.small.search"
	OpenSearchVolumeGiB     = 10
)

// defaultOpenSearch is the opensearch section of project n in region: a
// domain named for the project, the index "<n>-events", and, on a
// Firehose route, no index rotation and a bucket for the documents
// OpenSearch refuses.
func defaultOpenSearch(n, region string, firehose bool) *OpenSearch {
	o := &OpenSearch{Domain: DomainName(n), Index: n + "-events", EngineVersion: OpenSearchEngineVersion,
		InstanceType: OpenSearchInstanceType, VolumeSizeGiB: OpenSearchVolumeGiB}
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

func (v *validator) opensearch() {
	o := v.s.OpenSearch
	if o == nil {
		return
	}
	v.name("opensearch.domain", o.Domain, OpenSearchDomain)
	v.name("opensearch.index", o.Index, OpenSearchIndex)
	if !engineRE.MatchString(o.EngineVersion) {
		v.add("opensearch.engineVersion", o.EngineVersion, "must be an OpenSearch engine version such as "+OpenSearchEngineVersion+" (`aws opensearch list-versions` lists them)")
	}
	switch {
	case !instanceTypeRE.MatchString(o.InstanceType):
		v.add("opensearch.instanceType", o.InstanceType, "must be an OpenSearch instance type such as "+OpenSearchInstanceType+" (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html)")
	case strings.HasPrefix(o.InstanceType, "t2."):
		v.add("opensearch.instanceType", o.InstanceType, "must not be a T2 type: T2 instances do not support encryption at rest, which wireup turns on (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html)")
	}
	// gp3 volumes start at 10 GiB; 100 is wireup's bound for a starter
	// domain (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html).
	v.between("opensearch.volumeSizeGiB", o.VolumeSizeGiB, 10, 100, "gp3's minimum is 10 GiB; wireup's cap for a one-node domain is 100")
	firehose := v.routeOK && v.s.HasHop(v.c, "firehose", "opensearch")
	if !firehose {
		for _, f := range []struct{ field, value string }{{"opensearch.indexRotation", o.IndexRotation}, {"opensearch.backupBucket", o.BackupBucket}, {"opensearch.backupPrefix", o.BackupPrefix}} {
			if f.value != "" {
				v.add(f.field, f.value, "applies only to a route with Firehose delivering to OpenSearch; remove it")
			}
		}
		return
	}
	v.oneOf("opensearch.indexRotation", o.IndexRotation, "NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth")
	v.name("opensearch.backupBucket", o.BackupBucket, BucketName)
	if o.BackupPrefix == "" || !strings.HasSuffix(o.BackupPrefix, "/") {
		v.add("opensearch.backupPrefix", o.BackupPrefix, "must be a key prefix ending in /, where Firehose writes the documents OpenSearch refused")
	} else {
		v.name("opensearch.backupPrefix", o.BackupPrefix, Prefix)
	}
}
