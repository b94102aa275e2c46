// Package quicksight is Amazon QuickSight (in the AWS console now "Amazon
// Quick Sight" in Amazon Quick Suite; the API is still quicksight) for
// wireup: a data source over the route's Athena workgroup or Redshift
// warehouse and a dataset over the route's table, both owned by one
// QuickSight user or group.
//
// QuickSight is an account subscription, billed per user: wireup never
// creates or removes it. Deploy checks it first (Subscription, a
// service.Prechecker) and stops before creating anything of the plan when
// the account has none or the principal is not a QuickSight user or group.
//
// The data source kind serves two engines, one parameters function per
// data source type: athenaSource (athena-to-quicksight) and redshiftSource
// (redshift-to-quicksight: a provisioned cluster signed in with IAM, or a
// serverless workgroup's endpoint signed in with the admin secret's ARN).
//
// Both kinds report permissions changed outside wireup as drift (the
// owner's actions and nobody else's, permissions.go), which the next
// deploy puts back.
package quicksight

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Kinds are the QuickSight resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := quicksight.NewFromConfig(cfg)
	return []service.Provider{NewDataSource(c), NewDataSet(c)}
}

// Doc pages the errors and the README point to.
const (
	// SignUpURL is where an account subscribes to QuickSight.
	SignUpURL = "https://docs.aws.amazon.com/quicksight/latest/user/signing-up.html"
	// ConsoleAccessURL is the console's "Security & permissions" page for
	// the account-wide service role's Athena and S3 access.
	ConsoleAccessURL = "https://docs.aws.amazon.com/quicksight/latest/user/accessing-data-sources.html"
	// RoleOverrideURL documents AthenaParameters.RoleArn: a role for one
	// data source in place of the account-wide one.
	RoleOverrideURL = "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_AthenaParameters.html"
	// UsersURL is where QuickSight users and groups are managed.
	UsersURL = "https://docs.aws.amazon.com/quicksight/latest/user/managing-users.html"
)

// resourceARN is the ARN of a data source ("datasource/ID") or dataset
// ("dataset/ID"), in the form CreateDataSource and CreateDataSet return
// (https://docs.aws.amazon.com/quicksight/latest/user/security_iam_service-with-iam.html).
func resourceARN(env plan.Env, resource string) string {
	return arn.ARN{Partition: env.Partition, Service: "quicksight", Region: env.Region, AccountID: env.AccountID, Resource: resource}.String()
}

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

func permissions(principal string, actions []string) []qstypes.ResourcePermission {
	if principal == "" {
		return nil
	}
	return []qstypes.ResourcePermission{{Principal: aws.String(principal), Actions: actions}}
}

// tags are the plan's tags as QuickSight takes them.
func tags(p *plan.Plan) []qstypes.Tag {
	return service.TagList(p, func(k, v *string) qstypes.Tag { return qstypes.Tag{Key: k, Value: v} })
}

func qsTag(t qstypes.Tag) (*string, *string) { return t.Key, t.Value }

// tagsOf picks the tags from a ListTagsForResource answer.
func tagsOf(out *quicksight.ListTagsForResourceOutput) map[string]string {
	return service.TagsOf(out.Tags, qsTag)
}

// exists reports QuickSight's answers that the resource is there already:
// ResourceExistsException (and the ConflictException some calls use).
func alreadyExists(err error) bool {
	code := service.ErrorCode(err)
	return code == "ResourceExistsException" || (code == "ConflictException" && strings.Contains(strings.ToLower(service.ErrorMessage(err)), "exist"))
}

// notFound is QuickSight's ResourceNotFoundException only: a bare HTTP 404
// is a target without the API (moto answers DescribeDataSet and
// DeleteDataSet with an HTML 404 page), never a resource that is gone.
func notFound(err error) bool { return service.ErrorCode(err) == "ResourceNotFoundException" }

// exists is service.Exists for QuickSight: only ResourceNotFoundException
// is gone, and any other error is what (see opaque).
func exists(what string, err error) (bool, error) {
	if notFound(err) {
		return false, nil
	}
	return err == nil, opaque(what, err)
}

// opaque hides a bare 404 from the engine's not-found check, so a delete
// the target does not implement is an error, not a deletion.
func opaque(what string, err error) error {
	if err != nil && service.ErrorCode(err) == "" && service.HTTPStatus(err) == 404 {
		return fmt.Errorf("%s: the target has no such API (HTTP 404 without a QuickSight error): %v", what, err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// account is the account id every QuickSight call names.
func account(p *plan.Plan) *string { return aws.String(p.Env.AccountID) }

// VPCURL documents the VPC connections QuickSight reaches a private
// warehouse through; wireup creates none.
const VPCURL = "https://docs.aws.amazon.com/quicksight/latest/user/working-with-aws-vpc.html"
