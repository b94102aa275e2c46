package athena

import (
	"fmt"
	"slices"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// QueryInput describes the identity that runs the project's queries
// (cmd/query) in one workgroup over one database.
type QueryInput struct {
	Name      string // the policy's name
	WorkGroup string
	Database  string
	// Tables are the table names (or one name prefix ending in "*", for
	// the tables a crawler makes) the queries read.
	Tables []string
	// DataBucket and DataPrefix are where the tables' data lies; empty for
	// a DynamoDB crawl (Athena then reads no S3 data wireup knows of).
	DataBucket, DataPrefix string
	// ResultsBucket and ResultsPrefix are the workgroup's results location.
	ResultsBucket, ResultsPrefix string
	// Outputs are the prefixes of DataBucket the named CTAS and UNLOAD
	// queries write, and CTASTable the table the CTAS creates.
	Outputs   []string
	CTASTable string
	// KMSKeyARN is the data and results bucket's customer managed key.
	KMSKeyARN string
}

// QueryPolicy returns the identity policy of the query runner. Athena has
// no service role: the caller's identity needs the Athena actions on the
// workgroup, the Glue reads of the catalog, and S3 access to the data and
// the results, each documented at
// https://docs.aws.amazon.com/athena/latest/ug/example-policies-workgroup.html,
// https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html
// and https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html.
func QueryPolicy(env iam.Env, in QueryInput) (iam.Policy, error) {
	what := fmt.Sprintf("Athena query policy %s", in.Name)
	if err := checkQuery(env, in); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	glue := []string{env.GlueARN("catalog"), env.GlueARN("database/default"), env.GlueARN("database/" + in.Database)}
	for _, t := range in.Tables {
		glue = append(glue, env.GlueARN("table/"+in.Database+"/"+t))
	}
	stmts := []iam.Statement{
		iam.AllowStatement("RunQueries", []string{"athena:BatchGetNamedQuery", "athena:GetQueryExecution",
			"athena:GetQueryResults", "athena:ListNamedQueries", "athena:StartQueryExecution", "athena:StopQueryExecution"},
			env.WorkGroupARN(in.WorkGroup)),
		iam.AllowStatement("ReadCatalog", []string{"glue:GetDatabase", "glue:GetPartitions", "glue:GetTable"}, glue...),
	}
	buckets := []string{env.BucketARN(in.ResultsBucket)}
	prefixes := []string{in.ResultsPrefix + "*"}
	if in.DataBucket != "" {
		buckets = append(buckets, env.BucketARN(in.DataBucket))
		prefixes = append(prefixes, in.DataPrefix+"*")
		// Athena lists a CTAS or UNLOAD location to check it is empty.
		for _, p := range in.Outputs {
			prefixes = append(prefixes, p+"*")
		}
		stmts = append(stmts, iam.AllowStatement("ReadData", []string{"s3:GetObject"}, env.ObjectsARN(in.DataBucket, in.DataPrefix)))
	}
	slices.Sort(buckets)
	buckets = slices.Compact(buckets)
	slices.Sort(prefixes)
	list := iam.AllowStatement("ListData", []string{"s3:ListBucket"}, buckets...)
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", prefixes...)
	stmts = append(stmts,
		iam.AllowStatement("Buckets", []string{"s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}, buckets...),
		list,
		iam.AllowStatement("WriteResults", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"},
			env.ObjectsARN(in.ResultsBucket, in.ResultsPrefix)))
	notes := []string{"Athena reads the catalog's default database in every Region; the grant on database/default is required, not extra (https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html)."}
	if len(in.Outputs) > 0 {
		var out []string
		for _, p := range in.Outputs {
			out = append(out, env.ObjectsARN(in.DataBucket, p))
		}
		stmts = append(stmts,
			iam.AllowStatement("WriteOutputs", []string{"s3:AbortMultipartUpload", "s3:PutObject"}, out...),
			iam.AllowStatement("CreateCTASTable", []string{"glue:BatchCreatePartition", "glue:CreateTable"},
				env.GlueARN("catalog"), env.GlueARN("database/"+in.Database), env.GlueARN("table/"+in.Database+"/"+in.CTASTable)))
		notes = append(notes, "The named CTAS and UNLOAD queries write under their own prefixes of the data bucket; dropping the CTAS table leaves its data there (destroy removes it with the bucket).")
	}
	if in.KMSKeyARN != "" {
		k := iam.AllowStatement("BucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
		k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
		stmts = append(stmts, k)
	}
	return iam.Validated(env, what, iam.Policy{
		Name:     in.Name,
		Purpose:  fmt.Sprintf("Lets the query runner run queries in Athena workgroup %s over database %s and read their results.", in.WorkGroup, in.Database),
		Document: iam.NewDocument(stmts...),
		Notes:    notes,
	})
}

func checkQuery(env iam.Env, in QueryInput) error {
	if err := env.Check(); err != nil {
		return err
	}
	for _, f := range []struct{ what, v string }{{"policy name", in.Name}, {"workgroup", in.WorkGroup}, {"database", in.Database}, {"results bucket", in.ResultsBucket}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return err
		}
	}
	if len(in.Tables) == 0 {
		return fmt.Errorf("no tables to query")
	}
	if len(in.Outputs) > 0 && (in.DataBucket == "" || in.CTASTable == "") {
		return fmt.Errorf("CTAS and UNLOAD outputs need the data bucket and the CTAS table")
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

// QueryInputFor is the query runner's input for the spec: the explicit
// table (and the named queries' outputs), or the crawler's tables. Both
// the plan's render of iam/ and its tests use it.
func QueryInputFor(s *spec.Spec) QueryInput {
	a, g := s.Athena, s.Glue
	in := QueryInput{Name: s.Name + "-query", WorkGroup: a.WorkGroup, ResultsBucket: a.ResultsBucket, ResultsPrefix: a.ResultsPrefix}
	if g == nil {
		return in
	}
	in.Database = g.Database
	switch {
	case g.Table != "":
		in.Tables = []string{g.Table}
		for _, q := range NamedQueries(s) {
			in.Outputs = append(in.Outputs, q.Prefix)
		}
		in.CTASTable = g.Table + "_parquet"
	case g.Crawler != nil:
		in.Tables = []string{g.Crawler.TablePrefix + "*"}
	}
	if s.S3 != nil && g.Prefix != "" {
		in.DataBucket, in.DataPrefix, in.KMSKeyARN = s.S3.Bucket, g.Prefix, plan.KeyARN(s.S3.KMSKey)
	}
	return in
}
