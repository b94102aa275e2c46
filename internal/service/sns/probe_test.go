package sns

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

type probeTopic struct{ published map[string]string }

func (f *probeTopic) Publish(_ context.Context, in *sns.PublishInput, _ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	f.published[aws.ToString(in.TopicArn)] = aws.ToString(in.Message)
	return &sns.PublishOutput{MessageId: aws.String("m1")}, nil
}

// The probe publishes the canary to the route's topic, and says it cannot
// see a canary arrive at one.
func TestProbe(t *testing.T) {
	f := &probeTopic{published: map[string]string{}}
	c := &service.Canary{ID: "wireup-canary-1", Body: []byte(`{"id":"wireup-canary-1"}`), Route: []string{"s3-to-sns"}, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDTopic: {Outputs: map[string]string{"arn": "arn:aws:sns:us-east-1:123456789012:demo-topic"}}}}
	p := NewProbe(f)
	if _, err := p.Inject(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if got := f.published["arn:aws:sns:us-east-1:123456789012:demo-topic"]; got != string(c.Body) {
		t.Errorf("published %q to the topic, want the canary", got)
	}
	if p.Blind(c) == "" {
		t.Error("a topic at the end of a route is not blind")
	}
	if err := p.Await(context.Background(), c, "s3", time.Now()); err == nil {
		t.Error("Await at a topic passed")
	}
}
