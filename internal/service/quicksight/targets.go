package quicksight

import (
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/targets"
)

// Measured on moto 5.2.1 (moto_server, 2026-12-02, aws-sdk-go-v2
// service/quicksight v1.113.0): CreateDataSource answers
// CREATION_SUCCESSFUL (and a second create of the same id succeeds again,
// where AWS answers ResourceExistsException); DescribeDataSource and
// ListDataSources are undecodable (timestamps as strings); CreateDataSet
// succeeds but DescribeDataSet, UpdateDataSet, DeleteDataSet and
// DescribeDataSetPermissions answer an HTML 404; DescribeAccountSubscription
// answers an HTML 404; DescribeUser and DescribeGroup answer
// ResourceNotFoundException (docs/emulators.md). kumo v0.33.1 has no
// QuickSight service: its source has no internal/service/quicksight, and
// the call falls through to the S3 handler (measured in the data-lake
// research). Measured again for redshift-to-quicksight (moto 5.2.1 on
// 2026-12-02, the AWS CLI): CreateDataSource of type REDSHIFT answers
// CREATION_SUCCESSFUL for a cluster id that exists nowhere, and for a
// serverless endpoint with a secret ARN that does not exist; its
// DescribeDataSource echoes the parameters with string timestamps (the Go
// SDK cannot decode them); DescribeDataSourcePermissions,
// UpdateDataSourcePermissions and DescribeDataSetPermissions answer an
// HTML 404; CreateIngestion answers INITIALIZED and DescribeIngestion an
// HTML 500. kumo v0.33.1 answers CreateDataSource with the S3 handler's
// XML InvalidRequest (measured).
const (
	motoNoAccount   = "moto has no QuickSight account API (DescribeAccountSubscription: HTML 404), so deploy stops at the subscription check, and no DescribeDataSet or DeleteDataSet (HTML 404), so a dataset could not be read back or destroyed"
	kumoNone        = "kumo has no QuickSight service"
	dataNever       = "QuickSight queries Athena only when someone opens the dataset; verify checks the data source and dataset on AWS but cannot see data flow"
	dataNeverRS     = "QuickSight queries the warehouse only when someone opens the dataset; verify checks the data source and dataset on AWS but cannot see data flow"
	motoNoAccountRS = "moto has no QuickSight account API (DescribeAccountSubscription: HTML 404), so deploy stops at the subscription check; moto also accepts a REDSHIFT data source for a warehouse that does not exist (CREATION_SUCCESSFUL), has no permissions API (HTML 404) and cannot describe an ingestion (HTML 500)"
)

// Targets are the capability rows of the hops the QuickSight package owns.
func Targets() targets.Rows {
	return targets.Rows{
		athenaHop: {
			targets.Moto:       targets.Refused(motoNoAccount, dataNever),
			targets.Kumo:       targets.Refused(kumoNone, dataNever),
			targets.LocalStack: targets.Refused("QuickSight is not measured on LocalStack; "+glue.LocalStackPaid, dataNever),
		},
		redshiftHop: {
			targets.Moto:       targets.Refused(motoNoAccountRS, dataNeverRS),
			targets.Kumo:       targets.Refused(kumoNone+" (CreateDataSource answers the S3 handler's XML InvalidRequest)", dataNeverRS),
			targets.LocalStack: targets.Refused("QuickSight is not measured on LocalStack", dataNeverRS),
		},
	}
}
