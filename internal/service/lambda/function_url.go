package lambda

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// FunctionURLAPI is the part of the Lambda client the function URL kind
// uses.
type FunctionURLAPI interface {
	CreateFunctionUrlConfig(ctx context.Context, in *lambda.CreateFunctionUrlConfigInput, optFns ...func(*lambda.Options)) (*lambda.CreateFunctionUrlConfigOutput, error)
	GetFunctionUrlConfig(ctx context.Context, in *lambda.GetFunctionUrlConfigInput, optFns ...func(*lambda.Options)) (*lambda.GetFunctionUrlConfigOutput, error)
	DeleteFunctionUrlConfig(ctx context.Context, in *lambda.DeleteFunctionUrlConfigInput, optFns ...func(*lambda.Options)) (*lambda.DeleteFunctionUrlConfigOutput, error)
	AddPermission(ctx context.Context, in *lambda.AddPermissionInput, optFns ...func(*lambda.Options)) (*lambda.AddPermissionOutput, error)
	RemovePermission(ctx context.Context, in *lambda.RemovePermissionInput, optFns ...func(*lambda.Options)) (*lambda.RemovePermissionOutput, error)
}

// FunctionURL is the lambda.function-url kind: a public HTTPS endpoint of
// a function (AuthType NONE: the function authenticates the caller
// itself, as the Firehose HTTP endpoint receiver does with its access
// key), and the two statements of the function's resource policy that
// let anyone call it. Since October 2025 a new function URL needs both
// lambda:InvokeFunctionUrl (with lambda:FunctionUrlAuthType NONE) and
// lambda:InvokeFunction for principal *
// (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
type FunctionURL struct{ c FunctionURLAPI }

// NewFunctionURL returns the function URL kind on c.
func NewFunctionURL(c FunctionURLAPI) *FunctionURL { return &FunctionURL{c: c} }

var _ service.Typed = (*FunctionURL)(nil)

// FunctionURLSettings are a function URL's settings: the function it
// fronts, resolved at apply.
type FunctionURLSettings struct {
	FunctionName string `setting:"functionName"`
}

// NewSettings implements service.Typed.
func (*FunctionURL) NewSettings() any { return &FunctionURLSettings{} }

// Kind implements service.Provider.
func (*FunctionURL) Kind() plan.Kind { return plan.KindFunctionURL }

// Statement ids of the function URL's two resource-policy statements.
const (
	URLStatementID    = "wireup-function-url"
	InvokeStatementID = "wireup-function-url-invoke"
)

// urlPermissions are the two AddPermission calls of a public function
// URL on function fn.
func urlPermissions(fn string) []*lambda.AddPermissionInput {
	return []*lambda.AddPermissionInput{
		{FunctionName: aws.String(fn), StatementId: aws.String(URLStatementID), Action: aws.String("lambda:InvokeFunctionUrl"),
			Principal: aws.String("*"), FunctionUrlAuthType: lambdatypes.FunctionUrlAuthTypeNone},
		{FunctionName: aws.String(fn), StatementId: aws.String(InvokeStatementID), Action: aws.String("lambda:InvokeFunction"),
			Principal: aws.String("*")},
	}
}

// Ensure implements service.Provider. A URL or a statement that is there
// already (ResourceConflictException) is the one wanted.
func (u *FunctionURL) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	s, err := service.DecodeFor[FunctionURLSettings](plan.KindFunctionURL, req.Resource.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	fn := s.FunctionName
	out, err := u.c.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: lambdatypes.FunctionUrlAuthTypeNone})
	var url string
	switch {
	case err == nil:
		url = aws.ToString(out.FunctionUrl)
		req.Created(map[string]string{"functionName": fn, "url": url})
	case service.ErrorCode(err) == "ResourceConflictException":
		got, gerr := u.c.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		if gerr != nil {
			return nil, fmt.Errorf("read function URL of %s: %w", fn, gerr)
		}
		if got.AuthType != lambdatypes.FunctionUrlAuthTypeNone {
			return nil, fmt.Errorf("function %s has a URL with auth type %s: Firehose cannot sign its requests. Delete it (`aws lambda delete-function-url-config --function-name %s`) and deploy again", fn, got.AuthType, fn)
		}
		url = aws.ToString(got.FunctionUrl)
	default:
		return nil, fmt.Errorf("create function URL: %w", err)
	}
	for _, p := range urlPermissions(fn) {
		if _, err := u.c.AddPermission(ctx, p); err != nil && service.ErrorCode(err) != "ResourceConflictException" {
			return nil, fmt.Errorf("add permission %s to function %s: %w", aws.ToString(p.Action), fn, err)
		}
	}
	return map[string]string{"functionName": fn, "url": url}, nil
}

// Exists implements service.Provider.
func (u *FunctionURL) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	s, err := service.DecodeFor[FunctionURLSettings](plan.KindFunctionURL, rec.Name, rec.Inputs)
	if err != nil {
		return false, err
	}
	_, err = u.c.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(s.FunctionName)})
	return service.Exists(err)
}

// Drift implements service.Provider: a URL someone switched to AWS_IAM
// auth refuses Firehose, which cannot sign.
func (u *FunctionURL) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	s, err := service.DecodeFor[FunctionURLSettings](plan.KindFunctionURL, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	got, err := u.c.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(s.FunctionName)})
	if err != nil {
		return "", err
	}
	if got.AuthType != lambdatypes.FunctionUrlAuthTypeNone {
		return fmt.Sprintf("auth type is %s, not NONE: Firehose cannot call it", got.AuthType), nil
	}
	return "", nil
}

// Delete implements service.Provider: the two statements, then the URL.
func (u *FunctionURL) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	s, err := service.DecodeFor[FunctionURLSettings](plan.KindFunctionURL, rec.Name, rec.Inputs)
	if err != nil {
		return err
	}
	fn := s.FunctionName
	for _, id := range []string{URLStatementID, InvokeStatementID} {
		if _, err := u.c.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String(id)}); err != nil && !service.IsNotFound(err) {
			return fmt.Errorf("remove permission %s: %w", id, err)
		}
	}
	_, err = u.c.DeleteFunctionUrlConfig(ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(fn)})
	if err != nil && strings.Contains(service.ErrorMessage(err), "does not exist") {
		return nil
	}
	return err
}
