package eventbridge

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// fakeRules is an event bus holding rules and their targets. The embedded
// interface panics on any call the kind does not declare.
type fakeRules struct {
	RuleAPI
	rules   map[string]*eventbridge.DescribeRuleOutput
	tags    map[string][]ebtypes.Tag // by rule ARN
	targets map[string][]ebtypes.Target
	calls   []string
}

func newFake() *fakeRules {
	return &fakeRules{rules: map[string]*eventbridge.DescribeRuleOutput{}, tags: map[string][]ebtypes.Tag{}, targets: map[string][]ebtypes.Target{}}
}

func notFound() error {
	return &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "Rule does not exist."}
}

func (f *fakeRules) DescribeRule(_ context.Context, in *eventbridge.DescribeRuleInput, _ ...func(*eventbridge.Options)) (*eventbridge.DescribeRuleOutput, error) {
	f.calls = append(f.calls, "DescribeRule")
	if r := f.rules[aws.ToString(in.Name)]; r != nil {
		return r, nil
	}
	return nil, notFound()
}

func (f *fakeRules) PutRule(_ context.Context, in *eventbridge.PutRuleInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutRuleOutput, error) {
	f.calls = append(f.calls, "PutRule")
	n := aws.ToString(in.Name)
	a := "arn:aws:events:us-east-1:123456789012:rule/" + n
	if f.rules[n] == nil {
		f.tags[a] = in.Tags
	} else if len(in.Tags) > 0 {
		return nil, errors.New("the fake takes tags only for a rule PutRule creates")
	}
	f.rules[n] = &eventbridge.DescribeRuleOutput{Name: in.Name, Arn: aws.String(a), EventPattern: in.EventPattern, State: in.State, EventBusName: in.EventBusName}
	return &eventbridge.PutRuleOutput{RuleArn: aws.String(a)}, nil
}

func (f *fakeRules) PutTargets(_ context.Context, in *eventbridge.PutTargetsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutTargetsOutput, error) {
	f.calls = append(f.calls, "PutTargets")
	r := aws.ToString(in.Rule)
	for _, t := range in.Targets {
		replaced := false
		for i, old := range f.targets[r] {
			if aws.ToString(old.Id) == aws.ToString(t.Id) {
				f.targets[r][i], replaced = t, true
			}
		}
		if !replaced {
			f.targets[r] = append(f.targets[r], t)
		}
	}
	return &eventbridge.PutTargetsOutput{}, nil
}

// ListTargetsByRule answers one target per page, so every caller must page.
func (f *fakeRules) ListTargetsByRule(_ context.Context, in *eventbridge.ListTargetsByRuleInput, _ ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error) {
	f.calls = append(f.calls, "ListTargetsByRule")
	r := aws.ToString(in.Rule)
	if f.rules[r] == nil {
		return nil, notFound()
	}
	i := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		if _, err := fmt.Sscanf(tok, "page-%d", &i); err != nil {
			return nil, fmt.Errorf("unexpected page token %q", tok)
		}
	}
	ts := f.targets[r]
	if i >= len(ts) {
		return &eventbridge.ListTargetsByRuleOutput{}, nil
	}
	out := &eventbridge.ListTargetsByRuleOutput{Targets: ts[i : i+1]}
	if i+1 < len(ts) {
		out.NextToken = aws.String(fmt.Sprintf("page-%d", i+1))
	}
	return out, nil
}

func (f *fakeRules) RemoveTargets(_ context.Context, in *eventbridge.RemoveTargetsInput, _ ...func(*eventbridge.Options)) (*eventbridge.RemoveTargetsOutput, error) {
	f.calls = append(f.calls, "RemoveTargets "+strings.Join(in.Ids, ","))
	r := aws.ToString(in.Rule)
	var keep []ebtypes.Target
	for _, t := range f.targets[r] {
		if !contains(in.Ids, aws.ToString(t.Id)) {
			keep = append(keep, t)
		}
	}
	f.targets[r] = keep
	return &eventbridge.RemoveTargetsOutput{}, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (f *fakeRules) DeleteRule(_ context.Context, in *eventbridge.DeleteRuleInput, _ ...func(*eventbridge.Options)) (*eventbridge.DeleteRuleOutput, error) {
	f.calls = append(f.calls, "DeleteRule")
	n := aws.ToString(in.Name)
	if len(f.targets[n]) > 0 {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "Rule can't be deleted since it has targets."}
	}
	if f.rules[n] == nil {
		return nil, notFound()
	}
	delete(f.rules, n)
	return &eventbridge.DeleteRuleOutput{}, nil
}

func (f *fakeRules) ListTagsForResource(_ context.Context, in *eventbridge.ListTagsForResourceInput, _ ...func(*eventbridge.Options)) (*eventbridge.ListTagsForResourceOutput, error) {
	f.calls = append(f.calls, "ListTagsForResource")
	return &eventbridge.ListTagsForResourceOutput{Tags: f.tags[aws.ToString(in.ResourceARN)]}, nil
}

func testPlan() *plan.Plan {
	return &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "eventbridge-to-sqs"}}}
}

const pattern = `{"source":["wireup.demo"],"detail-type":["sample event"]}`

func sqsInputs() map[string]string {
	return map[string]string{"eventBus": "default", "eventPattern": pattern, "targetId": "sqs",
		"targetArn": "arn:aws:sqs:us-east-1:123456789012:demo-queue", "deadLetterArn": "arn:aws:sqs:us-east-1:123456789012:demo-events-dlq",
		"maxRetryAttempts": "3", "maxEventAgeSeconds": "3600"}
}

func request(p *plan.Plan, in map[string]string, recorded bool, created *map[string]string) *service.Request {
	return &service.Request{Plan: p, Resource: &plan.Resource{ID: plan.IDRule, Kind: plan.KindRule, Name: "demo-rule"},
		Inputs: in, Recorded: recorded, Created: func(o map[string]string) { *created = o }}
}

func TestRuleEnsureCreates(t *testing.T) {
	f := newFake()
	var created map[string]string
	out, err := NewRule(f).Ensure(context.Background(), request(testPlan(), sqsInputs(), false, &created))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "demo-rule", "arn": "arn:aws:events:us-east-1:123456789012:rule/demo-rule", "eventBus": "default"}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, created); d != "" {
		t.Errorf("recorded at creation (-want +got):\n%s", d)
	}
	r := f.rules["demo-rule"]
	if aws.ToString(r.EventPattern) != pattern || r.State != ebtypes.RuleStateEnabled {
		t.Errorf("rule = pattern %s state %s", aws.ToString(r.EventPattern), r.State)
	}
	ts := f.targets["demo-rule"]
	if len(ts) != 1 || aws.ToString(ts[0].Arn) != sqsInputs()["targetArn"] || ts[0].RoleArn != nil || ts[0].KinesisParameters != nil {
		t.Errorf("targets = %+v, want the queue with no role", ts)
	}
	if d, rp := ts[0].DeadLetterConfig, ts[0].RetryPolicy; d == nil || aws.ToString(d.Arn) != sqsInputs()["deadLetterArn"] ||
		rp == nil || aws.ToInt32(rp.MaximumRetryAttempts) != 3 || aws.ToInt32(rp.MaximumEventAgeInSeconds) != 3600 {
		t.Errorf("target dead-letter config %+v, retry policy %+v; want the plan's", d, rp)
	}
	if got := service.TagsOf(f.tags[want["arn"]], ebTag); got[plan.TagProject] != "demo" {
		t.Errorf("tags = %v, want the project's", got)
	}
}

func TestRuleEnsureAdoptsAndUpdates(t *testing.T) {
	f := newFake()
	var created map[string]string
	rl := NewRule(f)
	if _, err := rl.Ensure(context.Background(), request(testPlan(), sqsInputs(), false, &created)); err != nil {
		t.Fatal(err)
	}
	// A hand-added target, and a change of target: the update puts the
	// planned one and removes what the plan does not have.
	f.targets["demo-rule"] = append(f.targets["demo-rule"], ebtypes.Target{Id: aws.String("extra"), Arn: aws.String("arn:aws:sqs:us-east-1:123456789012:other")})
	in := map[string]string{"eventBus": "default", "eventPattern": pattern, "targetId": "kinesis",
		"targetArn": "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream", "roleArn": "arn:aws:iam::123456789012:role/demo-events",
		"partitionKeyPath": PartitionKeyPath}
	created = nil
	if _, err := rl.Ensure(context.Background(), request(testPlan(), in, false, &created)); err != nil {
		t.Fatal(err)
	}
	if created != nil {
		t.Errorf("adopting recorded a creation: %v", created)
	}
	ts := f.targets["demo-rule"]
	if len(ts) != 1 || aws.ToString(ts[0].Id) != "kinesis" || aws.ToString(ts[0].RoleArn) != in["roleArn"] ||
		ts[0].KinesisParameters == nil || aws.ToString(ts[0].KinesisParameters.PartitionKeyPath) != PartitionKeyPath {
		t.Errorf("targets after update = %+v, want only the stream with its role and partition key path", ts)
	}
}

func TestRuleEnsureRefusesAnotherProjectsRule(t *testing.T) {
	f := newFake()
	f.rules["demo-rule"] = &eventbridge.DescribeRuleOutput{Name: aws.String("demo-rule"), Arn: aws.String("arn:aws:events:us-east-1:123456789012:rule/demo-rule")}
	f.tags["arn:aws:events:us-east-1:123456789012:rule/demo-rule"] = []ebtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("other")}}
	var created map[string]string
	_, err := NewRule(f).Ensure(context.Background(), request(testPlan(), sqsInputs(), false, &created))
	if !errors.Is(err, service.ErrNameTaken) {
		t.Fatalf("Ensure = %v, want ErrNameTaken", err)
	}
	if contains(f.calls, "PutRule") {
		t.Error("Ensure changed a rule that is not the project's")
	}
}

func TestRuleDrift(t *testing.T) {
	ctx := context.Background()
	kinesisIn := map[string]string{"eventBus": "default", "eventPattern": pattern, "targetId": "kinesis",
		"targetArn": "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream", "roleArn": "arn:aws:iam::123456789012:role/demo-events",
		"partitionKeyPath": PartitionKeyPath, "deadLetterArn": "arn:aws:sqs:us-east-1:123456789012:demo-events-dlq",
		"maxRetryAttempts": "3", "maxEventAgeSeconds": "3600"}
	tests := []struct {
		name   string
		target targets.Target
		edit   func(f *fakeRules)
		want   string
	}{
		{"none", targets.Moto, func(*fakeRules) {}, ""},
		{"disabled", targets.Moto, func(f *fakeRules) { f.rules["demo-rule"].State = ebtypes.RuleStateDisabled }, "state DISABLED"},
		{"pattern", targets.Moto, func(f *fakeRules) { f.rules["demo-rule"].EventPattern = aws.String(`{"source":["other"]}`) }, "event pattern"},
		{"reformatted pattern", targets.Moto, func(f *fakeRules) {
			f.rules["demo-rule"].EventPattern = aws.String(`{ "detail-type": ["sample event"], "source": ["wireup.demo"] }`)
		}, ""},
		{"target gone", targets.Moto, func(f *fakeRules) { f.targets["demo-rule"] = nil }, "target kinesis is gone"},
		{"role removed", targets.Moto, func(f *fakeRules) { f.targets["demo-rule"][0].RoleArn = nil }, "target role"},
		{"dead-letter queue removed", targets.Moto, func(f *fakeRules) { f.targets["demo-rule"][0].DeadLetterConfig = nil }, "dead-letter queue"},
		{"partition key dropped", targets.Moto, func(f *fakeRules) { f.targets["demo-rule"][0].KinesisParameters = nil }, "partition key path"},
		// kumo does not read KinesisParameters back: its gap, not drift.
		{"partition key on kumo", targets.Kumo, func(f *fakeRules) { f.targets["demo-rule"][0].KinesisParameters = nil }, ""},
		{"dead-letter queue on kumo", targets.Kumo, func(f *fakeRules) { f.targets["demo-rule"][0].DeadLetterConfig = nil }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			rl := NewRule(f)
			var created map[string]string
			out, err := rl.Ensure(ctx, request(testPlan(), kinesisIn, false, &created))
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(f)
			rec := &service.Record{Name: "demo-rule", Inputs: kinesisIn, Outputs: out}
			got, err := rl.Drift(ctx, service.Env{Target: tt.target}, nil, rec)
			if err != nil {
				t.Fatal(err)
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("Drift = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRuleDeleteRemovesTargetsFirst(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	rl := NewRule(f)
	var created map[string]string
	out, err := rl.Ensure(ctx, request(testPlan(), sqsInputs(), false, &created))
	if err != nil {
		t.Fatal(err)
	}
	f.targets["demo-rule"] = append(f.targets["demo-rule"], ebtypes.Target{Id: aws.String("extra"), Arn: aws.String("arn:aws:sqs:us-east-1:123456789012:other")})
	f.calls = nil
	rec := &service.Record{Name: "demo-rule", Outputs: out}
	if err := rl.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	want := []string{"ListTargetsByRule", "ListTargetsByRule", "RemoveTargets sqs,extra", "DeleteRule"}
	if d := cmp.Diff(want, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if ok, err := rl.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %v, %v", ok, err)
	}
	// A second delete finds it gone: the engine counts not-found as done.
	if err := rl.Delete(ctx, service.Env{}, rec); !service.IsNotFound(err) {
		t.Errorf("second Delete = %v, want not found", err)
	}
}

// pagedRules serves ListRules in two pages; a token it never handed out
// fails the request.
type pagedRules struct{ *fakeRules }

func (pagedRules) ListRules(_ context.Context, in *eventbridge.ListRulesInput, _ ...func(*eventbridge.Options)) (*eventbridge.ListRulesOutput, error) {
	if aws.ToString(in.NamePrefix) != "demo" || aws.ToString(in.EventBusName) != "default" {
		return nil, fmt.Errorf("listed with prefix %q on bus %q", aws.ToString(in.NamePrefix), aws.ToString(in.EventBusName))
	}
	switch aws.ToString(in.NextToken) {
	case "":
		return &eventbridge.ListRulesOutput{Rules: []ebtypes.Rule{{Name: aws.String("demo-rule"), Arn: aws.String("arn:aws:events:us-east-1:123456789012:rule/demo-rule"), EventBusName: aws.String("default")}},
			NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &eventbridge.ListRulesOutput{Rules: []ebtypes.Rule{{Name: aws.String("demo-2-rule"), Arn: aws.String("arn:aws:events:us-east-1:123456789012:rule/demo-2-rule")}}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func TestRuleListFollowsPages(t *testing.T) {
	f := newFake()
	f.tags["arn:aws:events:us-east-1:123456789012:rule/demo-rule"] = []ebtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}
	f.tags["arn:aws:events:us-east-1:123456789012:rule/demo-2-rule"] = []ebtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo-2")}}
	got, err := NewRule(pagedRules{f}).List(context.Background(), testPlan())
	if err != nil {
		t.Fatal(err)
	}
	var names, owners []string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		names, owners = append(names, l.Name+"@"+l.Outputs["eventBus"]), append(owners, tags[plan.TagProject])
	}
	if d := cmp.Diff([]string{"demo-rule@default", "demo-2-rule@default"}, names); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"demo", "demo-2"}, owners); d != "" {
		t.Errorf("owners (-want +got):\n%s", d)
	}
}
