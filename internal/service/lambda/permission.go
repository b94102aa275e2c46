package lambda

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// PermissionAPI is the part of the Lambda client the permission kind uses.
type PermissionAPI interface {
	AddPermission(ctx context.Context, in *lambda.AddPermissionInput, optFns ...func(*lambda.Options)) (*lambda.AddPermissionOutput, error)
	GetPolicy(ctx context.Context, in *lambda.GetPolicyInput, optFns ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error)
	RemovePermission(ctx context.Context, in *lambda.RemovePermissionInput, optFns ...func(*lambda.Options)) (*lambda.RemovePermissionOutput, error)
}

// Permission is the lambda.permission kind: the statement of the
// function's resource policy that lets a service (S3, SNS, IoT) invoke
// the route's function.
type Permission struct{ c PermissionAPI }

// NewPermission returns the permission kind on c.
func NewPermission(c PermissionAPI) *Permission { return &Permission{c: c} }

var _ service.Typed = (*Permission)(nil)

// PermissionSettings are a permission's settings: the statement the
// planner writes (plan.Builder.SetPermission) and the function, resolved
// at apply.
type PermissionSettings struct {
	FunctionName  string `setting:"functionName"`
	StatementID   string `setting:"statementId"`
	Principal     string `setting:"principal"`
	SourceARN     string `setting:"sourceArn"`
	SourceAccount string `setting:"sourceAccount"`
}

// NewSettings implements service.Typed.
func (*Permission) NewSettings() any { return &PermissionSettings{} }

// Kind implements service.Provider.
func (*Permission) Kind() plan.Kind { return plan.KindPermission }

// Ensure implements service.Provider. A statement that is there already
// (ResourceConflictException) is the one wanted: its id is the plan's.
func (pm *Permission) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	in, err := service.DecodeFor[PermissionSettings](plan.KindPermission, req.Resource.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	_, err = pm.c.AddPermission(ctx, &lambda.AddPermissionInput{
		FunctionName: aws.String(in.FunctionName), StatementId: aws.String(in.StatementID),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String(in.Principal),
		SourceArn: aws.String(in.SourceARN), SourceAccount: aws.String(in.SourceAccount),
	})
	if err != nil && service.ErrorCode(err) != "ResourceConflictException" {
		return nil, fmt.Errorf("add permission: %w", err)
	}
	return map[string]string{"functionName": in.FunctionName, "statementId": in.StatementID}, nil
}

// Exists implements service.Provider: the function's policy holds the
// statement.
func (pm *Permission) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	in, err := service.DecodeFor[PermissionSettings](plan.KindPermission, rec.Name, rec.Inputs)
	if err != nil {
		return false, err
	}
	out, err := pm.c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(in.FunctionName)})
	if err != nil {
		return service.Exists(err)
	}
	return strings.Contains(aws.ToString(out.Policy), in.StatementID), nil
}

// Drift implements service.Provider: nothing is compared (a statement
// that is gone shows in Exists).
func (*Permission) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider.
func (pm *Permission) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	in, err := service.DecodeFor[PermissionSettings](plan.KindPermission, rec.Name, rec.Inputs)
	if err != nil {
		return err
	}
	_, err = pm.c.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(in.FunctionName), StatementId: aws.String(in.StatementID)})
	return err
}
