package iam

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/spec"
)

// unitPlan plans route for a project named "demo" without any AWS call.
func unitPlan(t *testing.T, route []string) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route, kinesis.SpecDefault, lambda.SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.New(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"}, []plan.Planner{lambda.Planner{}, kinesis.Planner{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// nextPage is the token a paged fake hands out with its first page.
const nextPage = "page-2"

// pageOf returns which page a request with marker asks for; a marker no
// fake handed out fails the request, so a test passes only when the
// listing follows IAM's own way of paging.
func pageOf(marker *string) (int, error) {
	switch aws.ToString(marker) {
	case "":
		return 1, nil
	case nextPage:
		return 2, nil
	}
	return 0, fmt.Errorf("unexpected page marker %q", aws.ToString(marker))
}

// fakeRoles records the calls Ensure makes. A role that exists already
// carries tags; the embedded interface panics on any other call.
type fakeRoles struct {
	RoleAPI
	exists bool
	tags   []iamtypes.Tag
	calls  []string
	policy string // the inline policy put, by name
}

func (f *fakeRoles) CreateRole(_ context.Context, in *iam.CreateRoleInput, _ ...func(*iam.Options)) (*iam.CreateRoleOutput, error) {
	f.calls = append(f.calls, "CreateRole")
	if f.exists {
		return nil, &smithy.GenericAPIError{Code: "EntityAlreadyExists", Message: "Role with name " + aws.ToString(in.RoleName) + " already exists."}
	}
	return &iam.CreateRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, Arn: aws.String("arn:aws:iam::123456789012:role/" + aws.ToString(in.RoleName))}}, nil
}

func (f *fakeRoles) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	f.calls = append(f.calls, "GetRole")
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, Arn: aws.String("arn:aws:iam::123456789012:role/" + aws.ToString(in.RoleName)), Tags: f.tags}}, nil
}

func (f *fakeRoles) UpdateAssumeRolePolicy(_ context.Context, _ *iam.UpdateAssumeRolePolicyInput, _ ...func(*iam.Options)) (*iam.UpdateAssumeRolePolicyOutput, error) {
	f.calls = append(f.calls, "UpdateAssumeRolePolicy")
	return &iam.UpdateAssumeRolePolicyOutput{}, nil
}

func (f *fakeRoles) PutRolePolicy(_ context.Context, in *iam.PutRolePolicyInput, _ ...func(*iam.Options)) (*iam.PutRolePolicyOutput, error) {
	f.calls = append(f.calls, "PutRolePolicy")
	f.policy = aws.ToString(in.PolicyName)
	return &iam.PutRolePolicyOutput{}, nil
}

// A role is created with its inline policy; one that exists and is the
// project's (tagged, or recorded by the state) gets the planned trust and
// policy; an untagged one the state does not record stays someone else's.
func TestRoleEnsure(t *testing.T) {
	p := unitPlan(t, []string{"kinesis-to-lambda"})
	r := p.Resource(plan.IDRoleLambda)
	if len(r.Policy) == 0 {
		t.Fatal("the lambda role has no planned policy")
	}
	owner := []iamtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}
	arn := "arn:aws:iam::123456789012:role/" + r.Name
	tests := []struct {
		name        string
		exists      bool
		tags        []iamtypes.Tag
		recorded    bool
		wantCalls   []string
		wantCreated bool
		wantTaken   bool
	}{
		{name: "new", wantCalls: []string{"CreateRole", "PutRolePolicy", "GetRole"}, wantCreated: true},
		{name: "tagged for the project", exists: true, tags: owner,
			wantCalls: []string{"CreateRole", "GetRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "GetRole"}},
		{name: "untagged, in the state", exists: true, recorded: true,
			wantCalls: []string{"CreateRole", "GetRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "GetRole"}},
		{name: "untagged, not in the state", exists: true,
			wantCalls: []string{"CreateRole", "GetRole"}, wantTaken: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRoles{exists: tt.exists, tags: tt.tags}
			var created map[string]string
			req := &service.Request{Plan: p, Resource: r, Recorded: tt.recorded, Created: func(o map[string]string) { created = o }}
			out, err := NewRole(f).Ensure(context.Background(), req)
			switch {
			case tt.wantTaken:
				if !errors.Is(err, service.ErrNameTaken) {
					t.Errorf("Ensure: %v, want name taken", err)
				}
			case err != nil:
				t.Fatalf("Ensure: %v", err)
			default:
				want := map[string]string{"name": r.Name, "arn": arn}
				if d := cmp.Diff(want, out); d != "" {
					t.Errorf("outputs (-want +got):\n%s", d)
				}
				if tt.wantCreated && !cmp.Equal(want, created) {
					t.Errorf("reported created %v, want %v", created, want)
				}
				if f.policy != RolePolicyName {
					t.Errorf("put inline policy %q, want %q", f.policy, RolePolicyName)
				}
			}
			if d := cmp.Diff(tt.wantCalls, f.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
}

// livePolicies serves a role's trust and inline policy as IAM returns
// them; an empty inline policy is not found.
type livePolicies struct {
	RoleAPI
	trust, inline string
}

func (f livePolicies) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, AssumeRolePolicyDocument: aws.String(f.trust)}}, nil
}

func (f livePolicies) GetRolePolicy(_ context.Context, _ *iam.GetRolePolicyInput, _ ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error) {
	if f.inline == "" {
		return nil, &smithy.GenericAPIError{Code: "NoSuchEntity"}
	}
	return &iam.GetRolePolicyOutput{PolicyDocument: aws.String(f.inline)}, nil
}

// Status reports a role whose trust or inline policy was edited or
// deleted by hand; IAM's URL-encoding of the same policy is no drift.
func TestRoleDrift(t *testing.T) {
	p := unitPlan(t, []string{"kinesis-to-lambda"})
	r := p.Resource(plan.IDRoleLambda)
	trust, inline := string(r.Trust), string(r.Policy)
	for _, tt := range []struct {
		name string
		live livePolicies
		want string
	}{
		{"as planned", livePolicies{trust: trust, inline: inline}, ""},
		{"url-encoded", livePolicies{trust: url.PathEscape(trust), inline: url.PathEscape(inline)}, ""},
		{"trust edited", livePolicies{trust: `{"Statement":[]}`, inline: inline}, "the trust policy was changed outside wireup"},
		{"policy edited", livePolicies{trust: trust, inline: `{"Statement":[]}`}, "the inline policy was changed outside wireup"},
		{"policy deleted", livePolicies{trust: trust}, "the inline policy wireup was deleted outside wireup"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewRole(tt.live).Drift(context.Background(), service.Env{}, r, &service.Record{})
			if err != nil || got != tt.want {
				t.Errorf("drift = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

// pagedRolePolicies lists a role's inline policies in two pages and
// records what is deleted.
type pagedRolePolicies struct {
	RoleAPI
	deleted []string
}

func (f *pagedRolePolicies) ListRolePolicies(_ context.Context, in *iam.ListRolePoliciesInput, _ ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &iam.ListRolePoliciesOutput{PolicyNames: []string{"wireup"}, IsTruncated: true, Marker: aws.String(nextPage)}, nil
	}
	return &iam.ListRolePoliciesOutput{PolicyNames: []string{"added-by-hand"}}, nil
}

func (f *pagedRolePolicies) DeleteRolePolicy(_ context.Context, in *iam.DeleteRolePolicyInput, _ ...func(*iam.Options)) (*iam.DeleteRolePolicyOutput, error) {
	f.deleted = append(f.deleted, "policy "+aws.ToString(in.PolicyName))
	return &iam.DeleteRolePolicyOutput{}, nil
}

func (f *pagedRolePolicies) DeleteRole(_ context.Context, in *iam.DeleteRoleInput, _ ...func(*iam.Options)) (*iam.DeleteRoleOutput, error) {
	f.deleted = append(f.deleted, "role "+aws.ToString(in.RoleName))
	return &iam.DeleteRoleOutput{}, nil
}

// Deleting a role deletes the inline policies of every page first: IAM
// refuses to delete a role that still has one.
func TestRoleDeleteDeletesEveryPolicyPage(t *testing.T) {
	fake := &pagedRolePolicies{}
	if err := NewRole(fake).Delete(context.Background(), service.Env{}, &service.Record{Kind: string(plan.KindRole), Name: "demo-role"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"policy wireup", "policy added-by-hand", "role demo-role"}
	if diff := cmp.Diff(want, fake.deleted); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// pagedIAM serves ListRoles in two pages, an unrelated role on the first
// and the project's on the second, and the project tag through GetRole.
type pagedIAM struct{ RoleAPI }

func (pagedIAM) ListRoles(_ context.Context, in *iam.ListRolesInput, _ ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &iam.ListRolesOutput{Roles: []iamtypes.Role{{RoleName: aws.String("other-role"), Arn: aws.String("arn:aws:iam::000000000000:role/other-role")}},
			IsTruncated: true, Marker: aws.String(nextPage)}, nil
	}
	return &iam.ListRolesOutput{Roles: []iamtypes.Role{{RoleName: aws.String("demo-role"), Arn: aws.String("arn:aws:iam::000000000000:role/demo-role")}}}, nil
}

func (pagedIAM) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	if aws.ToString(in.RoleName) != "demo-role" {
		return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName}}, nil
	}
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, Tags: []iamtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}}, nil
}

// The role listing follows its pages to the end, and reads each role's
// tags through GetRole.
func TestRoleListFollowsPages(t *testing.T) {
	ctx := context.Background()
	got, err := NewRole(pagedIAM{}).List(ctx, &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		Name    string
		Outputs map[string]string
		Owned   bool
	}
	var items []item
	for _, l := range got {
		tags, err := l.Tags(ctx)
		if err != nil {
			t.Fatalf("%s: tags: %v", l.Name, err)
		}
		items = append(items, item{l.Name, l.Outputs, service.OwnedBy(tags, "demo")})
	}
	want := []item{
		{"other-role", map[string]string{"name": "other-role", "arn": "arn:aws:iam::000000000000:role/other-role"}, false},
		{"demo-role", map[string]string{"name": "demo-role", "arn": "arn:aws:iam::000000000000:role/demo-role"}, true},
	}
	if d := cmp.Diff(want, items); d != "" {
		t.Errorf("listed roles (-want +got):\n%s", d)
	}
}
