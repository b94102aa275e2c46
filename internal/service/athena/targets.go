package athena

import (
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/targets"
)

// Measured on moto 5.2.1 and kumo v0.33.1 (the data lake research).
const (
	motoRunsNoQuery = "moto stores the Glue table and the Athena workgroup but runs no query: StartQueryExecution reports SUCCEEDED with 0 rows and writes no result"
	kumoNoWorkGroup = "kumo has no Athena GetWorkGroup and no named queries (InvalidAction), so the workgroup cannot be read back"
)

// Targets are the capability rows of the hops the Athena package owns:
// Athena reading S3 or the catalog, and writing results to S3.
func Targets() targets.Rows {
	row := targets.Row{
		targets.Moto:       targets.Wired(motoRunsNoQuery),
		targets.Kumo:       targets.Refused(kumoNoWorkGroup, "kumo returns canned rows for every query"),
		targets.LocalStack: targets.Refused(glue.LocalStackPaid, "Glue and Athena are in a paid LocalStack tier"),
	}
	return targets.Rows{"s3-to-athena": row, "glue-to-athena": row, "athena-to-s3": row}
}

// DeletesNamedQuery reports whether target t has Athena's DeleteNamedQuery,
// and what removes a named query where it does not. Measured on moto
// 5.2.1: the call answers HTTP 500 with an HTML page; its DeleteWorkGroup
// with RecursiveDeleteOption takes the workgroup's named queries with it,
// as AWS's does.
func DeletesNamedQuery(t targets.Target) (bool, string) {
	if t == targets.Moto {
		return false, "moto has no DeleteNamedQuery (HTTP 500); the workgroup's recursive delete removes the query"
	}
	return true, ""
}
