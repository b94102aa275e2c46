package lambda

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakePolicy is a function's resource policy: AddPermission answers with
// addErr, GetPolicy with policy or, when empty, not found. The embedded
// interface panics on any other call.
type fakePolicy struct {
	PermissionAPI
	addErr  error
	policy  string
	removed []string
}

func (f *fakePolicy) AddPermission(_ context.Context, _ *lambda.AddPermissionInput, _ ...func(*lambda.Options)) (*lambda.AddPermissionOutput, error) {
	return &lambda.AddPermissionOutput{}, f.addErr
}

func (f *fakePolicy) GetPolicy(_ context.Context, _ *lambda.GetPolicyInput, _ ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error) {
	if f.policy == "" {
		return nil, notFound
	}
	return &lambda.GetPolicyOutput{Policy: aws.String(f.policy)}, nil
}

func (f *fakePolicy) RemovePermission(_ context.Context, in *lambda.RemovePermissionInput, _ ...func(*lambda.Options)) (*lambda.RemovePermissionOutput, error) {
	f.removed = append(f.removed, aws.ToString(in.FunctionName)+" "+aws.ToString(in.StatementId))
	return &lambda.RemovePermissionOutput{}, nil
}

// A permission that is there already is kept; any other failure is one.
// It exists while the function's policy holds its statement.
func TestPermission(t *testing.T) {
	ctx := context.Background()
	in := map[string]string{"functionName": "demo-fn", "statementId": "wireup-s3", "principal": "s3.amazonaws.com"}
	want := map[string]string{"functionName": "demo-fn", "statementId": "wireup-s3"}
	for _, tt := range []struct {
		name    string
		addErr  error
		wantErr bool
	}{
		{name: "added"},
		{name: "there already", addErr: &smithy.GenericAPIError{Code: "ResourceConflictException"}},
		{name: "refused", addErr: &smithy.GenericAPIError{Code: "InvalidParameterValueException"}, wantErr: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := NewPermission(&fakePolicy{addErr: tt.addErr}).Ensure(ctx, &service.Request{Resource: &plan.Resource{Kind: plan.KindPermission, Name: "demo-fn"}, Inputs: in})
			if tt.wantErr {
				if err == nil {
					t.Error("Ensure succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, out); d != "" {
				t.Errorf("outputs (-want +got):\n%s", d)
			}
		})
	}

	rec := &service.Record{Inputs: in, Outputs: want}
	for _, tt := range []struct {
		policy string
		want   bool
	}{
		{`{"Statement":[{"Sid":"wireup-s3"}]}`, true},
		{`{"Statement":[{"Sid":"someone-else"}]}`, false},
		{"", false}, // no policy at all: not found
	} {
		if ok, err := NewPermission(&fakePolicy{policy: tt.policy}).Exists(ctx, service.Env{}, rec); ok != tt.want || err != nil {
			t.Errorf("exists with policy %q = %v, %v, want %v", tt.policy, ok, err, tt.want)
		}
	}

	f := &fakePolicy{}
	if err := NewPermission(f).Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"demo-fn wireup-s3"}, f.removed); d != "" {
		t.Errorf("removed (-want +got):\n%s", d)
	}
}
