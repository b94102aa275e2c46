package etl

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
)

// JobRoleInput describes a Glue Spark job reading one catalog table over
// one S3 prefix and writing under another prefix of the same bucket.
type JobRoleInput struct {
	RoleName, JobName string
	Database, Table   string
	Bucket            string
	// InputPrefix is the table's location, OutputPrefix where the job
	// writes, ScriptKey its script's key; all literal.
	InputPrefix, OutputPrefix, ScriptKey string
	// KMSKeyARN is the bucket's customer managed key, if any.
	KMSKeyARN string
}

// jobLogGroup is the prefix of the log groups a Glue job writes: the
// continuous log group (/aws-glue/jobs/logs-v2) and the output and error
// groups (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging-enable.html).
const jobLogGroup = "/aws-glue/jobs/"

// JobRole returns the role the Glue job runs as. Trust: glue.amazonaws.com
// on behalf of this account only (aws:SourceAccount). Policy: the
// managed AWSGlueServiceRole narrowed to what this job touches: its
// script, the table's data (read), its output prefix (write: Spark
// writes, renames and cleans up its part files there), the catalog
// table it reads, and its own log groups.
func JobRole(env iam.Env, in JobRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("Glue job role %s", in.RoleName)
	if err := checkJob(env, in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	list := iam.AllowStatement("ListData", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.InputPrefix+"*", in.OutputPrefix+"*")
	stmts := []iam.Statement{
		iam.AllowStatement("ReadScript", []string{"s3:GetObject"}, env.BucketARN(in.Bucket)+"/"+in.ScriptKey),
		list,
		iam.AllowStatement("ReadData", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.InputPrefix)),
		iam.AllowStatement("WriteOutput", []string{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}, env.ObjectsARN(in.Bucket, in.OutputPrefix)),
		// https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html:
		// reading a table needs the catalog, its database and the table.
		iam.AllowStatement("ReadTable", []string{"glue:GetDatabase", "glue:GetPartition", "glue:GetPartitions", "glue:GetTable"},
			env.GlueARN("catalog"), env.GlueARN("database/"+in.Database), env.GlueARN("table/"+in.Database+"/"+in.Table)),
		iam.AllowStatement("CreateLogGroups", []string{"logs:CreateLogGroup"}, env.LogGroupARN(jobLogGroup+"*")),
		iam.AllowStatement("WriteLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, env.LogStreamARN(jobLogGroup+"*", "*")),
	}
	if in.KMSKeyARN != "" {
		k := iam.AllowStatement("UseBucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
		k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
		stmts = append(stmts, k)
	}
	return iam.Validated(env, what, iam.Role{
		Name: in.RoleName,
		Purpose: fmt.Sprintf("Lets Glue job %s (this account only) read its script and table %s.%s (s3://%s/%s) and write Parquet under s3://%s/%s.",
			in.JobName, in.Database, in.Table, in.Bucket, in.InputPrefix, in.Bucket, in.OutputPrefix),
		Trust:  iam.TrustPolicy("TrustGlue", "glue.amazonaws.com", iam.Condition{}.With("StringEquals", "aws:SourceAccount", env.AccountID)),
		Policy: iam.NewDocument(stmts...),
		Notes: []string{
			"AWS documents no minimal policy for a Glue job: these statements are AWSGlueServiceRole (glue:* and s3 on aws-glue-* buckets) narrowed to this job's script, table, prefixes and log groups; check CloudTrail after the first run and report any AccessDenied.",
			"Job bookmarks are kept by Glue itself and need no grant in the job's role.",
			"Pass the role with iam:PassRole on this role only, to glue.amazonaws.com (iam:PassedToService).",
		},
	})
}

func checkJob(env iam.Env, in JobRoleInput) error {
	if err := cmp.Or(env.Check(), iam.CheckRoleName(in.RoleName),
		iam.CheckName("job name", in.JobName), iam.CheckName("database", in.Database), iam.CheckName("table", in.Table), iam.CheckName("bucket", in.Bucket),
		literalKey("script key", in.ScriptKey), literalKey("output prefix", in.OutputPrefix), literalKey("input prefix", in.InputPrefix)); err != nil {
		return err
	}
	if strings.HasPrefix(in.InputPrefix, in.OutputPrefix) || strings.HasPrefix(in.OutputPrefix, in.InputPrefix) {
		return fmt.Errorf("output prefix %q overlaps input prefix %q", in.OutputPrefix, in.InputPrefix)
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

// ETLInput describes the identity that runs cmd/etl: it starts the state
// machine and lists what the job wrote.
type ETLInput struct {
	Name, StateMachine   string
	Bucket, OutputPrefix string
}

// ETLPolicy returns the identity policy of cmd/etl: find the state
// machine, start, read and stop its executions
// (https://docs.aws.amazon.com/step-functions/latest/dg/concept-create-iam-advanced.html),
// and list the output prefix. Starting an execution passes no role.
func ETLPolicy(env iam.Env, in ETLInput) (iam.Policy, error) {
	what := fmt.Sprintf("etl policy %s", in.Name)
	if err := cmp.Or(env.Check(), iam.CheckName("policy name", in.Name), iam.CheckName("state machine", in.StateMachine),
		iam.CheckName("bucket", in.Bucket), literalKey("output prefix", in.OutputPrefix)); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	list := iam.AllowStatement("ListOutput", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.OutputPrefix+"*")
	execs := strings.Replace(env.StateMachineARN(in.StateMachine), ":stateMachine:", ":execution:", 1) + ":*"
	return iam.Validated(env, what, iam.Policy{
		Name:    in.Name,
		Purpose: fmt.Sprintf("Lets cmd/etl run state machine %s and list what its Glue job wrote under s3://%s/%s.", in.StateMachine, in.Bucket, in.OutputPrefix),
		Document: iam.NewDocument(
			iam.AllowStatement("FindStateMachine", []string{"states:ListStateMachines"}, "*"),
			iam.AllowStatement("StartExecution", []string{"states:StartExecution"}, env.StateMachineARN(in.StateMachine)),
			iam.AllowStatement("WatchExecution", []string{"states:DescribeExecution", "states:StopExecution"}, execs),
			list),
	})
}

// literalKey checks a key or prefix a policy names: set, and literal (a *
// or ? in it would widen the grant).
func literalKey(what, k string) error {
	switch {
	case k == "":
		return fmt.Errorf("%s is empty", what)
	case strings.ContainsAny(k, "*?"):
		return fmt.Errorf("%s %q must be literal (no * or ?)", what, k)
	}
	return nil
}
