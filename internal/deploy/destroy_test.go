package deploy

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	svclambda "github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/lambda/eventsource"
)

// lambdaAPI is what the function and mapping kinds call, for a fake that
// serves both.
type lambdaAPI interface {
	svclambda.FunctionAPI
	eventsource.API
}

// mappedLambda is an account with one function, demo-fn, and event source
// mappings on it. As on Lambda, deleting the function keeps its mappings,
// and they are still listed by the function's name. It records deletes.
type mappedLambda struct {
	lambdaAPI
	mu       sync.Mutex
	exists   bool // the function
	mappings []string
	deleted  []string
}

func (f *mappedLambda) ListFunctions(context.Context, *lambda.ListFunctionsInput, ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &lambda.ListFunctionsOutput{}
	if f.exists {
		out.Functions = []lambdatypes.FunctionConfiguration{{FunctionName: aws.String("demo-fn"), FunctionArn: aws.String("arn:fn:demo-fn")}}
	}
	return out, nil
}

func (f *mappedLambda) ListTags(context.Context, *lambda.ListTagsInput, ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	return &lambda.ListTagsOutput{Tags: ownerTag}, nil
}

func (f *mappedLambda) ListEventSourceMappings(_ context.Context, in *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &lambda.ListEventSourceMappingsOutput{}
	if aws.ToString(in.FunctionName) == "demo-fn" {
		for _, u := range f.mappings {
			out.EventSourceMappings = append(out.EventSourceMappings, lambdatypes.EventSourceMappingConfiguration{UUID: aws.String(u)})
		}
	}
	return out, nil
}

func (f *mappedLambda) GetEventSourceMapping(_ context.Context, in *lambda.GetEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Contains(f.mappings, aws.ToString(in.UUID)) {
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The resource you requested does not exist."}
	}
	return &lambda.GetEventSourceMappingOutput{UUID: in.UUID}, nil
}

func (f *mappedLambda) DeleteEventSourceMapping(_ context.Context, in *lambda.DeleteEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.DeleteEventSourceMappingOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := aws.ToString(in.UUID)
	if !slices.Contains(f.mappings, u) {
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The resource you requested does not exist."}
	}
	f.mappings = slices.DeleteFunc(f.mappings, func(m string) bool { return m == u })
	f.deleted = append(f.deleted, "mapping "+u)
	return &lambda.DeleteEventSourceMappingOutput{}, nil
}

func (f *mappedLambda) DeleteFunction(_ context.Context, in *lambda.DeleteFunctionInput, _ ...func(*lambda.Options)) (*lambda.DeleteFunctionOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exists = false
	f.deleted = append(f.deleted, "function "+aws.ToString(in.FunctionName))
	return &lambda.DeleteFunctionOutput{}, nil
}

// Destroy deletes every event source mapping of the project's function,
// not only the one the state records, and fails when a mapping outlives
// its function: Lambda keeps mappings when it deletes the function.
func TestDestroyDeletesEveryMapping(t *testing.T) {
	fn := &ResourceState{ID: plan.IDFunction, Kind: string(plan.KindFunction), Name: "demo-fn", Outputs: map[string]string{"name": "demo-fn", "arn": "arn:fn:demo-fn"}}
	mapping := &ResourceState{ID: plan.IDEventSourceMapping, Kind: string(plan.KindEventSourceMapping), Name: "demo-fn",
		DependsOn: []string{plan.IDFunction}, Outputs: map[string]string{"uuid": "uuid-1"}}
	tests := []struct {
		name     string
		function bool // the function still exists
		mappings []string
		state    []*ResourceState
		// wantDeleted is in order; the mappings may go in any order
		// between them, but all before the function.
		wantDeleted []string
		wantErr     string
	}{
		{
			name:        "state records one of two mappings",
			function:    true,
			mappings:    []string{"uuid-1", "uuid-2"},
			state:       []*ResourceState{fn, mapping},
			wantDeleted: []string{"mapping uuid-1", "mapping uuid-2", "function demo-fn"},
		},
		{
			name:        "state lost, two mappings",
			function:    true,
			mappings:    []string{"uuid-1", "uuid-2"},
			wantDeleted: []string{"mapping uuid-1", "mapping uuid-2", "function demo-fn"},
		},
		{
			// Left by an earlier destroy: Discover cannot reach it through
			// the function, the final check lists it by the function's name.
			name:     "mapping of a deleted function",
			mappings: []string{"uuid-3"},
			wantErr:  "1 resources are still there",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &mappedLambda{exists: tt.function, mappings: slices.Clone(tt.mappings)}
			// Only Lambda's kinds: the other listings would find nothing.
			kinds, err := service.NewKinds([]service.Provider{svclambda.NewFunction(fake), eventsource.New(fake)})
			if err != nil {
				t.Fatal(err)
			}
			e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
			st := &State{Version: StateVersion, Project: "demo", Resources: map[string]*ResourceState{}}
			for _, rs := range tt.state {
				st.Resources[rs.ID] = rs
			}
			if err := WriteState(e.StatePath, st); err != nil {
				t.Fatal(err)
			}
			p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{
				{ID: plan.IDFunction, Kind: plan.KindFunction, Name: "demo-fn"},
				{ID: plan.IDEventSourceMapping, Kind: plan.KindEventSourceMapping, Name: "demo-fn", DependsOn: []string{plan.IDFunction}},
			}}
			_, err = e.Destroy(context.Background(), p)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("destroy: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("destroy: %v, want an error with %q", err, tt.wantErr)
			}
			got := slices.Clone(fake.deleted)
			if n := len(got); n > 1 {
				slices.Sort(got[:n-1])
			}
			if diff := cmp.Diff(tt.wantDeleted, got); diff != "" {
				t.Errorf("deleted (-want +got):\n%s", diff)
			}
		})
	}
}
