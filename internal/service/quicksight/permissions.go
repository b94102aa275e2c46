package quicksight

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/service/quicksight/account"
)

// Owner actions: what AWS's examples grant the owner of a data source and
// of a dataset
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSource.html,
// https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSet.html,
// https://docs.aws.amazon.com/quicksight/latest/user/sharing-data-sets.html).
var (
	DataSourceOwnerActions = []string{
		"quicksight:DeleteDataSource", "quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions",
		"quicksight:PassDataSource", "quicksight:UpdateDataSource", "quicksight:UpdateDataSourcePermissions",
	}
	DataSetOwnerActions = []string{
		"quicksight:CancelIngestion", "quicksight:CreateIngestion", "quicksight:DeleteDataSet", "quicksight:DescribeDataSet",
		"quicksight:DescribeDataSetPermissions", "quicksight:DescribeIngestion", "quicksight:ListIngestions",
		"quicksight:PassDataSet", "quicksight:UpdateDataSet", "quicksight:UpdateDataSetPermissions",
	}
)

// access is data source id's permissions in account acct, which Drift
// compares and Ensure puts back.
func (d *DataSource) access(ctx context.Context, acct *string, id string) account.Access {
	what := "QuickSight data source " + id
	return account.Access{What: what, Actions: DataSourceOwnerActions,
		Read: func() ([]qstypes.ResourcePermission, error) {
			out, err := d.c.DescribeDataSourcePermissions(ctx, &quicksight.DescribeDataSourcePermissionsInput{AwsAccountId: acct, DataSourceId: aws.String(id)})
			if err != nil {
				return nil, opaque("read the permissions of "+what, err)
			}
			return out.Permissions, nil
		},
		Update: func(grant, revoke []qstypes.ResourcePermission) error {
			_, err := d.c.UpdateDataSourcePermissions(ctx, &quicksight.UpdateDataSourcePermissionsInput{AwsAccountId: acct, DataSourceId: aws.String(id),
				GrantPermissions: grant, RevokePermissions: revoke})
			return err
		}}
}

// access is dataset id's permissions in account acct.
func (d *DataSet) access(ctx context.Context, acct *string, id string) account.Access {
	what := "QuickSight dataset " + id
	return account.Access{What: what, Actions: DataSetOwnerActions,
		Read: func() ([]qstypes.ResourcePermission, error) {
			out, err := d.c.DescribeDataSetPermissions(ctx, &quicksight.DescribeDataSetPermissionsInput{AwsAccountId: acct, DataSetId: aws.String(id)})
			if err != nil {
				return nil, opaque("read the permissions of "+what, err)
			}
			return out.Permissions, nil
		},
		Update: func(grant, revoke []qstypes.ResourcePermission) error {
			_, err := d.c.UpdateDataSetPermissions(ctx, &quicksight.UpdateDataSetPermissionsInput{AwsAccountId: acct, DataSetId: aws.String(id),
				GrantPermissions: grant, RevokePermissions: revoke})
			return err
		}}
}
