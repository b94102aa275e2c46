package emr

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
)

// JobRoleInput describes the job runtime role of one application: what
// its job reads and where it writes.
type JobRoleInput struct {
	RoleName    string
	Application string
	// Layout is the bucket and prefix of the job's script, output, logs
	// and Hive scratch space.
	Layout Layout
	// InputPrefix is the S3 prefix of Layout.Bucket the job reads (the
	// route's events, or the crawled table's data); "" for DynamoDB.
	InputPrefix string
	// Database and Table are the Glue table the job reads through the
	// Data Catalog (glue-to-emr); "" otherwise.
	Database, Table string
	// DynamoDBTable is the table the Hive job scans (dynamodb-to-emr).
	DynamoDBTable string
	// KMSKeyARN is the bucket's customer managed key, if any.
	KMSKeyARN string
}

// glueReads are the Data Catalog reads of a Spark job that reads one
// table through the Glue metastore: the read subset of AWS's sample
// runtime policy
// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html),
// which grants them with the catalog writes on "*".
var glueReads = []string{"glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition", "glue:GetPartitions",
	"glue:GetTable", "glue:GetTables", "glue:GetUserDefinedFunctions"}

// JobRole returns the role EMR Serverless assumes for the job runs of the
// application. Trust: emr-serverless.amazonaws.com, only for applications
// of this account and Region (aws:SourceAccount, aws:SourceArn: the
// confused-deputy keys IAM documents for every service principal,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html;
// the application's id is not known before it exists, so the ARN ends in
// /applications/*). Policy: read the script and the input, write the
// output, the logs and Hive's scratch space, read the catalog table or
// the DynamoDB table; nothing else.
func JobRole(env iam.Env, in JobRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("EMR Serverless job role %s", in.RoleName)
	if err := checkJobRole(env, in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	l, b := in.Layout, in.Layout.Bucket
	reads := []string{env.ObjectsARN(b, l.Scripts())}
	prefixes := []string{l.Scripts() + "*", l.Output() + "*", l.Hive() + "*"}
	source := "nothing the route names"
	if in.DynamoDBTable != "" {
		source = "DynamoDB table " + in.DynamoDBTable
	}
	if in.InputPrefix != "" {
		reads = append(reads, env.ObjectsARN(b, in.InputPrefix))
		prefixes = append(prefixes, in.InputPrefix+"*")
		source = fmt.Sprintf("s3://%s/%s", b, in.InputPrefix)
		if in.Table != "" {
			source = fmt.Sprintf("Glue table %s.%s (s3://%s/%s)", in.Database, in.Table, b, in.InputPrefix)
		}
	}
	slices.Sort(prefixes)
	list := iam.AllowStatement("ListJobPrefixes", []string{"s3:ListBucket"}, env.BucketARN(b))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", prefixes...)
	stmts := []iam.Statement{
		iam.AllowStatement("ReadScriptAndInput", []string{"s3:GetObject"}, reads...),
		list,
		// Spark and Hive commit output by writing temporary objects,
		// reading them back and deleting them.
		iam.AllowStatement("WriteOutput", []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"},
			env.ObjectsARN(b, l.Output()), env.ObjectsARN(b, l.Hive())),
		// EMR Serverless writes the driver and executor logs as the job
		// runtime role (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/logging.html).
		iam.AllowStatement("WriteLogs", []string{"s3:PutObject"}, env.ObjectsARN(b, l.Logs())),
	}
	notes := []string{
		"Pass the role with iam:PassRole on this role only, to emr-serverless.amazonaws.com (iam:PassedToService); cmd/job's policy does.",
		"The trust's aws:SourceArn condition names every application of the account and Region: EMR gives an application its id when it is created. Confirm on the first AWS run that a job can assume the role (a job that cannot fails at once with an access error).",
	}
	if in.Table != "" {
		stmts = append(stmts, iam.AllowStatement("ReadCatalog", glueReads,
			env.GlueARN("catalog"), env.GlueARN("database/default"), env.GlueARN("database/"+in.Database), env.GlueARN("table/"+in.Database+"/"+in.Table)))
		notes = append(notes, "Spark's Glue metastore client reads the default database when it starts; the grant on database/default is for that.")
	}
	if in.DynamoDBTable != "" {
		// AWS documents no minimum for the connector; a scan of one
		// table needs these two.
		stmts = append(stmts, iam.AllowStatement("ScanTable", []string{"dynamodb:DescribeTable", "dynamodb:Scan"}, env.TableARN(in.DynamoDBTable)))
		notes = append(notes, "AWS documents no minimal action list for the EMR DynamoDB connector; a full-table scan needs DescribeTable and Scan. A run consumes the table's read capacity (dynamodb.throughput.read.percent).")
	}
	if in.KMSKeyARN != "" {
		stmts = append(stmts, bucketKey(env, in.KMSKeyARN))
	}
	trust := iam.Condition{}.With("StringEquals", "aws:SourceAccount", env.AccountID).With("ArnLike", "aws:SourceArn", ApplicationsARN(env))
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets the job runs of EMR Serverless application %s (this account only) read %s and write Parquet under s3://%s/%s.", in.Application, source, b, l.Output()),
		Trust:   iam.TrustPolicy("TrustEMRServerless", Principal, trust),
		Policy:  iam.NewDocument(stmts...),
		Notes:   notes,
	})
}

func checkJobRole(env iam.Env, in JobRoleInput) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return err
	}
	for _, f := range []struct{ what, v string }{{"application", in.Application}, {"bucket", in.Layout.Bucket}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return err
		}
	}
	for _, p := range []string{in.Layout.Prefix, in.InputPrefix} {
		if strings.ContainsAny(p, "*?") {
			return fmt.Errorf("prefix %q must be literal (no * or ?)", p)
		}
	}
	if in.Layout.Prefix == "" {
		return fmt.Errorf("no prefix for the job's files")
	}
	switch {
	case in.InputPrefix != "" && in.DynamoDBTable != "":
		return fmt.Errorf("give one input: an S3 prefix or a DynamoDB table")
	case (in.Database == "") != (in.Table == "") || in.Table != "" && in.InputPrefix == "":
		return fmt.Errorf("a Glue input needs the database, the table and the table's S3 prefix")
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

// LaunchInput describes the identity that runs cmd/job: it finds the
// application, uploads the script, starts and watches job runs, and
// reads their output and logs.
type LaunchInput struct {
	Name, Project string
	Role          string // the job runtime role it passes
	Layout        Layout
	KMSKeyARN     string
}

// LaunchPolicy returns the identity policy of cmd/job
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html,
// https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html
// for passing the role). ListApplications has no resource type; the
// application calls are limited to applications tagged with the project.
func LaunchPolicy(env iam.Env, in LaunchInput) (iam.Policy, error) {
	what := fmt.Sprintf("EMR job launch policy %s", in.Name)
	if err := env.Check(); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, f := range []struct{ what, v string }{{"policy name", in.Name}, {"bucket", in.Layout.Bucket}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := iam.CheckRoleName(in.Role); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	l, b := in.Layout, in.Layout.Bucket
	app := iam.AllowStatement("RunJobs", []string{"emr-serverless:GetApplication", "emr-serverless:StartJobRun"}, ApplicationsARN(env))
	app.Condition = iam.Condition{}.With("StringEquals", "aws:ResourceTag/"+plan.TagProject, in.Project)
	pass := iam.AllowStatement("PassJobRole", []string{"iam:PassRole"}, env.RoleARN(in.Role))
	pass.Condition = iam.Condition{}.With("StringEquals", "iam:PassedToService", Principal)
	list := iam.AllowStatement("ListOutput", []string{"s3:ListBucket"}, env.BucketARN(b))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", l.Output()+"*")
	stmts := []iam.Statement{
		iam.AllowStatement("FindApplication", []string{"emr-serverless:ListApplications"}, "*"),
		app,
		iam.AllowStatement("WatchJobRuns", []string{"emr-serverless:CancelJobRun", "emr-serverless:GetJobRun"}, ApplicationsARN(env)+"/jobruns/*"),
		pass,
		iam.AllowStatement("UploadScript", []string{"s3:PutObject"}, env.ObjectsARN(b, l.Scripts())),
		list,
	}
	if in.KMSKeyARN != "" {
		stmts = append(stmts, bucketKey(env, in.KMSKeyARN))
	}
	return iam.Validated(env, what, iam.Policy{
		Name:     in.Name,
		Purpose:  fmt.Sprintf("Lets cmd/job upload the job script to s3://%s/%s, run it on the project's EMR Serverless application as role %s, and list the Parquet it writes.", b, l.Scripts(), in.Role),
		Document: iam.NewDocument(stmts...),
		Notes: []string{
			"Job runs carry no project tag of their own: GetJobRun and CancelJobRun are granted on the account's job runs in this Region.",
			"The first EMR Serverless application of an account creates the service-linked role AWSServiceRoleForAmazonEMRServerless; whoever runs `wireup deploy` needs iam:CreateServiceLinkedRole once (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/using-service-linked-roles.html).",
		},
	})
}

// bucketKey lets S3 use the bucket's customer managed key on the caller's
// behalf, and only S3 (kms:ViaService).
func bucketKey(env iam.Env, key string) iam.Statement {
	k := iam.AllowStatement("BucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, key)
	k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
	return k
}
