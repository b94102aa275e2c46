package glue

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
)

// CrawlerRoleInput describes a crawler reading one S3 prefix or one
// DynamoDB table into one database.
type CrawlerRoleInput struct {
	RoleName    string
	CrawlerName string
	Database    string
	// TablePrefix is the prefix of the tables the crawler creates; the
	// catalog grants cover only tables named with it.
	TablePrefix string
	// Bucket and Prefix are the S3 data store (Prefix is literal, "data/").
	Bucket, Prefix string
	// DynamoDBTable is the DynamoDB data store instead.
	DynamoDBTable string
	// KMSKeyARN is the bucket's customer managed key, if any.
	KMSKeyARN string
}

// catalogActions are what a crawler calls on the Data Catalog to read a
// database and create, update and partition its tables. AWS documents no
// minimum for a crawler: the managed policy AWSGlueServiceRole
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSGlueServiceRole.html)
// grants glue:* on every resource. This list is the catalog subset of that
// policy a crawl of one store needs as far as the API reference shows
// (https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html);
// it must be confirmed against CloudTrail on one real crawl.
var catalogActions = []string{
	"glue:BatchCreatePartition", "glue:BatchGetPartition", "glue:CreatePartition", "glue:CreateTable",
	"glue:GetDatabase", "glue:GetPartition", "glue:GetPartitions", "glue:GetTable", "glue:GetTables",
	"glue:UpdatePartition", "glue:UpdateTable",
}

// crawlerLogGroup is where every crawler logs
// (https://docs.aws.amazon.com/glue/latest/dg/console-crawlers.html#console-crawlers-details).
const crawlerLogGroup = "/aws-glue/crawlers"

// CrawlerRole returns the role a Glue crawler assumes. Trust:
// glue.amazonaws.com, only on behalf of this account (aws:SourceAccount,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html;
// Glue documents no crawler-specific condition). Policy: the managed Glue
// service policy narrowed to this catalog, database and prefixed tables,
// the crawler's own log stream, and read access to its one data store.
func CrawlerRole(env iam.Env, in CrawlerRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("Glue crawler role %s", in.RoleName)
	if err := checkCrawler(env, in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	glueARN := env.GlueARN
	stmts := []iam.Statement{
		iam.AllowStatement("Catalog", catalogActions,
			glueARN("catalog"), glueARN("database/"+in.Database), glueARN("table/"+in.Database+"/"+in.TablePrefix+"*")),
		// AWSGlueServiceRole grants these three on /aws-glue/*; a crawler
		// writes only to its group, one stream named after the crawler.
		iam.AllowStatement("CreateLogGroup", []string{"logs:CreateLogGroup"}, env.LogGroupARN(crawlerLogGroup)),
		iam.AllowStatement("WriteLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, env.LogStreamARN(crawlerLogGroup, in.CrawlerName)),
	}
	notes := []string{
		"AWS documents no minimal policy for a crawler: the catalog actions are the subset of AWSGlueServiceRole (glue:* on *) a crawl of one store uses; check CloudTrail after the first crawl and report any AccessDenied.",
		"Pass the role with iam:PassRole on this role only, to glue.amazonaws.com (iam:PassedToService).",
	}
	source := "DynamoDB table " + in.DynamoDBTable
	if in.DynamoDBTable != "" {
		// https://docs.aws.amazon.com/glue/latest/dg/crawler-prereqs.html (DynamoDB data store).
		stmts = append(stmts, iam.AllowStatement("ReadTable", []string{"dynamodb:DescribeTable", "dynamodb:Scan"}, env.TableARN(in.DynamoDBTable)))
		notes = append(notes, "A DynamoDB crawl consumes the table's read capacity (ScanRate).")
	} else {
		source = fmt.Sprintf("s3://%s/%s", in.Bucket, in.Prefix)
		// https://docs.aws.amazon.com/glue/latest/dg/crawler-prereqs.html (S3 data store).
		list := iam.AllowStatement("ListData", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
		list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.Prefix+"*")
		stmts = append(stmts, list, iam.AllowStatement("ReadData", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.Prefix)))
		if in.KMSKeyARN != "" {
			k := iam.AllowStatement("DecryptData", []string{"kms:Decrypt"}, in.KMSKeyARN)
			k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
			stmts = append(stmts, k)
		}
	}
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets Glue crawler %s (this account only) read %s into database %s.", in.CrawlerName, source, in.Database),
		Trust:   iam.TrustPolicy("TrustGlue", "glue.amazonaws.com", iam.Condition{}.With("StringEquals", "aws:SourceAccount", env.AccountID)),
		Policy:  iam.NewDocument(stmts...),
		Notes:   notes,
	})
}

func checkCrawler(env iam.Env, in CrawlerRoleInput) error {
	if err := cmp.Or(env.Check(), iam.CheckRoleName(in.RoleName), iam.CheckName("crawler name", in.CrawlerName),
		iam.CheckName("database", in.Database), iam.CheckName("table prefix", in.TablePrefix)); err != nil {
		return err
	}
	switch {
	case (in.Bucket == "") == (in.DynamoDBTable == ""):
		return fmt.Errorf("give one data store: a bucket or a DynamoDB table")
	case in.DynamoDBTable != "":
		return iam.CheckName("DynamoDB table", in.DynamoDBTable)
	}
	if err := iam.CheckName("bucket", in.Bucket); err != nil {
		return err
	}
	if strings.ContainsAny(in.Prefix, "*?") {
		return fmt.Errorf("prefix %q must be literal (no * or ?)", in.Prefix)
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

// CrawlInput describes the identity that runs cmd/crawl: it starts one
// crawler and reads the table it writes.
type CrawlInput struct {
	Name, Crawler, Database, Table string
	// Role is the crawler's role: starting a crawler passes no role, so
	// no iam:PassRole is granted.
	Role string
}

// CrawlPolicy returns the identity policy of cmd/crawl: start and read
// its crawler (https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html,
// crawler resource) and read the crawled table.
func CrawlPolicy(env iam.Env, in CrawlInput) (iam.Policy, error) {
	what := fmt.Sprintf("crawl policy %s", in.Name)
	if err := cmp.Or(env.Check(), iam.CheckName("policy name", in.Name), iam.CheckName("crawler", in.Crawler),
		iam.CheckName("database", in.Database), iam.CheckName("table", in.Table)); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	return iam.Validated(env, what, iam.Policy{
		Name:    in.Name,
		Purpose: fmt.Sprintf("Lets cmd/crawl start Glue crawler %s and read the table %s.%s it writes.", in.Crawler, in.Database, in.Table),
		Document: iam.NewDocument(
			iam.AllowStatement("RunCrawler", []string{"glue:GetCrawler", "glue:StartCrawler"}, env.GlueARN("crawler/"+in.Crawler)),
			iam.AllowStatement("ReadTable", []string{"glue:GetTable"},
				env.GlueARN("catalog"), env.GlueARN("database/"+in.Database), env.GlueARN("table/"+in.Database+"/"+in.Table))),
	})
}
