package stepfunctions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// StateMachineAPI is the part of the Step Functions client the state
// machine kind uses.
type StateMachineAPI interface {
	CreateStateMachine(ctx context.Context, in *sfn.CreateStateMachineInput, optFns ...func(*sfn.Options)) (*sfn.CreateStateMachineOutput, error)
	DescribeStateMachine(ctx context.Context, in *sfn.DescribeStateMachineInput, optFns ...func(*sfn.Options)) (*sfn.DescribeStateMachineOutput, error)
	UpdateStateMachine(ctx context.Context, in *sfn.UpdateStateMachineInput, optFns ...func(*sfn.Options)) (*sfn.UpdateStateMachineOutput, error)
	DeleteStateMachine(ctx context.Context, in *sfn.DeleteStateMachineInput, optFns ...func(*sfn.Options)) (*sfn.DeleteStateMachineOutput, error)
	ListStateMachines(ctx context.Context, in *sfn.ListStateMachinesInput, optFns ...func(*sfn.Options)) (*sfn.ListStateMachinesOutput, error)
	ListTagsForResource(ctx context.Context, in *sfn.ListTagsForResourceInput, optFns ...func(*sfn.Options)) (*sfn.ListTagsForResourceOutput, error)
}

// StateMachine is the states.state-machine kind: a STANDARD state machine
// that logs ERROR-level execution events (without execution data) to the
// planned log group, with X-Ray tracing off.
type StateMachine struct{ c StateMachineAPI }

// NewStateMachine returns the kind on c.
func NewStateMachine(c StateMachineAPI) *StateMachine { return &StateMachine{c: c} }

var (
	_ service.Lister = (*StateMachine)(nil)
	_ service.Typed  = (*StateMachine)(nil)
)

// StateMachineSettings are a state machine's settings, as Plan writes
// them, with its role and log group resolved at apply. Type and Tracing
// record what the kind always creates (STANDARD, tracing off); Crawler and
// Job, the names of what it runs, only order it after them.
type StateMachineSettings struct {
	Type        string `setting:"type"`
	LogLevel    string `setting:"logLevel"`
	Tracing     bool   `setting:"tracing"`
	Definition  string `setting:"definition"`
	RoleARN     string `setting:"roleArn"`
	LogGroupARN string `setting:"logGroupArn"`
	Crawler     string `setting:"crawler"`
	Job         string `setting:"job"`
}

// NewSettings implements service.Typed.
func (*StateMachine) NewSettings() any { return &StateMachineSettings{} }

// Kind implements service.Provider.
func (*StateMachine) Kind() plan.Kind { return KindStateMachine }

// Always implements service.Lister: listed only for a plan with one.
func (*StateMachine) Always() bool { return false }

// logging sends ERROR-level events to the log group. The destination is
// the group's ARN with ":*", as AWS's examples write it
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html).
func logging(in *StateMachineSettings) *sfntypes.LoggingConfiguration {
	return &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevel(in.LogLevel), IncludeExecutionData: false,
		Destinations: []sfntypes.LogDestination{{CloudWatchLogsLogGroup: &sfntypes.CloudWatchLogsLogGroup{
			LogGroupArn: aws.String(strings.TrimSuffix(in.LogGroupARN, ":*") + ":*")}}}}
}

// transient recognises the errors of a state machine created a moment
// after its role: Step Functions cannot assume it yet, or cannot yet
// deliver logs with it.
func transient(err error) bool {
	msg := strings.ToLower(service.ErrorMessage(err))
	return service.RoleTransient(err) || strings.Contains(msg, "authorized to assume") ||
		(service.ErrorCode(err) == "InvalidLoggingConfiguration" || service.ErrorCode(err) == "AccessDeniedException") && strings.Contains(msg, "log")
}

// find returns the ARN of the state machine named name, or "".
func (m *StateMachine) find(ctx context.Context, name string) (string, error) {
	pg := sfn.NewListStateMachinesPaginator(m.c, &sfn.ListStateMachinesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, sm := range page.StateMachines {
			if aws.ToString(sm.Name) == name {
				return aws.ToString(sm.StateMachineArn), nil
			}
		}
	}
	return "", nil
}

// Ensure implements service.Provider. A state machine of the name is
// looked up first: moto answers CreateStateMachine on a taken name with
// the existing machine, where AWS fails unless it is the same.
func (m *StateMachine) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	in, err := service.DecodeFor[StateMachineSettings](KindStateMachine, name, req.Inputs)
	if err != nil {
		return nil, err
	}
	found, err := m.find(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("list state machines: %w", err)
	}
	if found == "" {
		var out *sfn.CreateStateMachineOutput
		create := func() error {
			var err error
			out, err = m.c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String(name), Type: sfntypes.StateMachineTypeStandard,
				Definition: aws.String(in.Definition), RoleArn: aws.String(in.RoleARN), LoggingConfiguration: logging(in),
				TracingConfiguration: &sfntypes.TracingConfiguration{Enabled: false}, Tags: tags(req.Plan)})
			return err
		}
		if err := req.Do(ctx, transient, create); err != nil {
			return nil, fmt.Errorf("create state machine %s: %w", name, err)
		}
		outputs := map[string]string{"name": name, "arn": aws.ToString(out.StateMachineArn)}
		req.Created(outputs)
		return outputs, nil
	}
	outputs := map[string]string{"name": name, "arn": found}
	if err := service.Adopt(req, "state machine", name, "stepfunctions.stateMachine", func() (*sfn.ListTagsForResourceOutput, error) {
		return m.c.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: aws.String(found)})
	}, func(out *sfn.ListTagsForResourceOutput) map[string]string { return tagMap(out.Tags) }); err != nil {
		return nil, err
	}
	update := func() error {
		_, err := m.c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: aws.String(found), Definition: aws.String(in.Definition),
			RoleArn: aws.String(in.RoleARN), LoggingConfiguration: logging(in), TracingConfiguration: &sfntypes.TracingConfiguration{Enabled: false}})
		return err
	}
	if err := req.Do(ctx, transient, update); err != nil {
		return nil, fmt.Errorf("update state machine %s: %w", name, err)
	}
	return outputs, nil
}

func tags(p *plan.Plan) []sfntypes.Tag {
	out := make([]sfntypes.Tag, 0, len(p.Tags))
	for _, t := range p.Tags {
		out = append(out, sfntypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	return out
}

func tagMap(ts []sfntypes.Tag) map[string]string {
	return service.TagsOf(ts, func(t sfntypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// codeGone is how Step Functions says a state machine does not exist
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html).
const codeGone = "StateMachineDoesNotExist"

// arnOf is the recorded state machine's ARN.
func arnOf(rec *service.Record) string { return rec.Outputs["arn"] }

// Exists implements service.Provider.
func (m *StateMachine) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	if arnOf(rec) == "" {
		a, err := m.find(ctx, rec.Name)
		return a != "", err
	}
	got, err := m.c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(arnOf(rec))})
	if service.ErrorCode(err) == codeGone {
		return false, nil
	}
	if err != nil {
		return service.Exists(err)
	}
	return got.Status != sfntypes.StateMachineStatusDeleting, nil
}

// Drift implements service.Provider: another role, logging turned down
// or off, or tracing turned on, by hand.
func (m *StateMachine) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := m.c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(arnOf(rec))})
	if err != nil {
		return "", fmt.Errorf("read state machine %s: %w", rec.Name, err)
	}
	in, err := service.DecodeFor[StateMachineSettings](KindStateMachine, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	var diffs service.Diffs
	if g := aws.ToString(got.RoleArn); g != in.RoleARN {
		diffs = append(diffs, fmt.Sprintf("role %s, want %s", g, in.RoleARN))
	}
	level := ""
	if got.LoggingConfiguration != nil {
		level = string(got.LoggingConfiguration.Level)
	}
	diffs.If(level != in.LogLevel, "log level %q, want %q", level, in.LogLevel)
	if got.TracingConfiguration != nil && got.TracingConfiguration.Enabled {
		diffs = append(diffs, "X-Ray tracing on, want off")
	}
	return diffs.String(), nil
}

// Delete implements service.Provider: Step Functions marks the machine
// DELETING and removes it once its executions have stopped; the delete
// waits for that, so its role outlives it.
func (m *StateMachine) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	a := arnOf(rec)
	if a == "" {
		var err error
		if a, err = m.find(ctx, rec.Name); err != nil || a == "" {
			return err
		}
	}
	if _, err := m.c.DeleteStateMachine(ctx, &sfn.DeleteStateMachineInput{StateMachineArn: aws.String(a)}); err != nil {
		if service.ErrorCode(err) == codeGone {
			return nil
		}
		return fmt.Errorf("delete state machine %s: %w", rec.Name, err)
	}
	return service.Poll(ctx, env.Wait(), "delete state machine "+rec.Name, func() (bool, error) {
		_, err := m.c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(a)})
		var gone *sfntypes.StateMachineDoesNotExist
		switch {
		case err == nil:
			return false, nil
		case errors.As(err, &gone), service.ErrorCode(err) == codeGone:
			return true, nil
		}
		return false, err
	})
}

// List implements service.Lister: every state machine, its tags read
// lazily.
func (m *StateMachine) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := sfn.NewListStateMachinesPaginator(m.c, &sfn.ListStateMachinesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sm := range page.StateMachines {
			n, a := aws.ToString(sm.Name), aws.ToString(sm.StateMachineArn)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": a},
				Tags: func(ctx context.Context) (map[string]string, error) {
					t, err := m.c.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: aws.String(a)})
					if err != nil {
						return nil, err
					}
					return tagMap(t.Tags), nil
				}})
		}
	}
	return out, nil
}
