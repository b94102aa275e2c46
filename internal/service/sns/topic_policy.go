package sns

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TopicPolicyAPI is the part of the SNS client the topic policy kind uses.
type TopicPolicyAPI interface {
	GetTopicAttributes(ctx context.Context, in *sns.GetTopicAttributesInput, optFns ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
	SetTopicAttributes(ctx context.Context, in *sns.SetTopicAttributesInput, optFns ...func(*sns.Options)) (*sns.SetTopicAttributesOutput, error)
}

// TopicPolicy is the sns.topic-policy kind: the resource policy that lets
// S3 publish to the route's topic.
type TopicPolicy struct{ c TopicPolicyAPI }

// NewTopicPolicy returns the topic policy kind on c.
func NewTopicPolicy(c TopicPolicyAPI) *TopicPolicy { return &TopicPolicy{c: c} }

var _ service.Typed = (*TopicPolicy)(nil)

// TopicPolicySettings are the topic policy's inputs: the ARN of the topic
// it is set on, resolved at apply.
type TopicPolicySettings struct {
	TopicArn string `setting:"topicArn"`
}

// NewSettings implements service.Typed.
func (*TopicPolicy) NewSettings() any { return &TopicPolicySettings{} }

// Kind implements service.Provider.
func (*TopicPolicy) Kind() plan.Kind { return plan.KindTopicPolicy }

// Ensure implements service.Provider.
func (t *TopicPolicy) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	var in TopicPolicySettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("topic policy %s: %w", req.Resource.Name, err)
	}
	_, err := t.c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{
		TopicArn: aws.String(in.TopicArn), AttributeName: aws.String("Policy"), AttributeValue: aws.String(string(req.Resource.Policy))})
	return map[string]string{"topicArn": in.TopicArn}, err
}

// Exists implements service.Provider: the topic's policy lets S3 in.
func (t *TopicPolicy) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := t.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(rec.Outputs["topicArn"])})
	if err != nil {
		return service.Exists(err)
	}
	return strings.Contains(out.Attributes["Policy"], "s3.amazonaws.com"), nil
}

// Drift implements service.Provider: nothing is compared (a topic policy
// that is gone shows in Exists).
func (*TopicPolicy) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider: the policy goes with the topic, which
// is deleted after it.
func (*TopicPolicy) Delete(context.Context, service.Env, *service.Record) error {
	return nil
}
