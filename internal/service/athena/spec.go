package athena

import (
	"errors"
	"regexp"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var workGroupNameRe = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)

// SpecRule checks the spec's athena section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	a := v.Spec.Athena
	if a == nil {
		return
	}
	v.Name("athena.workGroup", a.WorkGroup, func(s string) error {
		if !workGroupNameRe.MatchString(s) || s == "primary" {
			return errors.New("must be 1-128 letters, digits, '.', '_' and '-', not primary (https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html)")
		}
		return nil
	})
	v.Name("athena.resultsBucket", a.ResultsBucket, s3.BucketName)
	if a.ResultsPrefix == "" || !strings.HasSuffix(a.ResultsPrefix, "/") {
		v.Add("athena.resultsPrefix", a.ResultsPrefix, "must be a key prefix ending in /, where query results are written and expire")
	} else {
		v.Name("athena.resultsPrefix", a.ResultsPrefix, s3.KeyPrefix)
	}
	if b := v.Spec.S3; b != nil && a.ResultsBucket == b.Bucket && a.ResultsPrefix != "" {
		if g := v.Spec.Glue; g != nil && g.Prefix != "" && (strings.HasPrefix(a.ResultsPrefix, g.Prefix) || strings.HasPrefix(g.Prefix, a.ResultsPrefix)) {
			v.Add("athena.resultsPrefix", a.ResultsPrefix, "must not overlap glue.prefix: the table would read the query results, and the results' expiry would delete the data")
		}
	}
	v.Between("athena.resultsExpireDays", a.ResultsExpireDays, 1, 3650, "days before S3 expires query results; wireup's bound")
	// https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroupConfiguration.html:
	// BytesScannedCutoffPerQuery is at least 10000000 bytes.
	v.Between("athena.bytesScannedCutoffMiB", a.BytesScannedCutoffMiB, 10, 1<<20, "Athena's minimum per-query scan limit is 10 MB; wireup's cap is 1 TiB (USD 5 a query)")
}

// SpecDefault fills the athena section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["athena"] {
		s.Athena = &spec.Athena{WorkGroup: n, ResultsPrefix: "athena-results/", ResultsExpireDays: 7, BytesScannedCutoffMiB: 1024}
		if s.S3 != nil {
			s.Athena.ResultsBucket = s.S3.Bucket
		} else {
			s.Athena.ResultsBucket = n + "-" + s.Region + "-athena"
		}
	}
}
