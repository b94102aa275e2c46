// Package glue is the AWS Glue Data Catalog for wireup: the database, the
// explicit table over a route's S3 prefix (partition projection on the
// date path Firehose writes) and the crawler resource kinds, their spec
// section, plan, roles and generator entry. The Spark ETL job of
// glue-to-s3 (with its security configuration) lives in package
// glue/etl, which this package's Kinds, Planner, Generator and Targets
// call, passing the catalog table the job reads.
//
// Glue returns no ARN for a database, table or crawler, so the kinds never
// need one: a database and a table carry the project's wireup:project key
// in their Parameters as well as in their tags, which is what a listing
// reads; a crawler is found as a child of the project's database.
package glue

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue/etl"
	s3svc "github.com/wireup/wireup/internal/service/s3"
)

// Kinds are the Glue resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := glue.NewFromConfig(cfg)
	return append([]service.Provider{NewDatabase(c), NewTable(c), NewCrawler(c)},
		etl.Kinds(c, s3.NewFromConfig(cfg, s3svc.ClientOptions(cfg)))...)
}

// Glue's error codes for a name in use and a name not found
// (https://docs.aws.amazon.com/glue/latest/webapi/CommonErrors.html and
// each API's Errors section).
const (
	codeExists   = "AlreadyExistsException"
	codeNotFound = "EntityNotFoundException"
)

// tagsOf picks the tags from a GetTags answer, for service.Adopt.
func tagsOf(out *glue.GetTagsOutput) map[string]string { return out.Tags }

// arnOf is the ARN of a Glue resource ("crawler/NAME"), which
// no Glue call returns; the form is documented at
// https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html.
func arnOf(env plan.Env, resource string) string {
	return arn.ARN{Partition: env.Partition, Service: "glue", Region: env.Region, AccountID: env.AccountID, Resource: resource}.String()
}

// gone turns the error of a delete into the provider's answer: a resource
// already gone is deleted.
func gone(err error) error {
	if service.ErrorCode(err) == codeNotFound {
		return nil
	}
	return err
}

// SpectrumHop is Redshift Spectrum over S3 through the Data Catalog table
// Glue holds.
const SpectrumHop = "s3-to-redshift-spectrum"
