package glue

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

func s3Crawler() CrawlerRoleInput {
	return CrawlerRoleInput{RoleName: "AWSGlueServiceRole-demo", CrawlerName: "demo-crawler", Database: "demo_db",
		TablePrefix: "crawled_", Bucket: "demo-bucket", Prefix: "data/"}
}

// iamCases covers the crawler role over S3 (with and without a bucket
// key) and over DynamoDB, and the policy of cmd/crawl.
func iamCases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "crawler-s3", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(CrawlerRole(env, s3Crawler()))
		}},
		{Name: "crawler-s3-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			in := s3Crawler()
			in.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Role(CrawlerRole(env, in))
		}},
		{Name: "crawl", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(CrawlPolicy(env, CrawlInput{Name: "demo-crawl", Crawler: "demo-crawler", Database: "demo_db", Table: "crawled_data"}))
		}},
		{Name: "crawler-dynamodb", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Role(CrawlerRole(env, CrawlerRoleInput{RoleName: "AWSGlueServiceRole-demo", CrawlerName: "demo-crawler",
				Database: "demo_db", TablePrefix: "crawled_", DynamoDBTable: "demo-table"}))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/glue -run TestGolden -update` to accept new
// output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases()) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	both := s3Crawler()
	both.DynamoDBTable = "t"
	wild := s3Crawler()
	wild.Prefix = "data/*"
	noPrefix := s3Crawler()
	noPrefix.TablePrefix = ""
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"two stores", iamtest.Err(CrawlerRole(env, both)), "one data store"},
		{"no store", iamtest.Err(CrawlerRole(env, CrawlerRoleInput{RoleName: "r", CrawlerName: "c", Database: "d", TablePrefix: "p"})), "one data store"},
		{"wildcard prefix", iamtest.Err(CrawlerRole(env, wild)), "literal"},
		{"no table prefix", iamtest.Err(CrawlerRole(env, noPrefix)), "table prefix is empty"},
		{"bad key", iamtest.Err(CrawlerRole(env, CrawlerRoleInput{RoleName: "r", CrawlerName: "c", Database: "d", TablePrefix: "p", Bucket: "b", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/*"})), "key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}
