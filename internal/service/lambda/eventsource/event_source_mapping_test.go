package eventsource

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// fakeMappings is an event source mapping store: it records creates and
// updates and returns what it stores, optionally minus the fields a target
// drops. The embedded interface panics on any other call.
type fakeMappings struct {
	API
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
	// The mapping the lambda planner plans for kinesis-to-lambda with an
	// on-failure topic (internal/plan's tests check that planning).
	p := &plan.Plan{Project: "demo"}
	r := &plan.Resource{ID: plan.IDEventSourceMapping, Kind: plan.KindEventSourceMapping, Name: "demo-handler", Integration: "kinesis-to-lambda",
		Settings: map[string]string{"batchSize": "100", "batchWindowSeconds": "0", "functionResponseTypes": "ReportBatchItemFailures", "startingPosition": "TRIM_HORIZON",
			"bisectBatchOnFunctionError": "true", "maximumRetryAttempts": "5", "onFailureArn": topic}}
	in := maps.Clone(r.Settings)
	in["functionName"], in["eventSourceArn"] = "demo-handler", "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream"
	ctx := context.Background()

	f := &fakeMappings{}
	m := New(f)
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
	mk := New(&fakeMappings{live: &kumo})
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

// deletingMappings is a mapping store in which, as on Lambda, a deleted
// mapping is returned a while longer, being deleted.
type deletingMappings struct {
	lossyMappings
	deleting map[string]int // reads left before a deleted mapping is gone
}

func (f *deletingMappings) GetEventSourceMapping(ctx context.Context, in *lambda.GetEventSourceMappingInput, o ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	if u := aws.ToString(in.UUID); f.deleting[u] > 0 {
		f.deleting[u]--
		return &lambda.GetEventSourceMappingOutput{UUID: in.UUID, State: aws.String("Deleting")}, nil
	}
	return f.lossyMappings.GetEventSourceMapping(ctx, in, o...)
}

func (f *deletingMappings) DeleteEventSourceMapping(ctx context.Context, in *lambda.DeleteEventSourceMappingInput, o ...func(*lambda.Options)) (*lambda.DeleteEventSourceMappingOutput, error) {
	if !slices.Contains(f.ms, aws.ToString(in.UUID)) {
		return nil, &lambdatypes.ResourceNotFoundException{Message: aws.String("gone")}
	}
	f.deleting[aws.ToString(in.UUID)] = 1
	return f.lossyMappings.DeleteEventSourceMapping(ctx, in, o...)
}

// Deleting a mapping waits until Lambda no longer returns it; one that is
// gone already answers not found, which the engine counts as deleted.
func TestMappingDeleteWaitsUntilGone(t *testing.T) {
	ctx := context.Background()
	fake := &deletingMappings{lossyMappings: lossyMappings{ms: []string{"uuid-1"}}, deleting: map[string]int{}}
	m := New(fake)
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

// lossyMappings is a mapping store whose first CreateEventSourceMapping
// makes the mapping and loses its answer, like a reset after the service
// acted.
type lossyMappings struct {
	API
	ms      []string // UUIDs, oldest first
	creates int
	lose    bool
}

func (f *lossyMappings) ListEventSourceMappings(context.Context, *lambda.ListEventSourceMappingsInput, ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	out := &lambda.ListEventSourceMappingsOutput{}
	for _, id := range f.ms {
		out.EventSourceMappings = append(out.EventSourceMappings, lambdatypes.EventSourceMappingConfiguration{UUID: aws.String(id)})
	}
	return out, nil
}

func (f *lossyMappings) CreateEventSourceMapping(context.Context, *lambda.CreateEventSourceMappingInput, ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error) {
	f.creates++
	id := "uuid-" + strings.Repeat("x", f.creates)
	f.ms = append(f.ms, id)
	if f.lose {
		f.lose = false
		return nil, errors.New("read tcp: connection reset by peer")
	}
	return &lambda.CreateEventSourceMappingOutput{UUID: aws.String(id)}, nil
}

func (f *lossyMappings) UpdateEventSourceMapping(_ context.Context, in *lambda.UpdateEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.UpdateEventSourceMappingOutput, error) {
	return &lambda.UpdateEventSourceMappingOutput{UUID: in.UUID}, nil
}

func (f *lossyMappings) GetEventSourceMapping(_ context.Context, in *lambda.GetEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	if !slices.Contains(f.ms, aws.ToString(in.UUID)) {
		return nil, &lambdatypes.ResourceNotFoundException{Message: aws.String("gone")}
	}
	return &lambda.GetEventSourceMappingOutput{UUID: in.UUID, State: aws.String("Enabled"), BatchSize: aws.Int32(10),
		FunctionArn: aws.String("arn:aws:lambda:us-east-1:123456789012:function:demo-fn"), EventSourceArn: aws.String("arn:aws:sqs:us-east-1:123456789012:demo-queue"),
		FunctionResponseTypes: []lambdatypes.FunctionResponseType{lambdatypes.FunctionResponseTypeReportBatchItemFailures}}, nil
}

func (f *lossyMappings) DeleteEventSourceMapping(_ context.Context, in *lambda.DeleteEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.DeleteEventSourceMappingOutput, error) {
	f.ms = slices.DeleteFunc(f.ms, func(id string) bool { return id == aws.ToString(in.UUID) })
	return &lambda.DeleteEventSourceMappingOutput{}, nil
}

// A create whose answer is lost is not repeated blindly: the mapping it
// made is found and adopted, so the source has one poller. A duplicate
// made some other way is status drift, and the next Ensure deletes it.
func TestMappingCreateAnswerLost(t *testing.T) {
	ctx := context.Background()
	in := map[string]string{"functionName": "demo-fn", "eventSourceArn": "arn:aws:sqs:us-east-1:123456789012:demo-queue",
		"batchSize": "10", "functionResponseTypes": "ReportBatchItemFailures"}
	req := func(f *lossyMappings) *service.Request {
		return &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDEventSourceMapping, Kind: plan.KindEventSourceMapping, Name: "demo-fn"},
			Inputs: in, Created: func(map[string]string) {}}
	}
	f := &lossyMappings{lose: true}
	out, err := New(f).Ensure(ctx, req(f))
	if err != nil {
		t.Fatal(err)
	}
	if f.creates != 1 || len(f.ms) != 1 || out["uuid"] != f.ms[0] {
		t.Fatalf("after a lost answer: %d creates, mappings %v, adopted %q; want one create and that mapping", f.creates, f.ms, out["uuid"])
	}
	// A second mapping of the same function and source.
	f.ms = append(f.ms, "uuid-dup")
	rec := &service.Record{Outputs: map[string]string{"uuid": out["uuid"]}, Inputs: in}
	drift, err := New(f).Drift(ctx, service.Env{}, &plan.Resource{}, rec)
	if err != nil || !strings.Contains(drift, "1 more mapping(s) poll the same source") || !strings.Contains(drift, "uuid-dup") {
		t.Fatalf("Drift with a duplicate = %q, %v", drift, err)
	}
	if _, err := New(f).Ensure(ctx, req(f)); err != nil {
		t.Fatal(err)
	}
	if len(f.ms) != 1 || f.ms[0] != out["uuid"] {
		t.Errorf("after Ensure the mappings are %v; want only %s", f.ms, out["uuid"])
	}
	// A 201 whose body was cut off made the mapping too: it is adopted.
	b := &bodyLostMappings{lossyMappings: lossyMappings{}}
	out, err = New(b).Ensure(ctx, req(&b.lossyMappings))
	if err != nil || b.creates != 1 || len(b.ms) != 1 || out["uuid"] != b.ms[0] {
		t.Errorf("after a 201 without its body: %v, %d creates, mappings %v, adopted %q; want one create and that mapping", err, b.creates, b.ms, out["uuid"])
	}
	// A refusal (4xx) is not a lost answer: no second attempt.
	g := &refusingMappings{}
	if _, err := New(g).Ensure(ctx, req(&lossyMappings{})); err == nil || g.creates != 1 {
		t.Errorf("a refused create: %v after %d creates; want the error after one", err, g.creates)
	}
}

type refusingMappings struct {
	lossyMappings
}

func (f *refusingMappings) CreateEventSourceMapping(context.Context, *lambda.CreateEventSourceMappingInput, ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error) {
	f.creates++
	return nil, &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 400}},
		Err: &smithy.GenericAPIError{Code: "InvalidParameterValueException", Message: "bad batch size"}}}
}

// bodyLostMappings makes the mapping and answers 201, but the body never
// arrives (the connection closes mid-read), as moto did under load.
type bodyLostMappings struct {
	lossyMappings
}

func (f *bodyLostMappings) CreateEventSourceMapping(ctx context.Context, in *lambda.CreateEventSourceMappingInput, o ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error) {
	out, err := f.lossyMappings.CreateEventSourceMapping(ctx, in, o...)
	if f.creates > 1 || err != nil {
		return out, err
	}
	return nil, &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 201}},
		Err: errors.New("deserialization failed, read tcp 127.0.0.1:45240->127.0.0.1:5000: use of closed network connection")}}
}

// kumo keeps none of a mapping's error handling; moto and AWS return it.
func TestReadsBack(t *testing.T) {
	for _, f := range []string{"FunctionResponseTypes", "StartingPosition", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig"} {
		if ReadsBack(targets.Kumo, f) || !ReadsBack(targets.Moto, f) || !ReadsBack(targets.AWS, f) {
			t.Errorf("%s: kumo %v, moto %v, aws %v", f, ReadsBack(targets.Kumo, f), ReadsBack(targets.Moto, f), ReadsBack(targets.AWS, f))
		}
	}
	if !ReadsBack(targets.Kumo, "BatchSize") {
		t.Error("kumo returns BatchSize")
	}
}

// A batch size that does not parse stops Ensure before any Lambda call,
// naming the mapping and the setting, instead of creating the mapping with
// Lambda's default.
func TestMappingUnparsableSetting(t *testing.T) {
	r := &plan.Resource{ID: plan.IDEventSourceMapping, Kind: plan.KindEventSourceMapping, Name: "demo-handler"}
	in := map[string]string{"functionName": "demo-handler", "batchSize": "ten"}
	m := New(nil) // any call would panic
	_, err := m.Ensure(context.Background(), &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: r, Inputs: in})
	want := `lambda.event-source-mapping demo-handler: setting batchSize = "ten" is not a whole number in range`
	if err == nil || err.Error() != want {
		t.Errorf("Ensure = %v, want %s", err, want)
	}
	if _, ok := any(m).(service.Typed); !ok {
		t.Error("the mapping kind is not service.Typed: the engine would not check its settings before a deploy")
	}
}
