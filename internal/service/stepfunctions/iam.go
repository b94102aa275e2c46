package stepfunctions

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
)

// RoleInput describes the state machine that runs one crawler, then one
// job.
type RoleInput struct {
	RoleName, StateMachine string
	Crawler, Job           string
}

// logDeliveryActions are what AWS documents a state machine's role needs
// to log to CloudWatch Logs; they support no resource types, so AWS grants
// them on "*" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy).
var logDeliveryActions = []string{
	"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
	"logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
}

// Role returns the state machine's role. Trust: states.amazonaws.com for
// this account's state machine only (aws:SourceAccount, aws:SourceArn:
// https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html).
// Policy: start and read the one crawler (the AWS SDK integration calls
// the API action of its name), run the one job with .sync (StartJobRun,
// and GetJobRun, GetJobRuns, BatchStopJobRun to wait and to stop it:
// https://docs.aws.amazon.com/step-functions/latest/dg/glue-iam.html),
// and log delivery.
func Role(env iam.Env, in RoleInput) (iam.Role, error) {
	what := fmt.Sprintf("state machine role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, f := range []struct{ what, v string }{{"state machine", in.StateMachine}, {"crawler", in.Crawler}, {"job", in.Job}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return iam.Role{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	cond := iam.Condition{}.With("StringEquals", "aws:SourceAccount", env.AccountID).
		With("ArnLike", "aws:SourceArn", env.StateMachineARN(in.StateMachine))
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets state machine %s (this account only) run Glue crawler %s, then Glue job %s, and log its errors.", in.StateMachine, in.Crawler, in.Job),
		Trust:   iam.TrustPolicy("TrustStepFunctions", "states.amazonaws.com", cond),
		Policy: iam.NewDocument(
			iam.AllowStatement("RunCrawler", []string{"glue:GetCrawler", "glue:StartCrawler"}, env.GlueARN("crawler/"+in.Crawler)),
			iam.AllowStatement("RunJob", []string{"glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:StartJobRun"}, env.GlueARN("job/"+in.Job)),
			iam.AllowStatement("DeliverLogs", logDeliveryActions, "*"),
		),
		Notes: []string{
			"The log delivery actions have no resource type, so AWS documents them on \"*\"; they let Step Functions deliver this machine's logs, not read any.",
			"X-Ray tracing is off, so no xray: actions are granted.",
			"Pass the role with iam:PassRole on this role only, to states.amazonaws.com (iam:PassedToService).",
		},
	})
}
