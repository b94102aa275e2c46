package redshiftserverless

import (
	"context"
	"fmt"
	"time"

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
type UsageLimit struct {
	c UsageLimitAPI
	// Wait is the first wait before a create whose answer was lost is
	// tried again.
	Wait time.Duration
}

// NewUsageLimit returns the usage limit kind on c.
func NewUsageLimit(c UsageLimitAPI) *UsageLimit { return &UsageLimit{c: c, Wait: time.Second} }

var (
	_ service.Identifier = (*UsageLimit)(nil)
	_ service.Typed      = (*UsageLimit)(nil)
)

// UsageLimitSettings are the settings of a
// redshift-serverless.usage-limit as the planner writes them, with its
// workgroup's ARN resolved at apply. The limit is always daily and always
// deactivates the workgroup.
type UsageLimitSettings struct {
	RPUHours     int64  `setting:"rpuHours"`
	Period       string `setting:"period"`
	BreachAction string `setting:"breachAction"`
	WorkgroupARN string `setting:"workgroupArn"`
}

// NewSettings implements service.Typed.
func (*UsageLimit) NewSettings() any { return &UsageLimitSettings{} }

// Kind implements service.Provider.
func (*UsageLimit) Kind() plan.Kind { return plan.KindUsageLimit }

// Identity implements service.Identifier: the id Redshift gave it.
func (*UsageLimit) Identity(rec *service.Record) string {
	if id := rec.Outputs["id"]; id != "" {
		return id
	}
	return rec.Name
}

// Ensure implements service.Provider: the workgroup's daily compute limit,
// created, or the existing one set to the plan. CreateUsageLimit takes no
// client token and a usage limit no tags, so the create runs with
// service.CreateOnce: after a lost answer the workgroup's daily limit is
// looked for, and one there is the one just made, not a second.
func (u *UsageLimit) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	var in UsageLimitSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindUsageLimit, req.Resource.Name, err)
	}
	wg := in.WorkgroupARN
	what := "usage limit of Redshift Serverless workgroup " + req.Resource.Name
	if err := refuse(req.Env, what); err != nil {
		return nil, err
	}
	l, err := u.daily(ctx, wg)
	if err != nil {
		return nil, fmt.Errorf("list the usage limits of %s: %w", req.Resource.Name, err)
	}
	if l != nil {
		id := aws.ToString(l.UsageLimitId)
		if aws.ToInt64(l.Amount) != in.RPUHours || l.BreachAction != sltypes.UsageLimitBreachActionDeactivate {
			if _, err := u.c.UpdateUsageLimit(ctx, &redshiftserverless.UpdateUsageLimitInput{UsageLimitId: aws.String(id),
				Amount: aws.Int64(in.RPUHours), BreachAction: sltypes.UsageLimitBreachActionDeactivate}); err != nil {
				return nil, fmt.Errorf("update %s: %w", what, err)
			}
		}
		return map[string]string{"id": id}, nil
	}
	id, err := service.CreateOnce(ctx, u.Wait, func() (string, error) {
		out, err := u.c.CreateUsageLimit(ctx, &redshiftserverless.CreateUsageLimitInput{ResourceArn: aws.String(wg),
			UsageType: sltypes.UsageLimitUsageTypeServerlessCompute, Amount: aws.Int64(in.RPUHours),
			Period: sltypes.UsageLimitPeriodDaily, BreachAction: sltypes.UsageLimitBreachActionDeactivate},
			func(o *redshiftserverless.Options) { o.Retryer = aws.NopRetryer{} })
		if err != nil {
			return "", err
		}
		return aws.ToString(out.UsageLimit.UsageLimitId), nil
	}, func() (string, bool, error) {
		l, err := u.daily(ctx, wg)
		if err != nil || l == nil {
			return "", false, err
		}
		return aws.ToString(l.UsageLimitId), true, nil
	})
	if err != nil {
		return nil, createError(what, err)
	}
	o := map[string]string{"id": id}
	req.Created(o)
	return o, nil
}

// daily is the workgroup's daily compute limit, or nil.
func (u *UsageLimit) daily(ctx context.Context, wg string) (*sltypes.UsageLimit, error) {
	pg := redshiftserverless.NewListUsageLimitsPaginator(u.c, &redshiftserverless.ListUsageLimitsInput{ResourceArn: aws.String(wg), UsageType: sltypes.UsageLimitUsageTypeServerlessCompute})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for i, l := range page.UsageLimits {
			if l.Period == sltypes.UsageLimitPeriodDaily {
				return &page.UsageLimits[i], nil
			}
		}
	}
	return nil, nil
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
	var want UsageLimitSettings
	if err := service.Decode(rec.Inputs, &want); err != nil {
		return "", fmt.Errorf("%s %s: %w", plan.KindUsageLimit, rec.Name, err)
	}
	got, err := u.c.GetUsageLimit(ctx, &redshiftserverless.GetUsageLimitInput{UsageLimitId: aws.String(u.Identity(rec))})
	if err != nil {
		return "", fmt.Errorf("read usage limit %s: %w", u.Identity(rec), err)
	}
	l := got.UsageLimit
	switch {
	case l.BreachAction != sltypes.UsageLimitBreachActionDeactivate:
		return fmt.Sprintf("breach action %s, want deactivate: the workgroup keeps running past the limit", l.BreachAction), nil
	case aws.ToInt64(l.Amount) != want.RPUHours:
		return fmt.Sprintf("limit %d RPU-hours, want %d", aws.ToInt64(l.Amount), want.RPUHours), nil
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
