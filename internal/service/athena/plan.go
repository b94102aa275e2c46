package athena

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the workgroup of the spec's athena section, its results
// bucket when the route has none to share, and the named queries over the
// route's table.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "athena" }

// ResultsBucketID is the plan id of the bucket the workgroup writes to.
func ResultsBucketID(s *spec.Spec) string {
	if s.S3 != nil && s.Athena.ResultsBucket == s.S3.Bucket {
		return plan.IDBucket
	}
	return plan.IDResultsBucket
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	a := s.Athena
	if a == nil {
		return nil
	}
	bucket := ResultsBucketID(s)
	kms := ""
	if bucket == plan.IDResultsBucket {
		// A bucket of its own: encrypted with SSE-S3 like every bucket
		// wireup makes, TLS only, emptied on destroy (it holds query
		// results, which expire anyway).
		b.Add(&plan.Resource{ID: plan.IDResultsBucket, Kind: plan.KindBucket, Name: a.ResultsBucket, Settings: map[string]string{
			"versioning": "false", "kmsKey": "", "forceDestroy": "true", "objectPrefix": "",
			"expirePrefix": a.ResultsPrefix, "expireDays": plan.ItoA(a.ResultsExpireDays),
		}})
		rp, err := s3.TLSOnlyPolicy(b.IAMEnv(), a.ResultsBucket)
		if err := b.SetResourcePolicy(plan.IDResultsBucket, rp, err); err != nil {
			return err
		}
	} else {
		kms = plan.KeyARN(s.S3.KMSKey)
	}
	wg := b.Add(&plan.Resource{ID: plan.IDWorkGroup, Kind: plan.KindWorkGroup, Name: a.WorkGroup, Settings: map[string]string{
		"resultsPrefix": a.ResultsPrefix, "cutoffBytes": strconv.FormatInt(int64(a.BytesScannedCutoffMiB)<<20, 10), "kmsKey": kms,
	}})
	b.Ref(wg, "bucket", bucket, "name")
	if g := s.Glue; g != nil && g.Table != "" {
		for _, q := range NamedQueries(s) {
			nq := b.Add(&plan.Resource{ID: q.ID, Kind: plan.KindNamedQuery, Name: q.Name, Integration: "s3-to-athena",
				Settings: map[string]string{"query": q.SQL, "description": q.Description}})
			b.Ref(nq, "workGroup", plan.IDWorkGroup, "name")
			b.Ref(nq, "database", plan.IDGlueDatabase, "name")
			nq.DependsOn = append(nq.DependsOn, plan.IDGlueTable)
		}
	}
	return nil
}

// Wire implements plan.Wirer: Athena reads S3 and the catalog through the
// table and the workgroup, and writes results to S3 through the workgroup;
// nothing else is called.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	// QuickSight's data source is QuickSight's (athena-to-quicksight).
	return (in.To == "athena" || (in.From == "athena" && in.To != "quicksight")) && b.Resource(plan.IDWorkGroup) != nil, nil
}

// Query is one named query of the project.
type Query struct {
	ID, Name, Description, SQL string
	// Prefix is the S3 prefix the query writes, under the route's bucket.
	Prefix string
}

// NamedQueries are the CTAS and UNLOAD queries over the route's table
// (https://docs.aws.amazon.com/athena/latest/ug/ctas.html,
// https://docs.aws.amazon.com/athena/latest/ug/unload.html). "time" is
// quoted: it is a type keyword in Athena's SQL
// (https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html).
func NamedQueries(s *spec.Spec) []Query {
	g := s.Glue
	table := fmt.Sprintf(`"%s"."%s"`, g.Database, g.Table)
	cols := columnsSQL()
	curated, exports := "curated/"+g.Table+"_parquet/", "exports/"+g.Table+"/"
	with := fmt.Sprintf("format = 'PARQUET', external_location = 's3://%s/%s'", s.S3.Bucket, curated)
	sel := cols
	if g.ProjectionStart != "" {
		// A partition column comes last in a CTAS's SELECT.
		with += ", partitioned_by = ARRAY['datehour']"
		sel += ", datehour"
	}
	return []Query{
		{ID: plan.IDNamedQueryCTAS, Name: g.Table + "-to-parquet", Prefix: curated,
			Description: fmt.Sprintf("CTAS: copies %s into Parquet under s3://%s/%s (run once: the location must be empty)", table, s.S3.Bucket, curated),
			SQL:         fmt.Sprintf(`CREATE TABLE "%s"."%s_parquet" WITH (%s) AS SELECT %s FROM %s`, g.Database, g.Table, with, sel, table)},
		{ID: plan.IDNamedQueryUnload, Name: "export-" + g.Table, Prefix: exports,
			Description: fmt.Sprintf("UNLOAD: writes %s as Parquet under s3://%s/%s (the location must be empty)", table, s.S3.Bucket, exports),
			SQL:         fmt.Sprintf(`UNLOAD (SELECT %s FROM %s) TO 's3://%s/%s' WITH (format = 'PARQUET')`, cols, table, s.S3.Bucket, exports)},
	}
}

// columnsSQL lists the event's columns, quoted.
func columnsSQL() string {
	var out []string
	for _, c := range strings.Split(glue.EventColumns, ",") {
		n, _, _ := strings.Cut(c, ":")
		out = append(out, `"`+n+`"`)
	}
	return strings.Join(out, ", ")
}
