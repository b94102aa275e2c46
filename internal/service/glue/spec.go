package glue

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var (
	catalogNameRe = regexp.MustCompile(`^[a-z0-9_]{1,255}$`)
	tablePrefixRe = regexp.MustCompile(`^[a-z0-9_]{1,128}$`)
	crawlerNameRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)
)

// catalogName is Athena's rule for database and table names: "only
// lowercase letters, numbers, and the underscore character", at most 255
// (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html).
func catalogName(s string) error {
	if !catalogNameRe.MatchString(s) {
		return errors.New("must be 1-255 lowercase letters, digits and underscores, the names Athena can query (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html)")
	}
	return nil
}

// SpecRule checks the spec's glue section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	g := v.Spec.Glue
	if g == nil {
		return
	}
	v.Name("glue.database", g.Database, catalogName)
	if t := v.Spec.HasHop(v.Catalog, "s3", "athena") || v.Spec.Spectrum(v.Catalog); t != (g.Table != "") {
		v.Add("glue.table", g.Table, "must be set exactly when the route has s3-to-athena or "+spec.ViaName(v.Catalog, "s3", "redshift", "redshift-spectrum")+", whose data Athena or Spectrum reads through this table")
	}
	if g.ProjectionStart != "" && v.Spec.Spectrum(v.Catalog) {
		v.Add("glue.projectionStart", g.ProjectionStart, "must be empty on "+spec.ViaName(v.Catalog, "s3", "redshift", "redshift-spectrum")+": Spectrum has no partition projection and would find no partition (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html)")
	}
	if g.Table != "" {
		v.Name("glue.table", g.Table, catalogName)
	}
	lake := v.Spec.Lake(v.Catalog)
	switch {
	case lake && (g.Prefix == "" || !strings.HasSuffix(g.Prefix, "/")):
		v.Add("glue.prefix", g.Prefix, "must be the S3 prefix of the data, ending in / (a table and a crawler read a folder)")
	case !lake && g.Prefix != "":
		v.Add("glue.prefix", g.Prefix, "must be empty: nothing on the route reads S3 through the catalog")
	case lake:
		v.Name("glue.prefix", g.Prefix, s3.KeyPrefix)
		if f := v.Spec.Firehose; f != nil && spec.StaticPrefix(f.Prefix) != f.Prefix {
			v.Add("firehose.prefix", f.Prefix, "must be a static prefix such as data/ on a route into Glue or Athena: Firehose then writes YYYY/MM/DD/HH/ under it, the path the table projects (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html)")
		} else if f != nil && f.Prefix != g.Prefix {
			v.Add("glue.prefix", g.Prefix, fmt.Sprintf("must equal firehose.prefix %q, where the data is written", f.Prefix))
		}
	}
	if g.ProjectionStart != "" {
		if _, err := time.Parse("2006/01/02/15", g.ProjectionStart); err != nil || len(g.ProjectionStart) != 13 {
			v.Add("glue.projectionStart", g.ProjectionStart, "must be an hour as yyyy/MM/dd/HH, the layout of Firehose's date path")
		}
		if !v.Spec.HasHop(v.Catalog, "firehose", "s3") {
			v.Add("glue.projectionStart", g.ProjectionStart, "must be empty without firehose-to-s3: only Firehose writes the date path the projection reads")
		}
	}
	crawls := v.Spec.HasHop(v.Catalog, "s3", "glue") || v.Spec.HasHop(v.Catalog, "dynamodb", "glue") || v.Spec.GlueJobs(v.Catalog)
	c := g.Crawler
	switch {
	case crawls && c == nil:
		v.Add("glue.crawler", "", "section is missing: the route crawls into the Data Catalog")
		return
	case !crawls && c != nil:
		v.Add("glue.crawler", "", "section is not used: the route has no s3-to-glue, dynamodb-to-glue or glue-to-s3 hop")
		return
	case c == nil:
		return
	}
	// https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html:
	// a single-line name of 1-255; wireup also names a log stream after it.
	v.Name("glue.crawler.name", c.Name, func(s string) error {
		if !crawlerNameRe.MatchString(s) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (Glue crawler names; wireup names its log stream after it)")
		}
		return nil
	})
	v.Name("glue.crawler.role", c.Role, spec.RoleName)
	v.Name("glue.crawler.tablePrefix", c.TablePrefix, func(s string) error {
		if !tablePrefixRe.MatchString(s) {
			return errors.New("must be 1-128 lowercase letters, digits and underscores: the tables it names must be queryable by Athena (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html)")
		}
		return nil
	})
	dynamo := v.Spec.HasHop(v.Catalog, "dynamodb", "glue")
	switch {
	case dynamo && (c.ScanRate < 0.1 || c.ScanRate > 1.5):
		v.Add("glue.crawler.scanRate", strconv.FormatFloat(c.ScanRate, 'g', -1, 64), "must be between 0.1 and 1.5, the share of the table's read capacity a crawl may use (https://docs.aws.amazon.com/glue/latest/webapi/API_DynamoDBTarget.html)")
	case !dynamo && c.ScanRate != 0:
		v.Add("glue.crawler.scanRate", strconv.FormatFloat(c.ScanRate, 'g', -1, 64), "must be 0 (omitted): it applies only to a DynamoDB crawl")
	}
}

// SpecDefault fills the glue section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["glue"] || s.HasHop(c, "s3", "athena") || s.HasVia(c, "s3", "redshift", "redshift-spectrum") {
		s.Glue = &spec.Glue{Database: strings.ReplaceAll(n, "-", "_") + "_db"}
		if s.Lake(c) {
			s.Glue.Prefix = spec.LakePrefix
			if s.S3.ObjectPrefix != "" {
				s.Glue.Prefix = s.S3.ObjectPrefix
			}
		}
		if s.HasVia(c, "s3", "redshift", "redshift-spectrum") {
			// Spectrum reads partitions from the catalog and has no
			// partition projection: its table is not partitioned, and
			// Spectrum reads the folders under its location
			// (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_TABLE.html).
			s.Glue.Table = "events"
		}
		if s.HasHop(c, "s3", "athena") {
			s.Glue.Table = "events"
			if s.HasHop(c, "firehose", "s3") {
				// Firehose's date path is projected; objects a producer
				// writes under one prefix are not partitioned.
				s.Glue.ProjectionStart = "2026/01/01/00"
			}
		}
		if s.HasHop(c, "s3", "glue") || s.HasHop(c, "dynamodb", "glue") {
			// The AWSGlueServiceRole prefix is what the Glue console offers
			// when a role is passed to it
			// (https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html).
			s.Glue.Crawler = &spec.Crawler{Name: n + "-crawler", Role: "AWSGlueServiceRole-" + n, TablePrefix: "crawled_"}
			if s.HasHop(c, "dynamodb", "glue") {
				s.Glue.Crawler.ScanRate = 0.5
			}
		}
	}
}
