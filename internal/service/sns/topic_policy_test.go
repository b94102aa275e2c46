package sns

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// recordingTopicPolicy keeps the one topic's attributes.
type recordingTopicPolicy struct {
	TopicPolicyAPI
	attrs map[string]map[string]string // topic ARN → attributes
}

func (f *recordingTopicPolicy) SetTopicAttributes(_ context.Context, in *sns.SetTopicAttributesInput, _ ...func(*sns.Options)) (*sns.SetTopicAttributesOutput, error) {
	a := aws.ToString(in.TopicArn)
	if f.attrs[a] == nil {
		f.attrs[a] = map[string]string{}
	}
	f.attrs[a][aws.ToString(in.AttributeName)] = aws.ToString(in.AttributeValue)
	return &sns.SetTopicAttributesOutput{}, nil
}

func (f *recordingTopicPolicy) GetTopicAttributes(_ context.Context, in *sns.GetTopicAttributesInput, _ ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error) {
	return &sns.GetTopicAttributesOutput{Attributes: f.attrs[aws.ToString(in.TopicArn)]}, nil
}

// Ensure sets the planned policy as the topic's Policy attribute, and
// Exists then finds S3 let in; a topic without that policy has none.
func TestTopicPolicyEnsure(t *testing.T) {
	const arn = "arn:aws:sns:us-east-1:000000000000:demo-topic"
	pol := json.RawMessage(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"SNS:Publish"}]}`)
	f := &recordingTopicPolicy{attrs: map[string]map[string]string{}}
	tp := NewTopicPolicy(f)
	rec := &service.Record{Kind: string(plan.KindTopicPolicy), Name: "demo-topic", Outputs: map[string]string{"topicArn": arn}}
	if ok, err := tp.Exists(context.Background(), service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists before Ensure = %t, %v; want false, nil", ok, err)
	}
	out, err := tp.Ensure(context.Background(), &service.Request{
		Plan:     &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{ID: plan.IDTopicPolicy, Kind: plan.KindTopicPolicy, Name: "demo-topic", Policy: pol},
		Inputs:   map[string]string{"topicArn": arn},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"topicArn": arn}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]map[string]string{arn: {"Policy": string(pol)}}, f.attrs); d != "" {
		t.Errorf("topic attributes (-want +got):\n%s", d)
	}
	if ok, err := tp.Exists(context.Background(), service.Env{}, rec); !ok || err != nil {
		t.Errorf("Exists after Ensure = %t, %v; want true, nil", ok, err)
	}
}
