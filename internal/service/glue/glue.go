// Package glue is the AWS Glue Data Catalog for wireup: the database, the
// explicit table over a route's S3 prefix (partition projection on the
// date path Firehose writes) and the crawler resource kinds.
//
// Glue returns no ARN for a database, table or crawler, so the kinds never
// need one: a database and a table carry the project's wireup:project key
// in their Parameters as well as in their tags, which is what a listing
// reads; a crawler is found as a child of the project's database.
package glue

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Glue resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := glue.NewFromConfig(cfg)
	return []service.Provider{NewDatabase(c), NewTable(c), NewCrawler(c)}
}

// Glue's error codes for a name in use and a name not found
// (https://docs.aws.amazon.com/glue/latest/webapi/CommonErrors.html and
// each API's Errors section).
const (
	codeExists   = "AlreadyExistsException"
	codeNotFound = "EntityNotFoundException"
)

// exists is service.Exists for Glue, which says "not found" its own way.
func exists(err error) (bool, error) {
	if service.ErrorCode(err) == codeNotFound {
		return false, nil
	}
	return service.Exists(err)
}

// owned reports whether Parameters mark the resource as the project's.
func owned(params map[string]string, project string) bool {
	return service.OwnedBy(params, project)
}
