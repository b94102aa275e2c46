package redshift

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// RoleInput describes what the warehouse's role lets Redshift do in the
// route's bucket and the Data Catalog: COPY from one prefix, UNLOAD to
// another, Spectrum over one database and its data.
type RoleInput struct {
	RoleName string
	Bucket   string
	// CopyPrefix is where COPY loads from; UnloadPrefix where UNLOAD writes.
	CopyPrefix, UnloadPrefix string
	// Database is the Glue database of the external schema; SpectrumPrefix
	// the S3 prefix its tables read ("" when the route has none).
	Database, SpectrumPrefix string
	// KMSKeyARN is the bucket's customer managed key, if any.
	KMSKeyARN string
}

// WarehouseRole returns the role the namespace (or cluster) uses for
// COPY, UNLOAD and Spectrum. Trust: redshift.amazonaws.com, as AWS
// documents it (no condition). Policy: what AWS documents in
// the Redshift guide, scoped to the project's bucket prefixes and
// database: COPY "LIST the Amazon S3 bucket and GET the Amazon S3 objects"
// (https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-access-permissions.html),
// UNLOAD "GET, LIST, and PUT" (https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html),
// Spectrum's S3 minimum and its Glue reads
// (https://docs.aws.amazon.com/redshift/latest/dg/c-spectrum-iam-policies.html).
func WarehouseRole(env iam.Env, in RoleInput) (iam.Role, error) {
	what := fmt.Sprintf("Redshift role %s", in.RoleName)
	if err := checkRole(env, in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	var stmts []iam.Statement
	var does, prefixes []string
	if in.CopyPrefix != "" {
		does = append(does, fmt.Sprintf("COPY from s3://%s/%s", in.Bucket, in.CopyPrefix))
		prefixes = append(prefixes, in.CopyPrefix+"*")
		stmts = append(stmts, iam.AllowStatement("CopyRead", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.CopyPrefix)))
	}
	if in.UnloadPrefix != "" {
		does = append(does, fmt.Sprintf("UNLOAD to s3://%s/%s", in.Bucket, in.UnloadPrefix))
		prefixes = append(prefixes, in.UnloadPrefix+"*")
		stmts = append(stmts, iam.AllowStatement("UnloadWrite", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"},
			env.ObjectsARN(in.Bucket, in.UnloadPrefix)))
	}
	if in.Database != "" {
		does = append(does, "query the Glue database "+in.Database+" with Spectrum")
		glue := env.GlueARN
		stmts = append(stmts, iam.AllowStatement("SpectrumCatalog",
			[]string{"glue:BatchGetPartition", "glue:GetDatabase", "glue:GetPartition", "glue:GetPartitions", "glue:GetTable", "glue:GetTables"},
			glue("catalog"), glue("database/"+in.Database), glue("table/"+in.Database+"/*")))
		if in.SpectrumPrefix != "" {
			prefixes = append(prefixes, in.SpectrumPrefix+"*")
			stmts = append(stmts, iam.AllowStatement("SpectrumRead", []string{"s3:GetObject", "s3:ListMultipartUploadParts"}, env.ObjectsARN(in.Bucket, in.SpectrumPrefix)))
		}
	}
	if len(prefixes) > 0 {
		list := iam.AllowStatement("ListData", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
		list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", prefixes...)
		stmts = append(stmts, list,
			iam.AllowStatement("Bucket", []string{"s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}, env.BucketARN(in.Bucket)))
		if in.KMSKeyARN != "" {
			k := iam.AllowStatement("BucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
			k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
			stmts = append(stmts, k)
		}
	}
	notes := []string{
		"The namespace (or cluster) has this role as its default IAM role, so the generated SQL says IAM_ROLE default (https://docs.aws.amazon.com/redshift/latest/mgmt/default-iam-role.html).",
		"Redshift documents no confused-deputy condition for this trust; any database user allowed to run COPY or UNLOAD uses the role (https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html).",
	}
	if in.Database != "" {
		notes = append(notes, "Spectrum reads the catalog's partitions; the external schema is created without CREATE EXTERNAL DATABASE, so no glue:CreateDatabase is granted.")
	}
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: "Lets Redshift " + strings.Join(does, ", ") + ".",
		Trust:   iam.TrustPolicy("TrustRedshift", "redshift.amazonaws.com", nil),
		Policy:  iam.NewDocument(stmts...),
		Notes:   notes,
	})
}

func checkRole(env iam.Env, in RoleInput) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return err
	}
	if in.CopyPrefix == "" && in.UnloadPrefix == "" && in.Database == "" {
		return fmt.Errorf("nothing to grant: no COPY, UNLOAD or Spectrum")
	}
	if in.CopyPrefix != "" || in.UnloadPrefix != "" || in.SpectrumPrefix != "" {
		if err := iam.CheckName("bucket", in.Bucket); err != nil {
			return err
		}
	}
	for _, p := range []string{in.CopyPrefix, in.UnloadPrefix, in.SpectrumPrefix} {
		if strings.ContainsAny(p, "*?") {
			return fmt.Errorf("prefix %q must be literal (no * or ?)", p)
		}
	}
	if in.Database != "" {
		if err := iam.CheckName("database", in.Database); err != nil {
			return err
		}
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

// RoleInputFor is the warehouse role's input for the spec; the plan and
// its tests use it.
func RoleInputFor(s *spec.Spec) RoleInput {
	r := s.Redshift
	in := RoleInput{RoleName: r.Role, CopyPrefix: r.CopyPrefix, UnloadPrefix: r.UnloadPrefix}
	if s.S3 != nil {
		in.Bucket, in.KMSKeyARN = s.S3.Bucket, plan.KeyARN(s.S3.KMSKey)
	}
	if r.ExternalSchema != "" && s.Glue != nil {
		in.Database = s.Glue.Database
		if s.S3 != nil {
			in.SpectrumPrefix = s.Glue.Prefix
		}
	}
	return in
}

// SQLInput describes the identity that runs the project's SQL (cmd/sql)
// through the Data API with IAM authentication.
type SQLInput struct {
	Name string // the policy's name
	// Workgroup is the serverless workgroup; Cluster and Database the
	// provisioned cluster and its database. One of the two is set.
	Workgroup, Cluster, Database string
	// Project is the wireup:project tag the workgroup carries: its ARN
	// holds an id known only once it exists.
	Project string
	// AdminSecret is the name of the secret Redshift keeps the admin's
	// password in (AdminSecretName), which cmd/sql authenticates with
	// (REDSHIFT_SECRET_ARN) when its SQL creates database users
	// (Firehose's, QuickSight's); "" when it creates none.
	AdminSecret string
	// UserSecrets are the secrets of the database users the runner
	// creates with their passwords: Firehose's, and QuickSight's on a
	// serverless workgroup; none for none.
	UserSecrets []string
}

// SQLPolicy returns the identity policy of cmd/sql: run statements on the
// warehouse, with temporary credentials for the caller's own database
// user, and read back only its own statements
// (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html).
func SQLPolicy(env iam.Env, in SQLInput) (iam.Policy, error) {
	what := fmt.Sprintf("SQL runner policy %s", in.Name)
	if err := env.Check(); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckName("policy name", in.Name); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	if (in.Workgroup == "") == (in.Cluster == "") {
		return iam.Policy{}, fmt.Errorf("%s: give one warehouse: a workgroup or a cluster", what)
	}
	own := iam.AllowStatement("OwnStatements", []string{"redshift-data:CancelStatement", "redshift-data:DescribeStatement", "redshift-data:GetStatementResult"}, "*")
	own.Condition = iam.Condition{}.With("StringEquals", "redshift-data:statement-owner-iam-userid", "${aws:userid}")
	var stmts []iam.Statement
	notes := []string{"The Data API maps the caller to the database user IAMR:ROLE (or IAM:USER); that user creates the table and runs COPY and UNLOAD, which the admin may GRANT to others (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html)."}
	if in.Workgroup != "" {
		wgs := arnOf(env, "redshift-serverless", "workgroup/*")
		run := iam.AllowStatement("RunStatements", []string{"redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"}, wgs)
		run.Condition = iam.Condition{}.With("StringEquals", "aws:ResourceTag/"+plan.TagProject, in.Project)
		creds := iam.AllowStatement("Credentials", []string{"redshift-serverless:GetCredentials"}, wgs)
		creds.Condition = iam.Condition{}.With("StringEquals", "aws:ResourceTag/"+plan.TagProject, in.Project)
		stmts = append(stmts, run, creds, own)
		notes = append(notes, fmt.Sprintf("A workgroup's ARN ends in an id Redshift assigns at create time, so the grants name the project's workgroups by their %s tag instead of workgroup %s's ARN.", plan.TagProject, in.Workgroup))
	} else {
		cl := arnOf(env, "redshift", "cluster:"+in.Cluster)
		stmts = append(stmts,
			iam.AllowStatement("RunStatements", []string{"redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"}, cl),
			iam.AllowStatement("Credentials", []string{"redshift:GetClusterCredentialsWithIAM"}, arnOf(env, "redshift", "dbname:"+in.Cluster+"/"+in.Database)),
			own)
	}
	if len(in.UserSecrets) > 0 {
		var arns []string
		for _, name := range in.UserSecrets {
			if err := iam.CheckName("secret", name); err != nil {
				return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
			}
			arns = append(arns, env.SecretARN(name))
		}
		stmts = append(stmts, iam.AllowStatement("ReadUserSecrets", []string{"secretsmanager:GetSecretValue"}, arns...))
		notes = append(notes, "cmd/sql reads the password of each database user it creates from its secret ("+strings.Join(in.UserSecrets, ", ")+") and sends Redshift only the password's MD5 form (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html).")
	}
	if in.AdminSecret != "" {
		if err := iam.CheckName("admin secret", in.AdminSecret); err != nil {
			return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
		}
		stmts = append(stmts, iam.AllowStatement("AdminSignIn", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(in.AdminSecret)))
		notes = append(notes, "Creating a database user needs the admin, so cmd/sql runs with REDSHIFT_SECRET_ARN set to the admin secret Redshift manages ("+in.AdminSecret+", the warehouse's secretArn in .wireup/state.json); with SecretArn the Data API reads that secret as the caller, who needs secretsmanager:GetSecretValue on it (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html). Redshift encrypts it with the AWS managed key aws/secretsmanager, so no KMS grant is needed.")
	}
	return iam.Validated(env, what, iam.Policy{
		Name:     in.Name,
		Purpose:  "Lets cmd/sql run the project's SQL on the warehouse through the Redshift Data API and read its results.",
		Document: iam.NewDocument(stmts...),
		Notes:    notes,
	})
}

// arnOf is a Redshift ARN in env
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshift.html).
func arnOf(env iam.Env, svc, resource string) string {
	return arn.ARN{Partition: env.Partition, Service: svc, Region: env.Region, AccountID: env.AccountID, Resource: resource}.String()
}

// SQLInputFor is the runner's input for the spec.
func SQLInputFor(s *spec.Spec) SQLInput {
	r := s.Redshift
	in := SQLInput{Name: s.Name + "-sql", Project: s.Name, Database: r.Database, UserSecrets: userSecrets(s)}
	if r.Provisioned() {
		in.Cluster = r.Cluster
	} else {
		in.Workgroup = r.Workgroup
	}
	if r.Firehose() || QuickSightUser(s) != "" {
		in.AdminSecret = AdminSecretName(r)
	}
	return in
}

// AdminSecretName is the name of the secret Redshift creates for the
// admin's password when it manages it (ManageAdminPassword,
// ManageMasterPassword): "redshift!", the namespace (or cluster), "-" and
// the admin user, the name in the ARN Redshift returns for it
// (AdminPasswordSecretArn, MasterPasswordSecretArn); its guide says only
// that Redshift creates and owns the secret
// (https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-secrets-manager-integration.html).
// The form is what those ARNs show in published projects, for both
// engines: "secret:redshift!<namespace>-<admin>-XXXXXX" for a namespace
// ("redshift!default-namespace-admin-…") and
// "secret:redshift!<cluster>-<admin>-XXXXXX" for a cluster
// ("redshift!<cluster>-awsuser-…"), the six characters Secrets Manager
// appends to every secret's ARN. Were it different, only cmd/sql's admin
// run would be denied, naming the ARN in .wireup/state.json.
func AdminSecretName(r *spec.Redshift) string {
	if r.Provisioned() {
		return "redshift!" + r.Cluster + "-" + r.AdminUser
	}
	return "redshift!" + r.Namespace + "-" + r.AdminUser
}
