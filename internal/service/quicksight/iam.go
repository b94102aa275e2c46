package quicksight

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/athena"
	"github.com/wireup/wireup/internal/spec"
)

// RoleInput describes the role QuickSight assumes for the project's data
// source: Athena queries in one workgroup over one table.
type RoleInput struct {
	RoleName string
	// Query is what the role may query and read: the workgroup, the table,
	// its data and the results location, as for the project's own query
	// runner but without the named queries' outputs.
	Query athena.QueryInput
}

// RoleInputFor is the role input of the spec; the plan and its tests use
// it.
func RoleInputFor(s *spec.Spec) RoleInput {
	q := athena.QueryInputFor(s)
	q.Name, q.Outputs, q.CTASTable = s.QuickSight.Role, nil, ""
	return RoleInput{RoleName: s.QuickSight.Role, Query: q}
}

// athenaCatalogActions are the metadata calls QuickSight makes through
// Athena when it lists and describes the catalog's tables, as in the
// managed policy AWSQuicksightAthenaAccess
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSQuicksightAthenaAccess.html),
// narrowed to the account's AwsDataCatalog.
var athenaCatalogActions = []string{"athena:GetDataCatalog", "athena:GetDatabase", "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListTableMetadata"}

// Role returns the role QuickSight assumes for the data source
// (AthenaParameters.RoleArn). Trust: quicksight.amazonaws.com, with no
// condition, as AWS documents it
// (https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role.html).
// Policy: what the managed AWSQuicksightAthenaAccess grants on every
// workgroup, catalog and bucket, narrowed to the project's workgroup,
// database, table, data prefix and results location
// (https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role-athena-s3.html).
func Role(env iam.Env, in RoleInput) (iam.Role, error) {
	what := fmt.Sprintf("QuickSight role %s", in.RoleName)
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	var q iam.Policy
	var err error
	if len(in.Query.Tables) > 0 {
		q, err = athena.QueryPolicy(env, in.Query)
	} else {
		q, err = workGroupOnly(env, in.Query)
	}
	if err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	doc := q.Document
	for i, st := range doc.Statement {
		// The query runner's named-query reads are not QuickSight's.
		if st.Sid == "RunQueries" {
			doc.Statement[i].Action = slices.DeleteFunc(slices.Clone(st.Action), func(a string) bool { return strings.Contains(a, "NamedQuer") })
		}
	}
	doc.Statement = append(doc.Statement, iam.AllowStatement("AthenaCatalog", athenaCatalogActions, env.DataCatalogARN("AwsDataCatalog")))
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets QuickSight run the data source's queries in Athena workgroup %s, for the project's data source only.", in.Query.WorkGroup),
		Trust:   iam.TrustPolicy("TrustQuickSight", "quicksight.amazonaws.com", nil),
		Policy:  doc,
		Notes: append(q.Notes,
			"QuickSight uses this role for this data source instead of its account-wide service role (AthenaParameters.RoleArn, "+RoleOverrideURL+"): nothing needs changing under Manage QuickSight → Security & permissions.",
			"Whoever deploys passes the role: iam:PassRole on this role with iam:PassedToService = quicksight.amazonaws.com."),
	})
}

// workGroupOnly is the role's policy on a route without a table wireup
// knows of (Athena alone, or a catalog without a crawler): queries in the
// workgroup and its results location only. The user grants the role the
// Glue and S3 reads of the tables they add.
func workGroupOnly(env iam.Env, in athena.QueryInput) (iam.Policy, error) {
	if err := cmp.Or(env.Check(), iam.CheckName("workgroup", in.WorkGroup), iam.CheckName("results bucket", in.ResultsBucket)); err != nil {
		return iam.Policy{}, err
	}
	list := iam.AllowStatement("ListResults", []string{"s3:ListBucket"}, env.BucketARN(in.ResultsBucket))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.ResultsPrefix+"*")
	return iam.Policy{
		Name: in.Name,
		Document: iam.NewDocument(
			iam.AllowStatement("RunQueries", []string{"athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution", "athena:StopQueryExecution"},
				env.WorkGroupARN(in.WorkGroup)),
			iam.AllowStatement("Buckets", []string{"s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}, env.BucketARN(in.ResultsBucket)),
			list,
			iam.AllowStatement("WriteResults", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"},
				env.ObjectsARN(in.ResultsBucket, in.ResultsPrefix))),
		Notes: []string{"The route has no table wireup knows of: grant this role glue:GetDatabase, glue:GetTable, glue:GetPartitions and the S3 reads of the tables you query (https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html)."},
	}, nil
}

// RedshiftRoleInput describes the role QuickSight assumes for a REDSHIFT
// data source on a provisioned cluster: temporary credentials for one
// database user in one database.
type RedshiftRoleInput struct {
	RoleName string
	// Cluster, Database and DatabaseUser are the cluster's identifier, the
	// database QuickSight reads and the user it signs in as.
	Cluster, Database, DatabaseUser string
}

// RedshiftRoleInputFor is the Redshift role input of the spec; the plan
// and its tests use it.
func RedshiftRoleInputFor(s *spec.Spec) RedshiftRoleInput {
	return RedshiftRoleInput{RoleName: s.QuickSight.Role, Cluster: s.Redshift.Cluster, Database: s.Redshift.Database, DatabaseUser: s.QuickSight.DatabaseUser}
}

// GetCredentialsURL documents the role a client calls GetClusterCredentials
// with: the dbuser and dbname resources, CreateClusterUser for AutoCreate,
// DescribeClusters to find the cluster's endpoint.
const GetCredentialsURL = "https://docs.aws.amazon.com/redshift/latest/mgmt/generating-iam-credentials-role-permissions.html"

// RedshiftIAMURL documents RedshiftIAMParameters: the role QuickSight
// assumes to call redshift:GetClusterCredentials on the cluster.
const RedshiftIAMURL = "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_RedshiftIAMParameters.html"

// RedshiftRole returns the role QuickSight assumes for a REDSHIFT data
// source on a provisioned cluster (RedshiftIAMParameters.RoleArn, RedshiftIAMURL).
// Trust: quicksight.amazonaws.com, with no condition, as AWS documents it
// for roles passed to QuickSight
// (https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role.html;
// AWS documents no aws:SourceAccount or aws:SourceArn that QuickSight
// sets, and a condition it does not set would make the role unusable).
// Policy: redshift:GetClusterCredentials for the one database user and
// database, redshift:CreateClusterUser for that user (AutoCreateDatabaseUser)
// and redshift:DescribeClusters on the cluster (GetCredentialsURL).
func RedshiftRole(env iam.Env, in RedshiftRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("QuickSight role %s", in.RoleName)
	if err := cmp.Or(env.Check(), iam.CheckRoleName(in.RoleName),
		iam.CheckName("cluster", in.Cluster), iam.CheckName("database", in.Database), iam.CheckName("database user", in.DatabaseUser)); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	rs := func(resource string) string {
		return arn.ARN{Partition: env.Partition, Service: "redshift", Region: env.Region, AccountID: env.AccountID, Resource: resource}.String()
	}
	user := rs("dbuser:" + in.Cluster + "/" + in.DatabaseUser)
	doc := iam.NewDocument(
		iam.AllowStatement("Credentials", []string{"redshift:GetClusterCredentials"}, user, rs("dbname:"+in.Cluster+"/"+in.Database)),
		iam.AllowStatement("CreateUser", []string{"redshift:CreateClusterUser"}, user),
		iam.AllowStatement("FindCluster", []string{"redshift:DescribeClusters"}, rs("cluster:"+in.Cluster)))
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets QuickSight sign in to Redshift cluster %s as database user %s, in database %s only, with temporary credentials.", in.Cluster, in.DatabaseUser, in.Database),
		Trust:   iam.TrustPolicy("TrustQuickSight", "quicksight.amazonaws.com", nil),
		Policy:  doc,
		Notes: []string{
			"QuickSight calls redshift:GetClusterCredentials as this role (RedshiftIAMParameters.RoleArn, " + RedshiftIAMURL + ") for the database user " + in.DatabaseUser + ", which `go run ./cmd/sql` creates with PASSWORD DISABLE (IAM sign-in only) and grants SELECT on the events table; AutoCreateDatabaseUser would create it on QuickSight's first connection otherwise, with PUBLIC permissions only.",
			"Whoever deploys passes the role: iam:PassRole on this role with iam:PassedToService = quicksight.amazonaws.com.",
		},
	})
}

// SecretsURL documents how QuickSight reads a Secrets Manager secret it
// signs in to a data source with: an administrator selects the secret
// under Manage QuickSight → Security & permissions → AWS Secrets Manager,
// and QuickSight reads it as the role SecretsRoleName it creates then,
// which it grants secretsmanager:GetSecretValue on the selected secrets
// only.
const SecretsURL = "https://docs.aws.amazon.com/quicksight/latest/user/secrets-manager-integration.html"

// SecretsRoleName is the role QuickSight reads secrets as (SecretsURL),
// which names the role but not its IAM path.
const SecretsRoleName = "aws-quicksight-secretsmanager-role-v0"

// SecretsRolePatterns match the ARN of SecretsRoleName in env's account
// on any path: on none ("role/NAME") or on one ("role/service-role/NAME",
// where QuickSight keeps its service role aws-quicksight-service-role-v0).
// In ArnLike a "*" also matches "/", so "role/*/NAME" is every path
// ending in the name and never a longer name such as "role/x-NAME"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
func SecretsRolePatterns(env iam.Env) []string {
	role := func(r string) string {
		return arn.ARN{Partition: env.Partition, Service: "iam", AccountID: env.AccountID, Resource: r}.String()
	}
	return []string{role("role/" + SecretsRoleName), role("role/*/" + SecretsRoleName)}
}

// SecretPolicy returns the resource policy of the secret QuickSight signs
// in to a serverless workgroup with: secretsmanager:GetSecretValue, the
// one action QuickSight's secrets role is granted (SecretsURL), for that
// role only, on this secret only. The principal is the account, narrowed
// to the role by aws:PrincipalArn (SecretsRolePatterns), so the policy
// holds whatever path QuickSight gives the role and whether or not the
// role exists yet: a policy naming a role ARN directly is refused until
// that exact role exists
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn). Deploy creates the secret and the data
// source in one run, so there is no moment to select the secret in the
// console in between; the resource policy grants the same read the
// console would, in the same account, where either a role's identity
// policy or the secret's resource policy allowing it suffices
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
func SecretPolicy(env iam.Env, secret string) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("resource policy of secret %s", secret)
	if err := cmp.Or(env.Check(), iam.CheckName("secret", secret)); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	st := iam.AllowStatement("QuickSightReads", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(secret))
	st.Principal = &iam.Principal{AWS: []string{env.RootARN()}}
	st.Condition = iam.Condition{}.With("ArnLike", "aws:PrincipalArn", SecretsRolePatterns(env)...)
	return iam.Validated(env, what, iam.ResourcePolicy{
		Kind:     iam.SecretsManagerSecretPolicy,
		Target:   env.SecretARN(secret),
		Purpose:  fmt.Sprintf("Lets QuickSight read secret %s, the sign-in of its read-only database user, as its Secrets Manager role %s, and nobody else through this policy.", secret, SecretsRoleName),
		Document: iam.NewDocument(st),
		Notes: []string{
			"QuickSight reads a data source's secret as the role " + SecretsRoleName + ", which it creates the first time an administrator turns on AWS Secrets Manager under Manage QuickSight → Security & permissions (" + SecretsURL + "). Until that role exists, QuickSight cannot sign in to the workgroup and deploy stops at the data source with QuickSight's reason: turn it on there, and deploy again.",
			"The secret blocks public policies (PutResourcePolicy with BlockPublicPolicy): this policy grants the account, narrowed to one role name, so it is not public (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html).",
			"Secrets Manager encrypts the secret with its AWS managed key aws/secretsmanager, which any principal of the account allowed to read the secret may use through Secrets Manager: no key policy to change (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).",
		},
	})
}
