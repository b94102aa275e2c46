package sns

import (
	"context"
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

var _ service.Provider = (*TopicPolicy)(nil)

// Kind implements service.Provider.
func (*TopicPolicy) Kind() plan.Kind { return plan.KindTopicPolicy }

// Ensure implements service.Provider.
func (t *TopicPolicy) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	in := req.Inputs
	_, err := t.c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{
		TopicArn: aws.String(in["topicArn"]), AttributeName: aws.String("Policy"), AttributeValue: aws.String(string(req.Resource.Policy))})
	return map[string]string{"topicArn": in["topicArn"]}, err
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
