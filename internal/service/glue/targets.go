package glue

import (
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/targets"
)

// LocalStackPaid is why LocalStack is not offered for Glue and Athena.
const LocalStackPaid = "Glue and Athena are in a paid LocalStack tier in its mid-2025 docs, and wireup has not measured them there"

// Targets are the capability rows of the hops the Glue package owns: the
// crawls into the Data Catalog and the job out of it (etl.Row). Measured
// on moto 5.2.1 and kumo v0.33.1.
func Targets() targets.Rows {
	localStack := targets.Refused(LocalStackPaid, "Glue and Athena are in a paid LocalStack tier")
	row := targets.Row{
		targets.Moto:       targets.Wired("moto stores the Glue crawler but never crawls: a started crawler stays RUNNING and creates no table"),
		targets.Kumo:       targets.Refused("kumo has no Glue crawler API (Unknown operation: CreateCrawler)", "kumo has no Glue crawlers"),
		targets.LocalStack: localStack,
	}
	return targets.Rows{"s3-to-glue": row, "dynamodb-to-glue": row, etl.JobHop: etl.Row(localStack)}
}
