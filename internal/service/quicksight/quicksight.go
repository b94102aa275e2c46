// Package quicksight is Amazon QuickSight (in the AWS console now "Amazon
// Quick Sight" in Amazon Quick Suite; the API is still quicksight) for
// wireup: a data source over the route's Athena workgroup or Redshift
// warehouse and a dataset over the route's table, both owned by one
// QuickSight user or group.
//
// QuickSight is an account subscription, billed per user: wireup never
// creates or removes it. Deploy checks it first (DataSource.Precheck, a
// service.Prechecker, with package account) and stops before creating anything of the plan when
// the account has none or the principal is not a QuickSight user or group.
//
// The data source kind serves two engines, one parameters function per
// data source type (package connection): Athena (athena-to-quicksight) and
// Redshift (redshift-to-quicksight: a provisioned cluster signed in with
// IAM, or a serverless workgroup's endpoint signed in with the ARN of its
// database user's secret).
//
// Both kinds report permissions changed outside wireup as drift (the
// owner's actions and nobody else's, account.Access), which the next
// deploy puts back.
package quicksight

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
)

// Kinds are the QuickSight resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := quicksight.NewFromConfig(cfg)
	return []service.Provider{NewDataSource(c), NewDataSet(c)}
}

// RoleOverrideURL documents AthenaParameters.RoleArn: a role for one data
// source in place of the account-wide one.
const RoleOverrideURL = "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_AthenaParameters.html"

// resourceARN is the ARN of a data source ("datasource/ID") or dataset
// ("dataset/ID"), in the form CreateDataSource and CreateDataSet return
// (https://docs.aws.amazon.com/quicksight/latest/user/security_iam_service-with-iam.html).
func resourceARN(env plan.Env, resource string) string {
	return arn.ARN{Partition: env.Partition, Service: "quicksight", Region: env.Region, AccountID: env.AccountID, Resource: resource}.String()
}

// alreadyExists reports QuickSight's answers that the resource is there already:
// ResourceExistsException (and the ConflictException some calls use).
func alreadyExists(err error) bool {
	code := service.ErrorCode(err)
	return code == "ResourceExistsException" || (code == "ConflictException" && strings.Contains(strings.ToLower(service.ErrorMessage(err)), "exist"))
}

// exists is service.Exists for QuickSight: only ResourceNotFoundException
// is gone, and any other error is what (see opaque).
func exists(what string, err error) (bool, error) {
	if account.NotFound(err) {
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
