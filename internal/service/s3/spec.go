package s3

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

var (
	bucketRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	ipv4LikeRe = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
	kmsAliasRe = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)
)

// s3Events is the set of event types S3 can send as notifications to SQS,
// SNS and Lambda (Amazon S3 User Guide, "Event notification types and
// destinations").
var s3Events = map[string]bool{
	"s3:ObjectCreated:*": true, "s3:ObjectCreated:Put": true, "s3:ObjectCreated:Post": true,
	"s3:ObjectCreated:Copy": true, "s3:ObjectCreated:CompleteMultipartUpload": true,
	"s3:ObjectRemoved:*": true, "s3:ObjectRemoved:Delete": true, "s3:ObjectRemoved:DeleteMarkerCreated": true,
	"s3:ObjectRestore:*": true, "s3:ObjectRestore:Post": true, "s3:ObjectRestore:Completed": true,
	"s3:ObjectRestore:Delete":                   true,
	"s3:ReducedRedundancyLostObject":            true,
	"s3:Replication:*":                          true,
	"s3:Replication:OperationFailedReplication": true, "s3:Replication:OperationMissedThreshold": true,
	"s3:Replication:OperationReplicatedAfterThreshold": true, "s3:Replication:OperationNotTracked": true,
	"s3:LifecycleExpiration:*": true, "s3:LifecycleExpiration:Delete": true,
	"s3:LifecycleExpiration:DeleteMarkerCreated": true,
	"s3:LifecycleTransition":                     true,
	"s3:IntelligentTiering":                      true,
	"s3:ObjectTagging:*":                         true, "s3:ObjectTagging:Put": true, "s3:ObjectTagging:Delete": true,
	"s3:ObjectAcl:Put": true,
}

// SpecRule checks the spec's s3 section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	b := v.Spec.S3
	if b == nil {
		return
	}
	v.Name("s3.bucket", b.Bucket, BucketName)
	if b.KMSKey != "" {
		v.Name("s3.kmsKey", b.KMSKey, KMSKey)
	}
	v.Name("s3.filterPrefix", b.FilterPrefix, KeyPrefix)
	v.Name("s3.filterSuffix", b.FilterSuffix, FilterSuffix)
	v.Name("s3.objectPrefix", b.ObjectPrefix, KeyPrefix)

	source := v.Spec.IsSource(v.Catalog, "s3")
	switch {
	case source && len(b.Events) == 0:
		v.Add("s3.events", "", "must list at least one event type such as s3:ObjectCreated:* because the bucket notifies the next hop")
	case !source && len(b.Events) > 0:
		v.Add("s3.events", strings.Join(b.Events, ", "), "must be empty: the bucket is not a route source, so nothing would receive the events")
	}
	seen := map[string]bool{}
	for i, e := range b.Events {
		field := fmt.Sprintf("s3.events[%d]", i)
		switch {
		case !s3Events[e]:
			v.Add(field, e, "must be an S3 notification event type such as s3:ObjectCreated:*, s3:ObjectCreated:Put or s3:ObjectRemoved:* (Amazon S3 event notification types)")
		case seen[e]:
			v.Add(field, e, "is listed twice")
		}
		seen[e] = true
	}
	if source && b.ObjectPrefix != "" && !strings.HasPrefix(b.ObjectPrefix, b.FilterPrefix) {
		v.Add("s3.filterPrefix", b.FilterPrefix, fmt.Sprintf("does not match s3.objectPrefix %q, where producers write, so no notification would fire", b.ObjectPrefix))
	}
	if f := v.Spec.Firehose; source && f != nil && v.Spec.HasHop(v.Catalog, "firehose", "s3") && !strings.HasPrefix(spec.StaticPrefix(f.Prefix), b.FilterPrefix) &&
		!strings.HasPrefix(b.FilterPrefix, spec.StaticPrefix(f.Prefix)) {
		v.Add("s3.filterPrefix", b.FilterPrefix, fmt.Sprintf("does not match firehose.prefix %q, where Firehose writes, so no notification would fire", f.Prefix))
	}
}

// BucketName checks the AWS S3 general purpose bucket naming rules.
func BucketName(name string) error {
	const why = "(AWS S3 bucket naming rules)"
	if len(name) < 3 || len(name) > 63 || !bucketRe.MatchString(name) {
		return errors.New("must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit " + why)
	}
	if strings.Contains(name, "..") {
		return errors.New(`must not contain two adjacent dots ".." ` + why)
	}
	if ipv4LikeRe.MatchString(name) {
		return errors.New("must not be formatted as an IP address such as 192.168.5.4 " + why)
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fmt.Errorf("must not start with %q, a prefix S3 reserves %s", p, why)
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return fmt.Errorf("must not end with %q, a suffix S3 reserves %s", s, why)
		}
	}
	return nil
}

// KeyPrefix checks an S3 key prefix: at most 1024 bytes of UTF-8, not starting
// with "/" (a leading slash makes an empty first path segment in the key).
func KeyPrefix(p string) error {
	switch {
	case len(p) > 1024 || !utf8.ValidString(p):
		return errors.New("must be at most 1024 bytes of UTF-8 text (AWS S3 object key limit)")
	case strings.HasPrefix(p, "/"):
		return errors.New(`must not start with "/": S3 keys have no leading slash, and one would create an empty folder name`)
	}
	return nil
}

// FilterSuffix checks an S3 event notification's key suffix filter: at most
// an object key long.
func FilterSuffix(s string) error {
	if len(s) > 1024 {
		return errors.New("must be at most 1024 bytes (AWS S3 object key limit)")
	}
	return nil
}

// KMSKey checks a KMS key reference for server-side encryption: a key or
// alias ARN, or an alias name such as alias/my-key.
func KMSKey(key string) error {
	const rule = "must be a KMS key ARN (arn:aws:kms:region:account:key/id), an alias ARN, or an alias name such as alias/my-key"
	if kmsAliasRe.MatchString(key) {
		return nil
	}
	a, err := arn.Parse(key)
	if err != nil || a.Service != "kms" || a.Region == "" || a.AccountID == "" {
		return errors.New(rule)
	}
	if id, ok := strings.CutPrefix(a.Resource, "key/"); ok && id != "" && !strings.Contains(id, "/") {
		return nil
	}
	if kmsAliasRe.MatchString(a.Resource) {
		return nil
	}
	return errors.New(rule)
}

// SpecDefault fills the s3 section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["s3"] {
		s.S3 = &spec.S3{Bucket: n + "-" + s.Region + "-data", ForceDestroy: true}
		// A training job reads one literal prefix: what an IoT rule
		// writes goes under one too (Firehose has its own, below). A
		// producer writing into the bucket Redshift loads from writes
		// under a prefix of its own, which COPY or Spectrum reads.
		if s.HasHop(c, "app", "s3") || s.IsSource(c, "s3") || (s.HasHop(c, "s3", "sagemaker") || s.HasHop(c, "s3", "emr") || s.HasHop(c, "s3", "redshift")) && !s.HasHop(c, "firehose", "s3") {
			s.S3.ObjectPrefix = "incoming/"
		}
		if s.IsSource(c, "s3") {
			s.S3.Events = []string{"s3:ObjectCreated:*"}
			s.S3.FilterPrefix = "incoming/"
			if s.HasHop(c, "firehose", "s3") {
				// Firehose writes under its own prefix, not where a
				// producer would; notify on what Firehose delivers.
				s.S3.ObjectPrefix = ""
				s.S3.FilterPrefix = spec.StaticPrefix(s.Firehose.Prefix)
			}
		}
	}
}
