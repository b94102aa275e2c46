package eventbridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// RuleAPI is the part of the EventBridge client the rule kind uses.
type RuleAPI interface {
	DescribeRule(ctx context.Context, in *eventbridge.DescribeRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.DescribeRuleOutput, error)
	PutRule(ctx context.Context, in *eventbridge.PutRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutRuleOutput, error)
	PutTargets(ctx context.Context, in *eventbridge.PutTargetsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutTargetsOutput, error)
	ListTargetsByRule(ctx context.Context, in *eventbridge.ListTargetsByRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error)
	RemoveTargets(ctx context.Context, in *eventbridge.RemoveTargetsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.RemoveTargetsOutput, error)
	DeleteRule(ctx context.Context, in *eventbridge.DeleteRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.DeleteRuleOutput, error)
	ListRules(ctx context.Context, in *eventbridge.ListRulesInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListRulesOutput, error)
	ListTagsForResource(ctx context.Context, in *eventbridge.ListTagsForResourceInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListTagsForResourceOutput, error)
}

// Rule is the events.rule kind: a rule on an event bus that sends the
// events its pattern matches to one target, the route's next service. The
// target is part of the rule: PutRule then PutTargets to create or update
// it, RemoveTargets then DeleteRule to delete it (a rule with targets
// cannot be deleted):
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html
type Rule struct{ c RuleAPI }

// NewRule returns the rule kind on c.
func NewRule(c RuleAPI) *Rule { return &Rule{c: c} }

var (
	_ service.Lister = (*Rule)(nil)
	_ service.Typed  = (*Rule)(nil)
)

// RuleSettings are the rule's planned settings and the target, role and
// dead-letter queue ARNs resolved at apply. Source and DetailType are what
// the producer puts on its events, for verify's canary.
type RuleSettings struct {
	EventBus           string `setting:"eventBus"`
	EventPattern       string `setting:"eventPattern"`
	TargetID           string `setting:"targetId"`
	TargetArn          string `setting:"targetArn"`
	RoleArn            string `setting:"roleArn"`
	PartitionKeyPath   string `setting:"partitionKeyPath"`
	DeadLetterArn      string `setting:"deadLetterArn"`
	MaxRetryAttempts   int32  `setting:"maxRetryAttempts"`
	MaxEventAgeSeconds int32  `setting:"maxEventAgeSeconds"`
	Source             string `setting:"source"`
	DetailType         string `setting:"detailType"`
}

// NewSettings implements service.Typed.
func (*Rule) NewSettings() any { return &RuleSettings{} }

// Kind implements service.Provider.
func (*Rule) Kind() plan.Kind { return plan.KindRule }

// Always implements service.Lister: rules are listed only when the plan
// has one.
func (*Rule) Always() bool { return false }

// target is the rule's one target as the plan's inputs give it.
func target(in *RuleSettings) ebtypes.Target {
	t := ebtypes.Target{Id: aws.String(in.TargetID), Arn: aws.String(in.TargetArn)}
	if r := in.RoleArn; r != "" {
		t.RoleArn = aws.String(r)
	}
	if k := in.PartitionKeyPath; k != "" {
		t.KinesisParameters = &ebtypes.KinesisParameters{PartitionKeyPath: aws.String(k)}
	}
	if d := in.DeadLetterArn; d != "" {
		t.DeadLetterConfig = &ebtypes.DeadLetterConfig{Arn: aws.String(d)}
	}
	if in.MaxEventAgeSeconds != 0 {
		t.RetryPolicy = &ebtypes.RetryPolicy{MaximumRetryAttempts: aws.Int32(in.MaxRetryAttempts),
			MaximumEventAgeInSeconds: aws.Int32(in.MaxEventAgeSeconds)}
	}
	return t
}

// Ensure implements service.Provider: PutRule creates the rule or updates
// the one of that name, which is adopted only when it is the project's;
// PutTargets then sets its target, and targets the plan no longer has are
// removed.
func (rl *Rule) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	in, err := service.DecodeFor[RuleSettings](plan.KindRule, r.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	bus := in.EventBus
	existing, err := rl.c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(r.Name), EventBusName: aws.String(bus)})
	exists := err == nil
	switch {
	case err != nil && !service.IsNotFound(err):
		return nil, fmt.Errorf("describe rule: %w", err)
	case exists && !req.Recorded:
		tags, err := rl.tags(ctx, aws.ToString(existing.Arn))
		if err != nil {
			return nil, fmt.Errorf("read the tags of existing rule %s: %w", r.Name, err)
		}
		if !req.Owns(tags) {
			return nil, fmt.Errorf("rule %s on event bus %s exists and is not project %s's: %w; rename eventbridge.rule in wireup.yaml", r.Name, bus, p.Project, service.ErrNameTaken)
		}
	}
	// PutRule tags only the rule it creates: an adopted rule keeps the tags
	// it was created with, the project's among them.
	var tags []ebtypes.Tag
	for _, t := range p.Tags {
		if !exists {
			tags = append(tags, ebtypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
		}
	}
	out, err := rl.c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(r.Name), EventBusName: aws.String(bus),
		EventPattern: aws.String(in.EventPattern), State: ebtypes.RuleStateEnabled,
		Description: aws.String("wireup " + p.Project), Tags: tags})
	if err != nil {
		return nil, fmt.Errorf("put rule: %w", err)
	}
	outputs := map[string]string{"name": r.Name, "arn": aws.ToString(out.RuleArn), "eventBus": bus}
	if !exists {
		// Recorded before its target is put: if that fails, the rule is
		// still destroy's to delete.
		req.Created(outputs)
	}
	want := target(in)
	// A role just created may not be assumable by EventBridge yet; AWS
	// checks only the caller's iam:PassRole here, but emulators and future
	// validation may answer with a role error, which passes with time.
	err = req.Do(ctx, service.RoleTransient, func() error {
		res, err := rl.c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(r.Name), EventBusName: aws.String(bus), Targets: []ebtypes.Target{want}})
		if err != nil {
			return err
		}
		if res.FailedEntryCount > 0 && len(res.FailedEntries) > 0 {
			f := res.FailedEntries[0]
			return fmt.Errorf("target %s refused: %s: %s", aws.ToString(f.TargetId), aws.ToString(f.ErrorCode), aws.ToString(f.ErrorMessage))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("put targets of rule %s: %w", r.Name, err)
	}
	if exists {
		live, err := rl.targets(ctx, r.Name, bus)
		if err != nil {
			return nil, err
		}
		var stale []string
		for _, t := range live {
			if id := aws.ToString(t.Id); id != aws.ToString(want.Id) {
				stale = append(stale, id)
			}
		}
		if err := rl.remove(ctx, r.Name, bus, stale); err != nil {
			return nil, err
		}
	}
	return outputs, nil
}

// Exists implements service.Provider.
func (rl *Rule) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := rl.c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(rec.Name), EventBusName: aws.String(rec.Outputs["eventBus"])})
	return service.Exists(err)
}

// Drift implements service.Provider: a disabled rule, a pattern that no
// longer matches the producer's events, a target that is gone or sends
// elsewhere, and a dead-letter queue taken off each lose events without
// changing the plan. A field the
// target does not read back (kumo drops KinesisParameters) is not drift.
func (rl *Rule) Drift(ctx context.Context, env service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	in, err := service.DecodeFor[RuleSettings](plan.KindRule, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	bus := rec.Outputs["eventBus"]
	got, err := rl.c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(rec.Name), EventBusName: aws.String(bus)})
	if err != nil {
		return "", fmt.Errorf("describe rule: %w", err)
	}
	var diffs service.Diffs
	diffs.If(got.State != ebtypes.RuleStateEnabled, "state %s, want %s", got.State, ebtypes.RuleStateEnabled)
	diffs.If(!samePattern(aws.ToString(got.EventPattern), in.EventPattern), "event pattern %s, want %s", aws.ToString(got.EventPattern), in.EventPattern)
	live, err := rl.targets(ctx, rec.Name, bus)
	if err != nil {
		return "", err
	}
	want := target(in)
	i := slices.IndexFunc(live, func(t ebtypes.Target) bool { return aws.ToString(t.Id) == aws.ToString(want.Id) })
	if i < 0 {
		diffs = append(diffs, fmt.Sprintf("target %s is gone", aws.ToString(want.Id)))
		return diffs.String(), nil
	}
	t := live[i]
	if a, b := aws.ToString(t.Arn), aws.ToString(want.Arn); a != b {
		diffs = append(diffs, fmt.Sprintf("target ARN %s, want %s", a, b))
	}
	if a, b := aws.ToString(t.RoleArn), aws.ToString(want.RoleArn); a != b {
		diffs = append(diffs, fmt.Sprintf("target role %q, want %q", a, b))
	}
	for _, f := range optionalFields {
		w := f.value(want)
		if w == nil || !ReadsBackRuleTarget(env.Target, f.field) {
			continue
		}
		if got := aws.ToString(f.value(t)); got != *w {
			diffs = append(diffs, fmt.Sprintf("%s %q, want %q", f.what, got, *w))
		}
	}
	return diffs.String(), nil
}

// optionalFields are the target fields a plan may set that Drift compares:
// the API name (which targets.ReadsBackRuleTarget knows), what it is, and
// its value, nil where the target has none.
var optionalFields = []struct {
	field, what string
	value       func(ebtypes.Target) *string
}{
	{"DeadLetterConfig", "dead-letter queue", func(t ebtypes.Target) *string {
		if t.DeadLetterConfig == nil {
			return nil
		}
		return t.DeadLetterConfig.Arn
	}},
	{"KinesisParameters", "partition key path", func(t ebtypes.Target) *string {
		if t.KinesisParameters == nil {
			return nil
		}
		return t.KinesisParameters.PartitionKeyPath
	}},
}

// samePattern compares event patterns as JSON: EventBridge may return the
// pattern reformatted.
func samePattern(live, want string) bool {
	var a, b any
	if json.Unmarshal([]byte(live), &a) != nil || json.Unmarshal([]byte(want), &b) != nil {
		return live == want
	}
	return reflect.DeepEqual(a, b)
}

// Delete implements service.Provider: every target first, then the rule.
func (rl *Rule) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	bus := rec.Outputs["eventBus"]
	live, err := rl.targets(ctx, rec.Name, bus)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(live))
	for _, t := range live {
		ids = append(ids, aws.ToString(t.Id))
	}
	if err := rl.remove(ctx, rec.Name, bus, ids); err != nil {
		return err
	}
	_, err = rl.c.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(rec.Name), EventBusName: aws.String(bus)})
	return err
}

// List implements service.Lister: the rules of the default event bus
// whose names start with the project's, every page.
func (rl *Rule) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	in := &eventbridge.ListRulesInput{NamePrefix: aws.String(p.Project), EventBusName: aws.String(DefaultBus)}
	for {
		page, err := rl.c.ListRules(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Rules {
			n, a := aws.ToString(r.Name), aws.ToString(r.Arn)
			bus := aws.ToString(r.EventBusName)
			if bus == "" {
				bus = DefaultBus
			}
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": a, "eventBus": bus},
				Tags: func(ctx context.Context) (map[string]string, error) { return rl.tags(ctx, a) }})
		}
		if aws.ToString(page.NextToken) == "" {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// DefaultBus is the account's default event bus, where wireup puts its
// rules and the producer sends.
const DefaultBus = "default"

// targets lists every target of a rule, every page.
func (rl *Rule) targets(ctx context.Context, rule, bus string) ([]ebtypes.Target, error) {
	var out []ebtypes.Target
	in := &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule), EventBusName: aws.String(bus)}
	for {
		page, err := rl.c.ListTargetsByRule(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list targets of rule %s: %w", rule, err)
		}
		out = append(out, page.Targets...)
		if aws.ToString(page.NextToken) == "" {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// remove removes targets ids of a rule, at most 100 per call (the API's
// limit), and fails on any it could not remove.
func (rl *Rule) remove(ctx context.Context, rule, bus string, ids []string) error {
	for chunk := range slices.Chunk(ids, 100) {
		res, err := rl.c.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(rule), EventBusName: aws.String(bus), Ids: chunk})
		if err != nil {
			return fmt.Errorf("remove targets of rule %s: %w", rule, err)
		}
		if res.FailedEntryCount > 0 && len(res.FailedEntries) > 0 {
			f := res.FailedEntries[0]
			return fmt.Errorf("remove target %s of rule %s: %s: %s", aws.ToString(f.TargetId), rule, aws.ToString(f.ErrorCode), aws.ToString(f.ErrorMessage))
		}
	}
	return nil
}

// tags reads a rule's tags.
func (rl *Rule) tags(ctx context.Context, ruleARN string) (map[string]string, error) {
	if ruleARN == "" {
		return nil, errors.New("the rule has no ARN to read its tags by")
	}
	out, err := rl.c.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: aws.String(ruleARN)})
	if err != nil {
		return nil, err
	}
	return service.TagsOf(out.Tags, ebTag), nil
}

func ebTag(t ebtypes.Tag) (*string, *string) { return t.Key, t.Value }
