package emr

import "github.com/wireup/wireup/internal/targets"

// Measured on moto 5.2.1 and kumo v0.33.1, and read in their EMR
// Serverless sources (moto/emrserverless/models.py, kumo
// internal/service/emrserverless/storage.go).
const (
	motoRunsNoJob = "moto stores the EMR Serverless application but runs no job: StartJobRun reports SUCCESS at once and writes nothing, so verify cannot see the Parquet output"
	kumoRunsNoJob = "kumo stores the EMR Serverless application but runs no job: a job run stays RUNNING forever (destroy cancels it) and writes nothing"
	localStackEMR = "EMR Serverless is in a paid LocalStack tier in its mid-2025 docs, and wireup has not measured it there"
)

// Targets are the capability rows of the hops the EMR package owns: EMR
// Serverless reading S3, the Data Catalog or DynamoDB, and writing S3.
func Targets() targets.Rows {
	row := targets.Row{
		targets.Moto:       targets.Wired(motoRunsNoJob),
		targets.Kumo:       targets.Wired(kumoRunsNoJob),
		targets.LocalStack: targets.Refused(localStackEMR, "EMR Serverless is in a paid LocalStack tier"),
	}
	// glue-to-emr on kumo: the route's crawler (s3-to-glue) cannot deploy
	// there; its own row says so.
	return targets.Rows{"s3-to-emr": row, "emr-to-s3": row, "glue-to-emr": row, "dynamodb-to-emr": row}
}
