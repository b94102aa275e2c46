// Package account is the QuickSight account both QuickSight kinds live
// in: its subscription, the user or group that owns the project's data
// source and dataset, who may use a resource (permissions) and what the
// account holds (listings).
package account

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Doc pages the errors and the README point to.
const (
	// SignUpURL is where an account subscribes to QuickSight.
	SignUpURL = "https://docs.aws.amazon.com/quicksight/latest/user/signing-up.html"
	// ConsoleAccessURL is the console's "Security & permissions" page for
	// the account-wide service role's Athena and S3 access.
	ConsoleAccessURL = "https://docs.aws.amazon.com/quicksight/latest/user/accessing-data-sources.html"
	// UsersURL is where QuickSight users and groups are managed.
	UsersURL = "https://docs.aws.amazon.com/quicksight/latest/user/managing-users.html"
)

// ID is the account id every QuickSight call for the plan names.
func ID(p *plan.Plan) *string { return aws.String(p.Env.AccountID) }

// Of is the account a recorded resource is in, from its ARN.
func Of(rec *service.Record) string {
	if a := rec.Outputs["arn"]; a != "" {
		if parts := strings.Split(a, ":"); len(parts) > 4 {
			return parts[4]
		}
	}
	return rec.Inputs["accountId"]
}

// NotFound is QuickSight's ResourceNotFoundException only: a bare HTTP 404
// is a target without the API (moto answers DescribeDataSet and
// DeleteDataSet with an HTML 404 page), never a resource that is gone.
func NotFound(err error) bool { return service.ErrorCode(err) == "ResourceNotFoundException" }
