package lambda

import (
	"context"
	"maps"
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
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// fakeMappings is an event source mapping store: it records creates and
// updates and returns what it stores, optionally minus the fields a target
// drops. The embedded interface panics on any other call.
type fakeMappings struct {
	EventSourceMappingAPI
	created *lambda.CreateEventSourceMappingInput
	updated *lambda.UpdateEventSourceMappingInput
	live    *lambda.GetEventSourceMappingOutput
}

func (f *fakeMappings) ListEventSourceMappings(_ context.Context, _ *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	if f.live == nil {
		return &lambda.ListEventSourceMappingsOutput{}, nil
	}
	return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: f.live.UUID}}}, nil
}

func (f *fakeMappings) CreateEventSourceMapping(_ context.Context, in *lambda.CreateEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error) {
	f.created = in
	f.live = &lambda.GetEventSourceMappingOutput{UUID: aws.String("uuid-1"), State: aws.String("Enabled"), BatchSize: in.BatchSize,
		MaximumBatchingWindowInSeconds: in.MaximumBatchingWindowInSeconds, StartingPosition: in.StartingPosition,
		FunctionResponseTypes: in.FunctionResponseTypes, MaximumRetryAttempts: in.MaximumRetryAttempts,
		BisectBatchOnFunctionError: in.BisectBatchOnFunctionError, DestinationConfig: in.DestinationConfig}
	return &lambda.CreateEventSourceMappingOutput{UUID: f.live.UUID}, nil
}

func (f *fakeMappings) UpdateEventSourceMapping(_ context.Context, in *lambda.UpdateEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.UpdateEventSourceMappingOutput, error) {
	f.updated = in
	f.live.FunctionResponseTypes, f.live.MaximumRetryAttempts = in.FunctionResponseTypes, in.MaximumRetryAttempts
	f.live.BisectBatchOnFunctionError, f.live.DestinationConfig = in.BisectBatchOnFunctionError, in.DestinationConfig
	return &lambda.UpdateEventSourceMappingOutput{UUID: in.UUID}, nil
}

func (f *fakeMappings) GetEventSourceMapping(_ context.Context, _ *lambda.GetEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	return f.live, nil
}

// Mappings are created with ReportBatchItemFailures and the stream error
// handling; an existing mapping is updated to them; status compares what
// the target returns and ignores what it is known to drop.
func TestMappingErrorHandling(t *testing.T) {
	topic := "arn:aws:sns:us-east-1:123456789012:demo-failures"
	p := unitPlan(t, []string{"kinesis-to-lambda"}, func(s *spec.Spec) { s.Lambda.OnFailureQueue = topic })
	r := p.Resource(plan.IDEventSourceMapping)
	in := maps.Clone(r.Settings)
	in["functionName"], in["eventSourceArn"] = "demo-handler", "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream"
	ctx := context.Background()

	f := &fakeMappings{}
	m := NewEventSourceMapping(f)
	onAWS := service.Env{Target: targets.AWS}
	var created map[string]string
	req := &service.Request{Env: onAWS, Plan: p, Resource: r, Inputs: in, Created: func(o map[string]string) { created = o }}
	out, err := m.Ensure(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	c := f.created
	if c == nil || !cmp.Equal(c.FunctionResponseTypes, []lambdatypes.FunctionResponseType{lambdatypes.FunctionResponseTypeReportBatchItemFailures}) ||
		aws.ToInt32(c.MaximumRetryAttempts) != 5 || !aws.ToBool(c.BisectBatchOnFunctionError) ||
		c.DestinationConfig == nil || aws.ToString(c.DestinationConfig.OnFailure.Destination) != topic || c.StartingPosition != lambdatypes.EventSourcePositionTrimHorizon {
		t.Fatalf("CreateEventSourceMapping input lacks the error handling: %+v", c)
	}
	if d := cmp.Diff(map[string]string{"uuid": "uuid-1"}, created); d != "" {
		t.Errorf("reported created (-want +got):\n%s", d)
	}
	rec := &service.Record{Inputs: in, Outputs: out}
	if m.Identity(rec) != "uuid-1" {
		t.Errorf("identity %q, want the uuid", m.Identity(rec))
	}
	if d, err := m.Drift(ctx, onAWS, r, rec); err != nil || d != "" {
		t.Errorf("drift after create = %q, %v", d, err)
	}

	// Edited behind wireup's back: the response types removed.
	f.live.FunctionResponseTypes = nil
	d, err := m.Drift(ctx, onAWS, r, rec)
	if err != nil || !strings.Contains(d, "FunctionResponseTypes") {
		t.Errorf("drift without ReportBatchItemFailures = %q, %v", d, err)
	}
	// kumo returns no error handling at all: nothing to compare there.
	kumo := *f.live
	kumo.StartingPosition, kumo.MaximumRetryAttempts, kumo.BisectBatchOnFunctionError, kumo.DestinationConfig = "", nil, nil, nil
	mk := NewEventSourceMapping(&fakeMappings{live: &kumo})
	if d, err := mk.Drift(ctx, service.Env{Target: targets.Kumo}, r, rec); err != nil || d != "" {
		t.Errorf("drift on kumo's read-back = %q, %v", d, err)
	}
	if d, _ := mk.Drift(ctx, onAWS, r, rec); !strings.Contains(d, "MaximumRetryAttempts") {
		t.Errorf("kumo's read-back on AWS: drift %q, want the missing error handling named", d)
	}

	// The next deploy finds the mapping and updates it to the plan.
	f.created = nil
	if _, err := m.Ensure(ctx, req); err != nil {
		t.Fatal(err)
	}
	u := f.updated
	if f.created != nil || u == nil || len(u.FunctionResponseTypes) != 1 || aws.ToInt32(u.MaximumRetryAttempts) != 5 ||
		aws.ToString(u.DestinationConfig.OnFailure.Destination) != topic {
		t.Errorf("existing mapping: created %+v, updated %+v", f.created, u)
	}
	if d, _ := m.Drift(ctx, onAWS, r, rec); d != "" {
		t.Errorf("drift after the update = %q", d)
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
	EventSourceMappingAPI
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

// Deleting a mapping waits until Lambda no longer returns it; one that is
// gone already answers not found, which the engine counts as deleted.
func TestMappingDeleteWaitsUntilGone(t *testing.T) {
	ctx := context.Background()
	fake := &mappedLambda{mappings: []string{"uuid-1"}, deleting: map[string]int{}}
	m := NewEventSourceMapping(fake)
	rec := &service.Record{Kind: string(plan.KindEventSourceMapping), Name: "demo-fn", Outputs: map[string]string{"uuid": "uuid-1"}}
	if err := m.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if fake.deleting["uuid-1"] != 0 {
		t.Error("Delete returned while the mapping was still being deleted")
	}
	if ok, err := m.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("exists after delete = %v, %v", ok, err)
	}
	if err := m.Delete(ctx, service.Env{}, rec); !service.IsNotFound(err) {
		t.Errorf("second delete: %v, want not found", err)
	}
}
