package lambda

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeURL records the calls; the URL exists already on the second
// create, and so do the statements.
type fakeURL struct {
	FunctionURLAPI
	creates int
	perms   []string
	removed []string
	auth    lambdatypes.FunctionUrlAuthType
	deleted bool
}

func (f *fakeURL) CreateFunctionUrlConfig(_ context.Context, in *lambda.CreateFunctionUrlConfigInput, _ ...func(*lambda.Options)) (*lambda.CreateFunctionUrlConfigOutput, error) {
	f.creates++
	f.auth = in.AuthType
	if f.creates > 1 {
		return nil, &smithy.GenericAPIError{Code: "ResourceConflictException", Message: "exists"}
	}
	return &lambda.CreateFunctionUrlConfigOutput{FunctionUrl: aws.String("https://abc.lambda-url.us-east-1.on.aws/"), AuthType: in.AuthType}, nil
}

func (f *fakeURL) GetFunctionUrlConfig(context.Context, *lambda.GetFunctionUrlConfigInput, ...func(*lambda.Options)) (*lambda.GetFunctionUrlConfigOutput, error) {
	return &lambda.GetFunctionUrlConfigOutput{FunctionUrl: aws.String("https://abc.lambda-url.us-east-1.on.aws/"), AuthType: f.auth}, nil
}

func (f *fakeURL) AddPermission(_ context.Context, in *lambda.AddPermissionInput, _ ...func(*lambda.Options)) (*lambda.AddPermissionOutput, error) {
	f.perms = append(f.perms, aws.ToString(in.Action)+" "+aws.ToString(in.Principal)+" "+string(in.FunctionUrlAuthType))
	if f.creates > 1 {
		return nil, &smithy.GenericAPIError{Code: "ResourceConflictException", Message: "exists"}
	}
	return &lambda.AddPermissionOutput{}, nil
}

func (f *fakeURL) RemovePermission(_ context.Context, in *lambda.RemovePermissionInput, _ ...func(*lambda.Options)) (*lambda.RemovePermissionOutput, error) {
	f.removed = append(f.removed, aws.ToString(in.StatementId))
	return &lambda.RemovePermissionOutput{}, nil
}

func (f *fakeURL) DeleteFunctionUrlConfig(context.Context, *lambda.DeleteFunctionUrlConfigInput, ...func(*lambda.Options)) (*lambda.DeleteFunctionUrlConfigOutput, error) {
	f.deleted = true
	return &lambda.DeleteFunctionUrlConfigOutput{}, nil
}

// A function URL is public (auth NONE) with both statements AWS requires
// since October 2025; a re-deploy adopts it; Drift sees AWS_IAM; Delete
// removes the statements, then the URL.
func TestFunctionURL(t *testing.T) {
	f := &fakeURL{}
	u := NewFunctionURL(f)
	for range 2 {
		req := &service.Request{Resource: &plan.Resource{Kind: plan.KindFunctionURL, Name: "demo-receiver"}, Inputs: map[string]string{"functionName": "demo-receiver"}, Created: func(map[string]string) {}}
		out, err := u.Ensure(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if out["url"] != "https://abc.lambda-url.us-east-1.on.aws/" {
			t.Errorf("url = %q", out["url"])
		}
	}
	want := []string{"lambda:InvokeFunctionUrl * NONE", "lambda:InvokeFunction * "}
	if d := cmp.Diff(append(want, want...), f.perms); d != "" || f.auth != lambdatypes.FunctionUrlAuthTypeNone {
		t.Errorf("permissions (-want +got):\n%s", d)
	}
	rec := &service.Record{Inputs: map[string]string{"functionName": "demo-receiver"}}
	if d, err := u.Drift(context.Background(), service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("drift on NONE: %q, %v", d, err)
	}
	f.auth = lambdatypes.FunctionUrlAuthTypeAwsIam
	if d, _ := u.Drift(context.Background(), service.Env{}, nil, rec); d == "" {
		t.Error("no drift on AWS_IAM")
	}
	if err := u.Delete(context.Background(), service.Env{}, rec); err != nil || !f.deleted {
		t.Fatalf("delete: %v", err)
	}
	if d := cmp.Diff([]string{URLStatementID, InvokeStatementID}, f.removed); d != "" {
		t.Errorf("removed (-want +got):\n%s", d)
	}
}
