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
// research).
const (
	motoNoAccount = "moto has no QuickSight account API (DescribeAccountSubscription: HTML 404), so deploy stops at the subscription check, and no DescribeDataSet or DeleteDataSet (HTML 404), so a dataset could not be read back or destroyed"
	kumoNone      = "kumo has no QuickSight service"
	dataNever     = "QuickSight queries Athena only when someone opens the dataset; verify checks the data source and dataset on AWS but cannot see data flow"
)

// Targets are the capability rows of the hop the QuickSight package owns.
func Targets() targets.Rows {
	return targets.Rows{"athena-to-quicksight": {
		targets.Moto:       targets.Refused(motoNoAccount, dataNever),
		targets.Kumo:       targets.Refused(kumoNone, dataNever),
		targets.LocalStack: targets.Refused("QuickSight is not measured on LocalStack; "+glue.LocalStackPaid, dataNever),
	}}
}
