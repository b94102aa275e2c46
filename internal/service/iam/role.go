package iam

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// RolePolicyName is the name of the inline policy wireup puts on its roles.
const RolePolicyName = "wireup"

// RoleAPI is the part of the IAM client the role kind uses.
type RoleAPI interface {
	CreateRole(ctx context.Context, in *iam.CreateRoleInput, optFns ...func(*iam.Options)) (*iam.CreateRoleOutput, error)
	GetRole(ctx context.Context, in *iam.GetRoleInput, optFns ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	UpdateAssumeRolePolicy(ctx context.Context, in *iam.UpdateAssumeRolePolicyInput, optFns ...func(*iam.Options)) (*iam.UpdateAssumeRolePolicyOutput, error)
	PutRolePolicy(ctx context.Context, in *iam.PutRolePolicyInput, optFns ...func(*iam.Options)) (*iam.PutRolePolicyOutput, error)
	GetRolePolicy(ctx context.Context, in *iam.GetRolePolicyInput, optFns ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error)
	ListRolePolicies(ctx context.Context, in *iam.ListRolePoliciesInput, optFns ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error)
	DeleteRolePolicy(ctx context.Context, in *iam.DeleteRolePolicyInput, optFns ...func(*iam.Options)) (*iam.DeleteRolePolicyOutput, error)
	DeleteRole(ctx context.Context, in *iam.DeleteRoleInput, optFns ...func(*iam.Options)) (*iam.DeleteRoleOutput, error)
	ListRoles(ctx context.Context, in *iam.ListRolesInput, optFns ...func(*iam.Options)) (*iam.ListRolesOutput, error)
}

// Role is the iam.role kind: a role with the plan's trust policy and its
// grants as the inline policy RolePolicyName.
type Role struct{ c RoleAPI }

// NewRole returns the role kind on c.
func NewRole(c RoleAPI) *Role { return &Role{c: c} }

var _ service.Lister = (*Role)(nil)

// Kind implements service.Provider.
func (*Role) Kind() plan.Kind { return plan.KindRole }

var _ service.Typed = (*Role)(nil)

// RoleSettings are a role's settings: none. Its trust and inline policies
// are the plan resource's Trust and Policy, built by the planners.
type RoleSettings struct{}

// NewSettings implements service.Typed.
func (*Role) NewSettings() any { return &RoleSettings{} }

// Always implements service.Lister: roles are listed whatever the plan
// holds.
func (*Role) Always() bool { return true }

// Ensure implements service.Provider.
func (rl *Role) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	c, p, r := rl.c, req.Plan, req.Resource
	tags := service.TagList(p, func(k, v *string) iamtypes.Tag { return iamtypes.Tag{Key: k, Value: v} })
	var roleARN string
	out, err := c.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String(r.Name), AssumeRolePolicyDocument: aws.String(string(r.Trust)), Tags: tags,
		Description: aws.String("wireup " + p.Project + ": " + r.ID),
	})
	switch {
	case err == nil:
		roleARN = aws.ToString(out.Role.Arn)
		req.Created(map[string]string{"name": r.Name, "arn": roleARN})
	case service.ErrorCode(err) == "EntityAlreadyExists":
		got, gerr := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get role: %w", gerr)
		}
		if !req.Owns(service.TagsOf(got.Role.Tags, tag)) {
			return nil, fmt.Errorf("create role: a role named %s exists and is not tagged %s=%s: %w. Rename the role in wireup.yaml", r.Name, plan.TagProject, p.Project, service.ErrNameTaken)
		}
		roleARN = aws.ToString(got.Role.Arn)
		if _, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(r.Name), PolicyDocument: aws.String(string(r.Trust))}); err != nil {
			return nil, fmt.Errorf("update trust policy: %w", err)
		}
	default:
		return nil, fmt.Errorf("create role: %w", err)
	}
	if len(r.Policy) > 0 {
		if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(r.Name), PolicyName: aws.String(RolePolicyName), PolicyDocument: aws.String(string(r.Policy))}); err != nil {
			return nil, fmt.Errorf("put role policy: %w", err)
		}
	}
	w := iam.NewRoleExistsWaiter(c)
	if err := w.Wait(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)}, req.Wait()); err != nil {
		return nil, fmt.Errorf("wait for role: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": roleARN}, nil
}

// Exists implements service.Provider.
func (rl *Role) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := rl.c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(rec.Name)})
	switch {
	case err == nil:
		return true, nil
	case service.IsNotFound(err):
		return false, nil
	}
	return false, err
}

// Drift implements service.Provider: it compares a role's live trust and
// inline policy with the plan: IAM is where a hand edit matters most.
func (rl *Role) Drift(ctx context.Context, _ service.Env, r *plan.Resource, _ *service.Record) (string, error) {
	got, err := rl.c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)})
	if err != nil {
		return "", err
	}
	if !service.SamePolicy(aws.ToString(got.Role.AssumeRolePolicyDocument), r.Trust) {
		return "the trust policy was changed outside wireup", nil
	}
	if len(r.Policy) == 0 {
		return "", nil
	}
	pol, err := rl.c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(r.Name), PolicyName: aws.String(RolePolicyName)})
	if service.IsNotFound(err) {
		return "the inline policy " + RolePolicyName + " was deleted outside wireup", nil
	}
	if err != nil {
		return "", err
	}
	if !service.SamePolicy(aws.ToString(pol.PolicyDocument), r.Policy) {
		return "the inline policy was changed outside wireup", nil
	}
	return "", nil
}

// Delete implements service.Provider.
func (rl *Role) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	c, name := rl.c, aws.String(rec.Name)
	// Inline policies must go before the role (DeleteConflict otherwise).
	// Every page is listed before the first delete, so deleting does
	// not move the marker of the next page.
	var policies []string
	pg := iam.NewListRolePoliciesPaginator(c, &iam.ListRolePoliciesInput{RoleName: name})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list role policies: %w", err)
		}
		policies = append(policies, page.PolicyNames...)
	}
	for _, pn := range policies {
		if _, err := c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(pn)}); err != nil && !service.IsNotFound(err) {
			return fmt.Errorf("delete role policy: %w", err)
		}
	}
	_, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	return err
}

// List implements service.Lister: every role of the account. Roles are on
// path "/"; were wireup to give them a path of their own (/wireup/),
// PathPrefix would narrow this listing to them.
func (rl *Role) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	pg := iam.NewListRolesPaginator(rl.c, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *iam.ListRolesOutput) (out []service.Listed) {
		for _, role := range page.Roles {
			n := aws.ToString(role.RoleName)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": aws.ToString(role.Arn)}, Tags: func(ctx context.Context) (map[string]string, error) {
				// GetRole carries the tags; kumo has no ListRoleTags.
				t, err := rl.c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(n)})
				if err != nil {
					return nil, err
				}
				return service.TagsOf(t.Role.Tags, tag), nil
			}})
		}
		return out
	})
}

// tag reads one IAM tag for service.TagsOf.
func tag(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value }
