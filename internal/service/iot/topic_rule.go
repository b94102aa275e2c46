package iot

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	iottypes "github.com/aws/aws-sdk-go-v2/service/iot/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TopicRuleAPI is the part of the IoT client the topic rule kind uses.
type TopicRuleAPI interface {
	CreateTopicRule(ctx context.Context, in *iot.CreateTopicRuleInput, optFns ...func(*iot.Options)) (*iot.CreateTopicRuleOutput, error)
	GetTopicRule(ctx context.Context, in *iot.GetTopicRuleInput, optFns ...func(*iot.Options)) (*iot.GetTopicRuleOutput, error)
	ReplaceTopicRule(ctx context.Context, in *iot.ReplaceTopicRuleInput, optFns ...func(*iot.Options)) (*iot.ReplaceTopicRuleOutput, error)
	DeleteTopicRule(ctx context.Context, in *iot.DeleteTopicRuleInput, optFns ...func(*iot.Options)) (*iot.DeleteTopicRuleOutput, error)
	ListTopicRules(ctx context.Context, in *iot.ListTopicRulesInput, optFns ...func(*iot.Options)) (*iot.ListTopicRulesOutput, error)
	ListTagsForResource(ctx context.Context, in *iot.ListTagsForResourceInput, optFns ...func(*iot.Options)) (*iot.ListTagsForResourceOutput, error)
}

// TopicRule is the iot.topic-rule kind: a rule that sends the messages its
// SQL selects to one action (Kinesis, Firehose, SQS, SNS, S3, DynamoDB,
// Lambda or OpenSearch), chosen by the resource's action setting.
type TopicRule struct{ c TopicRuleAPI }

// NewTopicRule returns the topic rule kind on c.
func NewTopicRule(c TopicRuleAPI) *TopicRule { return &TopicRule{c: c} }

var (
	_ service.Lister = (*TopicRule)(nil)
	_ service.Typed  = (*TopicRule)(nil)
)

// TopicRuleSettings are the rule's planned settings and the ARNs, URL and
// endpoint resolved at apply: the SQL, the action, and the fields of that
// action. Topic is where the producer publishes, for verify's canary.
type TopicRuleSettings struct {
	SQL                string `setting:"sql"`
	Action             string `setting:"action"`
	Topic              string `setting:"topic"`
	RoleArn            string `setting:"roleArn"`
	StreamName         string `setting:"streamName"`
	PartitionKey       string `setting:"partitionKey"`
	DeliveryStreamName string `setting:"deliveryStreamName"`
	Separator          string `setting:"separator"`
	QueueURL           string `setting:"queueUrl"`
	TargetArn          string `setting:"targetArn"`
	MessageFormat      string `setting:"messageFormat"`
	BucketName         string `setting:"bucketName"`
	Key                string `setting:"key"`
	TableName          string `setting:"tableName"`
	FunctionArn        string `setting:"functionArn"`
	Endpoint           string `setting:"endpoint"`
	Index              string `setting:"index"`
	Type               string `setting:"type"`
	ID                 string `setting:"id"`
}

// NewSettings implements service.Typed.
func (*TopicRule) NewSettings() any { return &TopicRuleSettings{} }

// Kind implements service.Provider.
func (*TopicRule) Kind() plan.Kind { return plan.KindTopicRule }

// Always implements service.Lister: topic rules are listed only when the
// plan has one.
func (*TopicRule) Always() bool { return false }

// Ensure implements service.Provider.
func (t *TopicRule) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	var in TopicRuleSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("topic rule %s: %w", r.Name, err)
	}
	role := aws.String(in.RoleArn)
	var action iottypes.Action
	switch in.Action {
	case "kinesis":
		action.Kinesis = &iottypes.KinesisAction{StreamName: aws.String(in.StreamName), PartitionKey: aws.String(in.PartitionKey), RoleArn: role}
	case "firehose":
		action.Firehose = &iottypes.FirehoseAction{DeliveryStreamName: aws.String(in.DeliveryStreamName), Separator: aws.String(in.Separator), RoleArn: role}
	case "sqs":
		action.Sqs = &iottypes.SqsAction{QueueUrl: aws.String(in.QueueURL), RoleArn: role}
	case "sns":
		action.Sns = &iottypes.SnsAction{TargetArn: aws.String(in.TargetArn), MessageFormat: iottypes.MessageFormat(in.MessageFormat), RoleArn: role}
	case "s3":
		action.S3 = &iottypes.S3Action{BucketName: aws.String(in.BucketName), Key: aws.String(in.Key), RoleArn: role}
	case "dynamodb":
		action.DynamoDBv2 = &iottypes.DynamoDBv2Action{PutItem: &iottypes.PutItemInput{TableName: aws.String(in.TableName)}, RoleArn: role}
	case "lambda":
		action.Lambda = &iottypes.LambdaAction{FunctionArn: aws.String(in.FunctionArn)}
	case "opensearch":
		action.OpenSearch = &iottypes.OpenSearchAction{Endpoint: aws.String("https://" + in.Endpoint), Index: aws.String(in.Index),
			Type: aws.String(in.Type), Id: aws.String(in.ID), RoleArn: role}
	default:
		return nil, fmt.Errorf("unknown topic rule action %q", in.Action)
	}
	payload := &iottypes.TopicRulePayload{Sql: aws.String(in.SQL), AwsIotSqlVersion: aws.String("2016-03-23"), RuleDisabled: aws.Bool(false),
		Actions: []iottypes.Action{action}, Description: aws.String(description(p))}
	q := url.Values{}
	for _, tag := range p.Tags {
		q.Set(tag.Key, tag.Value)
	}
	// A role just created may not be visible to the service yet.
	transient := func(err error) bool {
		return service.ErrorCode(err) == "InvalidRequestException" && service.RoleTransient(err)
	}
	err := req.Do(ctx, transient, func() error {
		_, err := t.c.CreateTopicRule(ctx, &iot.CreateTopicRuleInput{RuleName: aws.String(r.Name), TopicRulePayload: payload, Tags: aws.String(q.Encode())})
		switch {
		case err == nil:
			// Recorded before GetTopicRule: if that fails, the rule is
			// still destroy's to delete. Deleting needs only the name.
			req.Created(map[string]string{"name": r.Name})
		case service.ErrorCode(err) == "ResourceAlreadyExistsException":
			_, err = t.c.ReplaceTopicRule(ctx, &iot.ReplaceTopicRuleInput{RuleName: aws.String(r.Name), TopicRulePayload: payload})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create topic rule: %w", err)
	}
	got, err := t.c.GetTopicRule(ctx, &iot.GetTopicRuleInput{RuleName: aws.String(r.Name)})
	if err != nil {
		return nil, fmt.Errorf("get topic rule: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(got.RuleArn)}, nil
}

// Exists implements service.Provider. IoT answers a missing rule with
// UnauthorizedException, which service.IsNotFound counts as not found.
func (t *TopicRule) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := t.c.GetTopicRule(ctx, &iot.GetTopicRuleInput{RuleName: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: nothing of a topic rule is compared.
func (*TopicRule) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider.
func (t *TopicRule) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := t.c.DeleteTopicRule(ctx, &iot.DeleteTopicRuleInput{RuleName: aws.String(rec.Name)})
	return err
}

// List implements service.Lister.
func (t *TopicRule) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	pg := iot.NewListTopicRulesPaginator(t.c, &iot.ListTopicRulesInput{})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *iot.ListTopicRulesOutput) (out []service.Listed) {
		for _, r := range page.Rules {
			n, a := aws.ToString(r.RuleName), aws.ToString(r.RuleArn)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": a}, Tags: func(ctx context.Context) (map[string]string, error) {
				return t.owner(ctx, p, n, a)
			}})
		}
		return out
	})
}

// description is what Ensure writes into a rule's description: the mark
// owner reads where the rule's tags cannot be.
func description(p *plan.Plan) string { return "wireup " + p.Project }

// owner returns a rule's tags or, where they cannot be read (moto answers
// ListTagsForResource on a rule with a 500 whatever the rule), the
// project's tag for a rule the project's name rule gives it and that
// carries the description Ensure writes for the project. The name rule is
// the plan's rule, or, as Discover lists by, a name that starts with
// "<project>_" (rule names allow no hyphen); the description tells the
// project's rules from those of a project named "<project>-2". A rule
// whose description cannot be read either is the project's only if it is
// the plan's rule. The fallback is taken only when the tags are
// unreadable, never when they name another project.
func (t *TopicRule) owner(ctx context.Context, p *plan.Plan, name, ruleARN string) (map[string]string, error) {
	tags, err := t.tags(ctx, ruleARN)
	if err == nil || service.IsNotFound(err) || ctx.Err() != nil || !namedFor(p, name) {
		return tags, err
	}
	got, gerr := t.c.GetTopicRule(ctx, &iot.GetTopicRuleInput{RuleName: aws.String(name)})
	if gerr == nil {
		var d string
		if got.Rule != nil {
			d = aws.ToString(got.Rule.Description)
		}
		if d != description(p) {
			return nil, fmt.Errorf("%w; rule %s is named for project %s but its description %q is not the one wireup writes", err, name, p.Project, d)
		}
	} else if service.IsNotFound(gerr) || ctx.Err() != nil || !planned(p, name) {
		return nil, err
	}
	return map[string]string{plan.TagProject: p.Project}, nil
}

// planned reports whether name is the plan's topic rule.
func planned(p *plan.Plan, name string) bool {
	for _, r := range p.Resources {
		if r.Kind == plan.KindTopicRule && r.Name == name {
			return true
		}
	}
	return false
}

// namedFor reports whether the project's name rule gives the topic rule
// to p.
func namedFor(p *plan.Plan, name string) bool {
	return planned(p, name) || p.Project != "" && strings.HasPrefix(name, strings.ReplaceAll(p.Project, "-", "_")+"_")
}

// tags reads every page of a topic rule's tags.
func (t *TopicRule) tags(ctx context.Context, ruleARN string) (map[string]string, error) {
	m := map[string]string{}
	pg := iot.NewListTagsForResourcePaginator(t.c, &iot.ListTagsForResourceInput{ResourceArn: aws.String(ruleARN)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, service.TagsOf(page.Tags, iotTag))
	}
	return m, nil
}

func iotTag(t iottypes.Tag) (*string, *string) { return t.Key, t.Value }
