package stepfunctions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeStates is Step Functions in memory: state machines by ARN, listed
// one per page (a token it never handed out fails). A deleted machine is
// DELETING for a few describes, then gone.
type fakeStates struct {
	StateMachineAPI
	machines map[string]*sfn.DescribeStateMachineOutput
	tags     map[string][]sfntypes.Tag
	order    []string
	calls    []string
	// assumeFailures is how many creates fail as if the role were not
	// visible to Step Functions yet.
	assumeFailures int
	deleting       map[string]int
}

func newFakeStates() *fakeStates {
	return &fakeStates{machines: map[string]*sfn.DescribeStateMachineOutput{}, tags: map[string][]sfntypes.Tag{}, deleting: map[string]int{}}
}

const arnPrefix = "arn:aws:states:us-east-1:123456789012:stateMachine:"

func (f *fakeStates) CreateStateMachine(_ context.Context, in *sfn.CreateStateMachineInput, _ ...func(*sfn.Options)) (*sfn.CreateStateMachineOutput, error) {
	f.calls = append(f.calls, "Create "+aws.ToString(in.Name))
	if f.assumeFailures > 0 {
		f.assumeFailures--
		return nil, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role."}
	}
	a := arnPrefix + aws.ToString(in.Name)
	f.machines[a] = &sfn.DescribeStateMachineOutput{StateMachineArn: aws.String(a), Name: in.Name, RoleArn: in.RoleArn, Definition: in.Definition,
		Type: in.Type, LoggingConfiguration: in.LoggingConfiguration, TracingConfiguration: in.TracingConfiguration, Status: sfntypes.StateMachineStatusActive}
	f.tags[a] = in.Tags
	f.order = append(f.order, a)
	return &sfn.CreateStateMachineOutput{StateMachineArn: aws.String(a)}, nil
}

func (f *fakeStates) ListStateMachines(_ context.Context, in *sfn.ListStateMachinesInput, _ ...func(*sfn.Options)) (*sfn.ListStateMachinesOutput, error) {
	i := 0
	if t := aws.ToString(in.NextToken); t != "" {
		if _, err := fmt.Sscanf(t, "page-%d", &i); err != nil || i <= 0 || i >= len(f.order) {
			return nil, fmt.Errorf("unexpected page token %q", t)
		}
	}
	out := &sfn.ListStateMachinesOutput{}
	if i < len(f.order) {
		m := f.machines[f.order[i]]
		out.StateMachines = []sfntypes.StateMachineListItem{{Name: m.Name, StateMachineArn: m.StateMachineArn}}
		if i+1 < len(f.order) {
			out.NextToken = aws.String(fmt.Sprintf("page-%d", i+1))
		}
	}
	return out, nil
}

func (f *fakeStates) DescribeStateMachine(_ context.Context, in *sfn.DescribeStateMachineInput, _ ...func(*sfn.Options)) (*sfn.DescribeStateMachineOutput, error) {
	a := aws.ToString(in.StateMachineArn)
	m := f.machines[a]
	if m == nil {
		return nil, &sfntypes.StateMachineDoesNotExist{Message: aws.String("State Machine Does Not Exist: '" + a + "'")}
	}
	if n, ok := f.deleting[a]; ok {
		if n == 0 {
			delete(f.machines, a)
			return nil, &sfntypes.StateMachineDoesNotExist{Message: aws.String("gone")}
		}
		f.deleting[a] = n - 1
		m.Status = sfntypes.StateMachineStatusDeleting
	}
	return m, nil
}

func (f *fakeStates) UpdateStateMachine(_ context.Context, in *sfn.UpdateStateMachineInput, _ ...func(*sfn.Options)) (*sfn.UpdateStateMachineOutput, error) {
	a := aws.ToString(in.StateMachineArn)
	f.calls = append(f.calls, "Update "+a)
	m := f.machines[a]
	m.RoleArn, m.Definition, m.LoggingConfiguration, m.TracingConfiguration = in.RoleArn, in.Definition, in.LoggingConfiguration, in.TracingConfiguration
	return &sfn.UpdateStateMachineOutput{}, nil
}

func (f *fakeStates) DeleteStateMachine(_ context.Context, in *sfn.DeleteStateMachineInput, _ ...func(*sfn.Options)) (*sfn.DeleteStateMachineOutput, error) {
	a := aws.ToString(in.StateMachineArn)
	f.calls = append(f.calls, "Delete "+a)
	f.deleting[a] = 2
	return &sfn.DeleteStateMachineOutput{}, nil
}

func (f *fakeStates) ListTagsForResource(_ context.Context, in *sfn.ListTagsForResourceInput, _ ...func(*sfn.Options)) (*sfn.ListTagsForResourceOutput, error) {
	return &sfn.ListTagsForResourceOutput{Tags: f.tags[aws.ToString(in.ResourceArn)]}, nil
}

var testPlan = &plan.Plan{Project: "demo", Route: []string{"glue-to-s3"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "glue-to-s3"}}}

func retry(ctx context.Context, transient func(error) bool, fn func() error) error {
	for {
		err := fn()
		if err == nil || !transient(err) {
			return err
		}
	}
}

// A state machine is created STANDARD, logging ERROR to the planned group
// (with the ":*" the API wants) and tracing off, retried while its role
// propagates; the project's is updated, another project's refused;
// Delete waits until it is gone.
func TestStateMachineLifecycle(t *testing.T) {
	ctx := context.Background()
	f := newFakeStates()
	f.assumeFailures = 2
	// Another machine first, so the lookup by name pages.
	f.machines[arnPrefix+"other"] = &sfn.DescribeStateMachineOutput{Name: aws.String("other"), StateMachineArn: aws.String(arnPrefix + "other")}
	f.order = append(f.order, arnPrefix+"other")
	m := NewStateMachine(f)
	def, _ := etl().JSON()
	in := map[string]string{"definition": def, "roleArn": "arn:aws:iam::123456789012:role/demo-states", "logLevel": "ERROR",
		"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/demo-etl"}
	var created []map[string]string
	req := &service.Request{Env: service.Env{Retry: retry}, Plan: testPlan, Resource: &plan.Resource{Kind: KindStateMachine, Name: "demo-etl"},
		Inputs: in, Created: func(o map[string]string) { created = append(created, o) }}
	out, err := m.Ensure(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	got := f.machines[arnPrefix+"demo-etl"]
	if got == nil || out["arn"] != arnPrefix+"demo-etl" || len(created) != 1 {
		t.Fatalf("machine %v, outputs %v, created %v", got, out, created)
	}
	lc := got.LoggingConfiguration
	if got.Type != sfntypes.StateMachineTypeStandard || lc.Level != sfntypes.LogLevelError || lc.IncludeExecutionData ||
		aws.ToString(lc.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn) != in["logGroupArn"]+":*" || got.TracingConfiguration.Enabled {
		t.Errorf("machine = type %s, logging %+v, tracing %+v", got.Type, lc, got.TracingConfiguration)
	}
	if n := strings.Count(strings.Join(f.calls, "\n"), "Create "); n != 3 {
		t.Errorf("%d creates, want 3 (two while the role propagates)", n)
	}
	if _, err := m.Ensure(ctx, req); err != nil || f.calls[len(f.calls)-1] != "Update "+arnPrefix+"demo-etl" {
		t.Fatalf("adopt: %v, calls %v", err, f.calls)
	}
	rec := &service.Record{Name: "demo-etl", Inputs: in, Outputs: out}
	if d, err := m.Drift(ctx, service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift = %q, %v", d, err)
	}
	got.TracingConfiguration = &sfntypes.TracingConfiguration{Enabled: true}
	got.LoggingConfiguration = &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelOff}
	if d, _ := m.Drift(ctx, service.Env{}, nil, rec); !strings.Contains(d, `log level "OFF"`) || !strings.Contains(d, "tracing on") {
		t.Errorf("Drift = %q", d)
	}
	f.tags[arnPrefix+"demo-etl"] = []sfntypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("other")}}
	req.Recorded = false
	if _, err := m.Ensure(ctx, req); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's machine = %v, want ErrNameTaken", err)
	}
	listed, err := m.List(ctx, testPlan)
	if err != nil || len(listed) != 2 {
		t.Fatalf("List = %v, %v", listed, err)
	}
	if err := m.Delete(ctx, service.Env{MaxWait: 5 * time.Second}, rec); err != nil {
		t.Fatal(err)
	}
	if ok, err := m.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %v, %v", ok, err)
	}
}
