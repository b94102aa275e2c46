package redshift

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	sltypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// UsageLimitAPI is the part of the Redshift Serverless client the usage
// limit kind uses.
type UsageLimitAPI interface {
	CreateUsageLimit(ctx context.Context, in *redshiftserverless.CreateUsageLimitInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.CreateUsageLimitOutput, error)
	GetUsageLimit(ctx context.Context, in *redshiftserverless.GetUsageLimitInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.GetUsageLimitOutput, error)
	UpdateUsageLimit(ctx context.Context, in *redshiftserverless.UpdateUsageLimitInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.UpdateUsageLimitOutput, error)
	DeleteUsageLimit(ctx context.Context, in *redshiftserverless.DeleteUsageLimitInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.DeleteUsageLimitOutput, error)
	ListUsageLimits(ctx context.Context, in *redshiftserverless.ListUsageLimitsInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.ListUsageLimitsOutput, error)
}

// UsageLimit is the redshift-serverless.usage-limit kind: the daily
// RPU-hours the workgroup may use before Redshift deactivates it (breach
// action deactivate), so a forgotten loop cannot run up a bill
// (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateUsageLimit.html).
// A workgroup has one compute limit per period: an existing one is updated.
type UsageLimit struct{ c UsageLimitAPI }

// NewUsageLimit returns the usage limit kind on c.
func NewUsageLimit(c UsageLimitAPI) *UsageLimit { return &UsageLimit{c: c} }

var _ service.Identifier = (*UsageLimit)(nil)

// Kind implements service.Provider.
func (*UsageLimit) Kind() plan.Kind { return plan.KindUsageLimit }

// Identity implements service.Identifier: the id Redshift gave it.
func (*UsageLimit) Identity(rec *service.Record) string {
	if id := rec.Outputs["id"]; id != "" {
		return id
	}
	return rec.Name
}

func amount(in map[string]string) int64 {
	n, _ := strconv.ParseInt(in["rpuHours"], 10, 64)
	return n
}

// Ensure implements service.Provider: the workgroup's daily compute limit,
// created, or the existing one set to the plan.
func (u *UsageLimit) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	wg, in := req.Inputs["workgroupArn"], req.Inputs
	what := "usage limit of Redshift Serverless workgroup " + req.Resource.Name
	if err := refuse(req.Env, what); err != nil {
		return nil, err
	}
	list, err := u.c.ListUsageLimits(ctx, &redshiftserverless.ListUsageLimitsInput{ResourceArn: aws.String(wg), UsageType: sltypes.UsageLimitUsageTypeServerlessCompute})
	if err != nil {
		return nil, fmt.Errorf("list the usage limits of %s: %w", req.Resource.Name, err)
	}
	for _, l := range list.UsageLimits {
		if l.Period != sltypes.UsageLimitPeriodDaily {
			continue
		}
		id := aws.ToString(l.UsageLimitId)
		if aws.ToInt64(l.Amount) != amount(in) || l.BreachAction != sltypes.UsageLimitBreachActionDeactivate {
			if _, err := u.c.UpdateUsageLimit(ctx, &redshiftserverless.UpdateUsageLimitInput{UsageLimitId: aws.String(id),
				Amount: aws.Int64(amount(in)), BreachAction: sltypes.UsageLimitBreachActionDeactivate}); err != nil {
				return nil, fmt.Errorf("update %s: %w", what, err)
			}
		}
		return map[string]string{"id": id}, nil
	}
	out, err := u.c.CreateUsageLimit(ctx, &redshiftserverless.CreateUsageLimitInput{ResourceArn: aws.String(wg),
		UsageType: sltypes.UsageLimitUsageTypeServerlessCompute, Amount: aws.Int64(amount(in)),
		Period: sltypes.UsageLimitPeriodDaily, BreachAction: sltypes.UsageLimitBreachActionDeactivate})
	if err != nil {
		return nil, createError(what, err)
	}
	o := map[string]string{"id": aws.ToString(out.UsageLimit.UsageLimitId)}
	req.Created(o)
	return o, nil
}

// Exists implements service.Provider.
func (u *UsageLimit) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := u.c.GetUsageLimit(ctx, &redshiftserverless.GetUsageLimitInput{UsageLimitId: aws.String(u.Identity(rec))})
	if service.ErrorCode(err) == codeNotFound {
		return false, nil
	}
	return service.Exists(err)
}

// Drift implements service.Provider: a limit raised, or one that only
// logs or emits a metric, no longer stops the spend.
func (u *UsageLimit) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := u.c.GetUsageLimit(ctx, &redshiftserverless.GetUsageLimitInput{UsageLimitId: aws.String(u.Identity(rec))})
	if err != nil {
		return "", fmt.Errorf("read usage limit %s: %w", u.Identity(rec), err)
	}
	l := got.UsageLimit
	switch {
	case l.BreachAction != sltypes.UsageLimitBreachActionDeactivate:
		return fmt.Sprintf("breach action %s, want deactivate: the workgroup keeps running past the limit", l.BreachAction), nil
	case aws.ToInt64(l.Amount) != amount(rec.Inputs):
		return fmt.Sprintf("limit %d RPU-hours, want %d", aws.ToInt64(l.Amount), amount(rec.Inputs)), nil
	}
	return "", nil
}

// Delete implements service.Provider.
func (u *UsageLimit) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := u.c.DeleteUsageLimit(ctx, &redshiftserverless.DeleteUsageLimitInput{UsageLimitId: aws.String(u.Identity(rec))})
	if service.ErrorCode(err) == codeNotFound {
		return nil
	}
	return err
}
