package sns

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// recordingSubscription records the Subscribe and Unsubscribe calls.
type recordingSubscription struct {
	SubscriptionAPI
	calls []string
}

func (f *recordingSubscription) Subscribe(_ context.Context, in *sns.SubscribeInput, _ ...func(*sns.Options)) (*sns.SubscribeOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("Subscribe %s %s %s %v arn=%t", aws.ToString(in.TopicArn), aws.ToString(in.Protocol),
		aws.ToString(in.Endpoint), in.Attributes, in.ReturnSubscriptionArn))
	return &sns.SubscribeOutput{SubscriptionArn: aws.String(aws.ToString(in.TopicArn) + ":sub-1")}, nil
}

func (f *recordingSubscription) Unsubscribe(_ context.Context, in *sns.UnsubscribeInput, _ ...func(*sns.Options)) (*sns.UnsubscribeOutput, error) {
	f.calls = append(f.calls, "Unsubscribe "+aws.ToString(in.SubscriptionArn))
	return &sns.UnsubscribeOutput{}, nil
}

// Ensure subscribes with raw delivery and the filter policy and asks for
// the ARN at once; the subscription is known by it, and deleted by it.
func TestSubscriptionEnsureDelete(t *testing.T) {
	const topic = "arn:aws:sns:us-east-1:000000000000:demo-topic"
	const queue = "arn:aws:sqs:us-east-1:000000000000:demo-queue"
	f := &recordingSubscription{}
	s := NewSubscription(f)
	out, err := s.Ensure(context.Background(), &service.Request{
		Plan:     &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{ID: plan.IDSubscription, Kind: plan.KindSubscription, Name: "demo-topic"},
		Inputs:   map[string]string{"topicArn": topic, "protocol": "sqs", "endpoint": queue, "rawDelivery": "true", "filterPolicy": `{"type":["order"]}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"arn": topic + ":sub-1", "topicArn": topic}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	rec := &service.Record{Kind: string(plan.KindSubscription), Name: "demo-topic", Outputs: out}
	if got := s.Identity(rec); got != topic+":sub-1" {
		t.Errorf("Identity = %q, want the subscription ARN", got)
	}
	if err := s.Delete(context.Background(), service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Subscribe " + topic + " sqs " + queue + ` map[FilterPolicy:{"type":["order"]} RawMessageDelivery:true] arn=true`,
		"Unsubscribe " + topic + ":sub-1",
	}
	if d := cmp.Diff(want, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}
