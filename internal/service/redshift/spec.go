package redshift

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/secretsmanager"
	"github.com/wireup/wireup/internal/spec"
)

var (
	// https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateNamespace.html
	// and API_CreateWorkgroup.html: 3-64 of a-z, 0-9 and -.
	serverlessNameRe = regexp.MustCompile(`^[a-z0-9-]{3,64}$`)
	// https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html:
	// 1-63 lowercase letters, digits and hyphens, a letter first, no
	// trailing or doubled hyphen.
	clusterIDRe = regexp.MustCompile(`^[a-z]([a-z0-9]|-[a-z0-9])*$`)
	// Database and user names: a letter first, then letters, digits and _
	// (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html);
	// wireup keeps them lowercase and unquoted in the generated SQL.
	sqlNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	// The node types Redshift offers for one node
	// (https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-node-type-info).
	nodeTypeRe = regexp.MustCompile(`^(dc2\.large|ra3\.(large|xlplus))$`)
)

// SpecRule checks the spec's redshift section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	r := v.Spec.Redshift
	if r == nil {
		return
	}
	v.OneOf("redshift.mode", r.Mode, spec.RedshiftServerless, spec.RedshiftProvisioned)
	if r.Mode == spec.RedshiftServerless {
		for _, f := range []struct{ field, value string }{{"redshift.namespace", r.Namespace}, {"redshift.workgroup", r.Workgroup}} {
			v.Name(f.field, f.value, func(s string) error {
				if !serverlessNameRe.MatchString(s) {
					return errors.New("must be 3-64 lowercase letters, digits and hyphens (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html)")
				}
				return nil
			})
		}
		// https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html:
		// 4 RPUs, or 8 to 512 in steps of 8, or (in some Regions) up to 1024
		// in steps of 32.
		if b := r.BaseCapacity; b != 4 && (b < 8 || b > 512 || b%8 != 0) && (b <= 512 || b > 1024 || b%32 != 0) {
			v.Add("redshift.baseCapacity", strconv.Itoa(b), "must be 4 RPUs, 8 to 512 in steps of 8, or up to 1024 in steps of 32 where the Region offers it (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html)")
		}
		v.Between("redshift.usageLimitRPUHours", r.UsageLimitRPUHours, 1, 24*r.BaseCapacity, "RPU-hours a day before the workgroup is deactivated; more than a day at the base capacity is no limit")
	}
	if r.Mode == spec.RedshiftProvisioned {
		v.Name("redshift.cluster", r.Cluster, func(s string) error {
			if len(s) > 63 || !clusterIDRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html)")
			}
			return nil
		})
		v.Name("redshift.nodeType", r.NodeType, func(s string) error {
			if !nodeTypeRe.MatchString(s) {
				return errors.New("must be dc2.large, ra3.large or ra3.xlplus: the node types a single-node cluster may have")
			}
			return nil
		})
	}
	for _, f := range []struct{ field, value string }{{"redshift.database", r.Database}, {"redshift.adminUser", r.AdminUser}, {"redshift.table", r.Table}} {
		v.Name(f.field, f.value, func(s string) error {
			if !sqlNameRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
			}
			return nil
		})
	}
	v.Name("redshift.role", r.Role, spec.RoleName)
	prefix := func(field, p string, on bool, hop string) {
		switch {
		case on && (p == "" || !strings.HasSuffix(p, "/")):
			v.Add(field, p, "must be a key prefix of the route's bucket ending in /, for "+hop)
		case !on && p != "":
			v.Add(field, p, "must be empty: the route has no "+hop+" hop")
		case on:
			v.Name(field, p, s3.KeyPrefix)
		}
	}
	prefix("redshift.copyPrefix", r.CopyPrefix, v.Spec.Copies(v.Catalog), spec.ViaName(v.Catalog, "s3", "redshift", "redshift-copy"))
	prefix("redshift.unloadPrefix", r.UnloadPrefix, v.Spec.HasHop(v.Catalog, "redshift", "s3"), spec.HopName(v.Catalog, "redshift", "s3"))
	if g := v.Spec.Glue; g != nil && r.UnloadPrefix != "" && g.Prefix != "" && (strings.HasPrefix(r.UnloadPrefix, g.Prefix) || strings.HasPrefix(g.Prefix, r.UnloadPrefix)) {
		v.Add("redshift.unloadPrefix", r.UnloadPrefix, "must not overlap glue.prefix: the table would read what UNLOAD writes")
	}
	spectrum := v.Spec.Spectrum(v.Catalog) || v.Spec.HasHop(v.Catalog, "glue", "redshift")
	switch {
	case spectrum:
		v.Name("redshift.externalSchema", r.ExternalSchema, func(s string) error {
			if !sqlNameRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
			}
			return nil
		})
	case r.ExternalSchema != "":
		v.Add("redshift.externalSchema", r.ExternalSchema, "must be empty: the route has no Spectrum hop ("+spec.ViaName(v.Catalog, "s3", "redshift", "redshift-spectrum")+" or glue-to-redshift)")
	}
	redshiftFirehose(v, r)
}

// redshiftFirehose checks the settings of the delivery stream loading the
// warehouse, which only a route with firehose-to-redshift may have.
func redshiftFirehose(v *spec.Validator, r *spec.Redshift) {
	if !v.Spec.HasHop(v.Catalog, "firehose", "redshift") {
		for _, f := range []struct{ field, value string }{{"redshift.firehoseUser", r.FirehoseUser}, {"redshift.firehoseSecret", r.FirehoseSecret},
			{"redshift.stagingBucket", r.StagingBucket}, {"redshift.stagingPrefix", r.StagingPrefix}, {"redshift.backupPrefix", r.BackupPrefix}} {
			if f.value != "" {
				v.Add(f.field, f.value, "must be empty: the route has no "+spec.HopName(v.Catalog, "firehose", "redshift")+" hop")
			}
		}
		if r.RetrySeconds != 0 {
			v.Add("redshift.retrySeconds", strconv.Itoa(r.RetrySeconds), "must be empty: the route has no "+spec.HopName(v.Catalog, "firehose", "redshift")+" hop")
		}
		return
	}
	v.Name("redshift.firehoseUser", r.FirehoseUser, func(s string) error {
		if !sqlNameRe.MatchString(s) {
			return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
		}
		if s == r.AdminUser {
			return errors.New("must not be redshift.adminUser: Firehose gets a user that may only insert into the table")
		}
		return nil
	})
	v.Name("redshift.firehoseSecret", r.FirehoseSecret, secretsmanager.SecretName)
	v.Name("redshift.stagingBucket", r.StagingBucket, s3.BucketName)
	for _, f := range []struct{ field, value string }{{"redshift.stagingPrefix", r.StagingPrefix}, {"redshift.backupPrefix", r.BackupPrefix}} {
		if f.value == "" || !strings.HasSuffix(f.value, "/") {
			v.Add(f.field, f.value, "must be a key prefix of redshift.stagingBucket ending in /")
			continue
		}
		v.Name(f.field, f.value, s3.KeyPrefix)
	}
	if r.StagingPrefix != "" && r.BackupPrefix != "" && (strings.HasPrefix(r.StagingPrefix, r.BackupPrefix) || strings.HasPrefix(r.BackupPrefix, r.StagingPrefix)) {
		v.Add("redshift.backupPrefix", r.BackupPrefix, "must not overlap redshift.stagingPrefix: COPY would load the backup again")
	}
	// RetryOptions.DurationInSeconds: 0 to 7200
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftRetryOptions.html).
	v.Between("redshift.retrySeconds", r.RetrySeconds, 0, 7200, "seconds Firehose retries a failed COPY")
}

// SpecDefault fills the redshift section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	if on["redshift"] {
		s.Redshift = defaultRedshift(c, s)
	}
}

// defaultRedshift is a Serverless warehouse at the smallest base capacity
// with a daily usage limit, and the names a provisioned cluster would take.
func defaultRedshift(c *catalog.Catalog, s *spec.Spec) *spec.Redshift {
	n := s.Name
	r := &spec.Redshift{Mode: spec.RedshiftServerless, Namespace: n + "-ns", Workgroup: n + "-wg", BaseCapacity: 4, UsageLimitRPUHours: 4,
		Cluster: n + "-cluster", NodeType: "dc2.large", Database: "dev", AdminUser: "admin", Role: n + "-redshift", Table: "events"}
	switch {
	case s.Copies(c) && s.S3 != nil && s.HasHop(c, "firehose", "s3"):
		r.CopyPrefix = spec.LakePrefix
	case s.Copies(c) && s.S3 != nil:
		r.CopyPrefix = s.S3.ObjectPrefix
	}
	if s.HasHop(c, "redshift", "s3") {
		r.UnloadPrefix = "unload/"
	}
	if s.Spectrum(c) || s.HasHop(c, "glue", "redshift") {
		r.ExternalSchema = "lake"
	}
	if s.HasHop(c, "firehose", "redshift") {
		// Firehose logs in with a user of its own (INSERT on the table
		// only), its password generated by deploy into a secret, and
		// stages gzipped objects for its COPY in a bucket of the route's
		// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftDestinationConfiguration.html);
		// 3600 s is AWS's default retry duration.
		r.FirehoseUser, r.FirehoseSecret = "firehose", n+"-redshift-firehose"
		r.StagingBucket = n + "-" + s.Region + "-rs-staging"
		r.StagingPrefix, r.BackupPrefix, r.RetrySeconds = "staging/", "backup/", 3600
	}
	return r
}
