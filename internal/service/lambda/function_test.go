package lambda

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/lambda/eventsource"
)

// fakeFunctions records the calls Ensure makes. createErrs are the
// errors of the first CreateFunction calls; a function that exists is
// returned untagged and ready. The embedded interface panics on any other
// call.
type fakeFunctions struct {
	FunctionAPI
	createErrs []error
	calls      []string
}

func (f *fakeFunctions) CreateFunction(_ context.Context, in *lambda.CreateFunctionInput, _ ...func(*lambda.Options)) (*lambda.CreateFunctionOutput, error) {
	f.calls = append(f.calls, "CreateFunction")
	if len(f.createErrs) > 0 {
		err := f.createErrs[0]
		f.createErrs = f.createErrs[1:]
		return nil, err
	}
	return &lambda.CreateFunctionOutput{FunctionArn: aws.String("arn:fn:" + aws.ToString(in.FunctionName))}, nil
}

func (f *fakeFunctions) GetFunction(_ context.Context, in *lambda.GetFunctionInput, _ ...func(*lambda.Options)) (*lambda.GetFunctionOutput, error) {
	f.calls = append(f.calls, "GetFunction")
	return &lambda.GetFunctionOutput{Configuration: &lambdatypes.FunctionConfiguration{FunctionArn: aws.String("arn:fn:" + aws.ToString(in.FunctionName)),
		State: lambdatypes.StateActive, LastUpdateStatus: lambdatypes.LastUpdateStatusSuccessful}}, nil
}

func (f *fakeFunctions) UpdateFunctionCode(_ context.Context, _ *lambda.UpdateFunctionCodeInput, _ ...func(*lambda.Options)) (*lambda.UpdateFunctionCodeOutput, error) {
	f.calls = append(f.calls, "UpdateFunctionCode")
	return &lambda.UpdateFunctionCodeOutput{}, nil
}

// retry is the engine's retry without its wait: fn again while transient.
func retry(_ context.Context, transient func(error) bool, fn func() error) error {
	for {
		if err := fn(); err == nil || !transient(err) {
			return err
		}
	}
}

// A function is created with its package, retried while Lambda cannot
// assume the new role yet. A deploy interrupted after CreateFunction
// leaves a function the state records: the next deploy updates its code
// instead of calling the name taken. An untagged function the state does
// not record stays someone else's.
func TestFunctionEnsure(t *testing.T) {
	p := unitPlan(t, []string{"kinesis-to-lambda"})
	r := p.Resource(plan.IDFunction)
	in := map[string]string{"role": "arn:aws:iam::123456789012:role/demo-role"}
	for k, v := range r.Settings {
		in[k] = v
	}
	conflict := &smithy.GenericAPIError{Code: "ResourceConflictException", Message: "Function already exist: " + r.Name}
	notAssumable := &smithy.GenericAPIError{Code: "InvalidParameterValueException", Message: "The role defined for the function cannot be assumed by Lambda."}
	tests := []struct {
		name        string
		createErrs  []error
		recorded    bool
		artifact    []byte
		wantCalls   []string
		wantCreated bool
		wantErr     string
		wantTaken   bool
	}{
		{name: "new", artifact: []byte("zip"),
			wantCalls: []string{"CreateFunction", "GetFunction"}, wantCreated: true},
		{name: "role not assumable yet", artifact: []byte("zip"), createErrs: []error{notAssumable},
			wantCalls: []string{"CreateFunction", "CreateFunction", "GetFunction"}, wantCreated: true},
		{name: "untagged, not in the state", artifact: []byte("zip"), createErrs: []error{conflict},
			wantCalls: []string{"CreateFunction", "GetFunction"}, wantTaken: true},
		{name: "untagged, in the state", artifact: []byte("zip"), createErrs: []error{conflict}, recorded: true,
			wantCalls: []string{"CreateFunction", "GetFunction", "UpdateFunctionCode", "GetFunction", "GetFunction"}},
		{name: "not built", wantErr: "no deployment package for " + r.Name + ": build ./cmd/handler first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeFunctions{createErrs: tt.createErrs}
			var created map[string]string
			req := &service.Request{Env: service.Env{Retry: retry}, Plan: p, Resource: r, Inputs: in, Artifact: tt.artifact,
				Recorded: tt.recorded, Created: func(o map[string]string) { created = o }}
			out, err := NewFunction(f).Ensure(context.Background(), req)
			switch {
			case tt.wantTaken:
				if !errors.Is(err, service.ErrNameTaken) {
					t.Errorf("Ensure: %v, want name taken", err)
				}
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Ensure: %v, want %q", err, tt.wantErr)
				}
			case err != nil:
				t.Fatalf("Ensure: %v", err)
			default:
				want := map[string]string{"name": r.Name, "arn": "arn:fn:" + r.Name}
				if d := cmp.Diff(want, out); d != "" {
					t.Errorf("outputs (-want +got):\n%s", d)
				}
				if tt.wantCreated && !cmp.Equal(want, created) {
					t.Errorf("reported created %v, want %v", created, want)
				}
			}
			if d := cmp.Diff(tt.wantCalls, f.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
}

// pagedLambda serves ListFunctions and ListEventSourceMappings in two
// pages: an unrelated function on the first, the project's on the second.
// The embedded interface panics on any other call.
type pagedLambda struct{ FunctionAPI }

func (pagedLambda) ListFunctions(_ context.Context, in *lambda.ListFunctionsInput, _ ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &lambda.ListFunctionsOutput{Functions: []lambdatypes.FunctionConfiguration{{FunctionName: aws.String("other-fn"), FunctionArn: aws.String("arn:fn:other-fn")}},
			NextMarker: aws.String(nextPage)}, nil
	}
	return &lambda.ListFunctionsOutput{Functions: []lambdatypes.FunctionConfiguration{{FunctionName: aws.String("demo-fn"), FunctionArn: aws.String("arn:fn:demo-fn")}}}, nil
}

func (pagedLambda) ListTags(_ context.Context, _ *lambda.ListTagsInput, _ ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	return &lambda.ListTagsOutput{Tags: ownerTag}, nil
}

func (pagedLambda) ListEventSourceMappings(_ context.Context, in *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: aws.String("uuid-1")}}, NextMarker: aws.String(nextPage)}, nil
	}
	return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: aws.String("uuid-2")}}}, nil
}

// The function listing follows its pages to the end, and so does the
// listing of a found function's mappings.
func TestFunctionListFollowsPages(t *testing.T) {
	ctx := context.Background()
	fn := NewFunction(pagedLambda{})
	got, err := fn.List(ctx, &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		tags, err := l.Tags(ctx)
		if err != nil || !service.OwnedBy(tags, "demo") {
			t.Errorf("%s: tags %v, %v", l.Name, tags, err)
		}
		names = append(names, l.Name)
	}
	if d := cmp.Diff([]string{"other-fn", "demo-fn"}, names); d != "" {
		t.Errorf("listed functions (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"name": "demo-fn", "arn": "arn:fn:demo-fn"}, got[1].Outputs); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	var uuids []string
	for _, c := range fn.Children(ctx, found("demo-fn")) {
		uuids = append(uuids, c.State.Outputs["uuid"])
	}
	if d := cmp.Diff([]string{"uuid-1", "uuid-2"}, uuids); d != "" {
		t.Errorf("children (-want +got):\n%s", d)
	}
}

// found is the project's function name as Discover reports it.
func found(name string) *service.Found {
	return &service.Found{Owned: true, State: &service.Record{ID: plan.IDFunction, Kind: string(plan.KindFunction), Name: name,
		Outputs: map[string]string{"name": name, "arn": "arn:fn:" + name}}}
}

// A found function reports every mapping it has as a child to delete
// before it, not only the one the state records: deleting them and then
// the function leaves nothing.
func TestFunctionChildrenAreEveryMapping(t *testing.T) {
	ctx := context.Background()
	fake := &mappedLambda{exists: true, mappings: []string{"uuid-1", "uuid-2"}, deleting: map[string]int{}}
	fn, m := NewFunction(fake), eventsource.New(fake)
	parent := found("demo-fn")
	children := fn.Children(ctx, parent)
	mapping := func(u string) *service.Found {
		return &service.Found{Owned: true, State: &service.Record{ID: eventsource.ID(u), Kind: string(plan.KindEventSourceMapping), Name: "demo-fn",
			DependsOn: []string{plan.IDFunction}, Outputs: map[string]string{"uuid": u}}}
	}
	if d := cmp.Diff([]*service.Found{mapping("uuid-1"), mapping("uuid-2")}, children); d != "" {
		t.Fatalf("children (-want +got):\n%s", d)
	}
	for _, c := range children {
		if err := m.Delete(ctx, service.Env{}, c.State); err != nil {
			t.Fatal(err)
		}
	}
	if err := fn.Delete(ctx, service.Env{}, parent.State); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"mapping uuid-1", "mapping uuid-2", "function demo-fn"}, fake.deleted); d != "" {
		t.Errorf("deleted (-want +got):\n%s", d)
	}
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDFunction, Kind: plan.KindFunction, Name: "demo-fn"}}}
	left, err := fn.Leftovers(ctx, p, []*service.Record{parent.State}, nil)
	if err != nil || len(left) != 0 {
		t.Errorf("leftovers after deleting every mapping: %v, %v", left, err)
	}
}

// notFound is how Lambda answers for a function or mapping it does not
// have.
var notFound = &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The resource you requested does not exist."}

// mappedLambda is an account with one function, demo-fn, and event source
// mappings on it. As on Lambda, deleting the function keeps its mappings,
// they are still listed by the function's name, and a deleted mapping is
// returned a while longer. It records deletes; the embedded interface
// panics on any other call.
type mappedLambda struct {
	FunctionAPI
	eventsource.API
	exists   bool // the function
	mappings []string
	deleting map[string]int // reads left before a deleted mapping is gone
	deleted  []string
}

func (f *mappedLambda) ListEventSourceMappings(_ context.Context, in *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	out := &lambda.ListEventSourceMappingsOutput{}
	if aws.ToString(in.FunctionName) == "demo-fn" {
		for _, u := range f.mappings {
			out.EventSourceMappings = append(out.EventSourceMappings, lambdatypes.EventSourceMappingConfiguration{UUID: aws.String(u)})
		}
	}
	return out, nil
}

func (f *mappedLambda) GetEventSourceMapping(_ context.Context, in *lambda.GetEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	u := aws.ToString(in.UUID)
	if f.deleting[u] > 0 {
		f.deleting[u]--
		return &lambda.GetEventSourceMappingOutput{UUID: in.UUID, State: aws.String("Deleting")}, nil
	}
	if !slices.Contains(f.mappings, u) {
		return nil, notFound
	}
	return &lambda.GetEventSourceMappingOutput{UUID: in.UUID}, nil
}

func (f *mappedLambda) DeleteEventSourceMapping(_ context.Context, in *lambda.DeleteEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.DeleteEventSourceMappingOutput, error) {
	u := aws.ToString(in.UUID)
	if !slices.Contains(f.mappings, u) {
		return nil, notFound
	}
	f.mappings = slices.DeleteFunc(f.mappings, func(m string) bool { return m == u })
	f.deleting[u] = 1
	f.deleted = append(f.deleted, "mapping "+u)
	return &lambda.DeleteEventSourceMappingOutput{}, nil
}

func (f *mappedLambda) DeleteFunction(_ context.Context, in *lambda.DeleteFunctionInput, _ ...func(*lambda.Options)) (*lambda.DeleteFunctionOutput, error) {
	f.exists = false
	f.deleted = append(f.deleted, "function "+aws.ToString(in.FunctionName))
	return &lambda.DeleteFunctionOutput{}, nil
}

// failingMappings fails every ListEventSourceMappings call with err.
type failingMappings struct {
	FunctionAPI
	err error
}

func (f failingMappings) ListEventSourceMappings(context.Context, *lambda.ListEventSourceMappingsInput, ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	return nil, f.err
}

// After destroy, the mappings of a function that is gone are listed by its
// name: Lambda keeps them, and Discover reaches mappings only through a
// listed function.
func TestFunctionLeftoversAreOrphanMappings(t *testing.T) {
	ctx := context.Background()
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDFunction, Kind: plan.KindFunction, Name: "demo-fn"}}}
	orphan := &service.Found{State: &service.Record{ID: eventsource.ID("uuid-3"), Kind: string(plan.KindEventSourceMapping), Name: "demo-fn",
		Outputs: map[string]string{"uuid": "uuid-3"}}}
	tests := []struct {
		name    string
		c       FunctionAPI
		plan    *plan.Plan
		deleted []*service.Record
		left    []*service.Found
		want    []*service.Found
		wantErr string
	}{
		{name: "mapping of the plan's deleted function", c: &mappedLambda{mappings: []string{"uuid-3"}},
			plan: p, want: []*service.Found{orphan}},
		{name: "mapping of a deleted function the plan no longer has", c: &mappedLambda{mappings: []string{"uuid-3"}},
			plan: &plan.Plan{Project: "demo"}, deleted: []*service.Record{found("demo-fn").State}, want: []*service.Found{orphan}},
		{name: "function still there", c: &mappedLambda{exists: true, mappings: []string{"uuid-3"}},
			plan: p, left: []*service.Found{found("demo-fn")}},
		{name: "target cannot list a deleted function's mappings", c: failingMappings{err: notFound}, plan: p},
		{name: "listing fails", c: failingMappings{err: &smithy.GenericAPIError{Code: "ServiceException"}}, plan: p,
			wantErr: "list event source mappings of demo-fn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewFunction(tt.c).Leftovers(ctx, tt.plan, tt.deleted, tt.left)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Leftovers: %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("leftovers (-want +got):\n%s", d)
			}
		})
	}
}
