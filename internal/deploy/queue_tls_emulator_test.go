package deploy

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Every queue is created with the TLS-only queue policy; a queue a service
// sends to carries it inside that service's queue policy. Status sees the
// policy deleted behind wireup's back and the next deploy puts it back.
func TestEmulatorQueueTLSOnly(t *testing.T) {
	em := needEmulator(t)
	ctx := context.Background()
	policy := func(t *testing.T, url string) string {
		t.Helper()
		got, err := em.clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy}})
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes["Policy"]
	}

	url := func(t *testing.T, tp *testProject, id string) string {
		t.Helper()
		st, err := LoadState(tp.engine.StatePath)
		if err != nil {
			t.Fatal(err)
		}
		return st.Resources[id].Outputs["url"]
	}

	t.Run("own policy", func(t *testing.T) {
		tp := em.newProject(t, []string{"sqs-to-lambda"})
		if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
			t.Fatalf("deploy: %v", err)
		}
		for _, id := range []string{plan.IDQueue, plan.IDDeadLetterQueue} {
			r := tp.plan.Resource(id)
			if !strings.Contains(string(r.Policy), "aws:SecureTransport") {
				t.Fatalf("%s: planned policy %s has no TLS-only statement", id, r.Policy)
			}
			if got := policy(t, url(t, tp, id)); !service.SamePolicy(got, r.Policy) {
				t.Errorf("%s: queue policy read back as %q, want %s", id, got, r.Policy)
			}
		}
		q := tp.plan.Resource(plan.IDQueue)
		u := url(t, tp, plan.IDQueue)
		if _, err := em.clients.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(u),
			Attributes: map[string]string{"Policy": ""}}); err != nil {
			t.Fatal(err)
		}
		if policy(t, u) != "" {
			t.Skipf("%s keeps a queue policy set to the empty string: drift cannot be shown", em.target)
		}
		st, err := tp.engine.Status(ctx, tp.plan)
		if err != nil {
			t.Fatal(err)
		}
		if d := st.Drift(); len(d) != 1 || d[0].ID != plan.IDQueue || !strings.Contains(d[0].Detail, "deleted outside wireup") {
			t.Errorf("drift = %+v, want the queue's policy deleted", d)
		}
		if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
			t.Fatal(err)
		}
		if got := policy(t, u); !service.SamePolicy(got, q.Policy) {
			t.Errorf("queue policy after converging: %q", got)
		}
		if st, err = tp.engine.Status(ctx, tp.plan); err != nil || len(st.Drift()) > 0 {
			t.Errorf("status after converging: %v %+v", err, st.Drift())
		}
	})

	t.Run("merged with a sender's", func(t *testing.T) {
		tp := em.newProject(t, []string{"s3-to-sqs"})
		if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
			t.Fatalf("deploy: %v", err)
		}
		if q := tp.plan.Resource(plan.IDQueue); len(q.Policy) > 0 {
			t.Errorf("the queue carries a policy of its own (%s) besides the queue policy resource", q.Policy)
		}
		got := policy(t, url(t, tp, plan.IDQueue))
		for _, want := range []string{"s3.amazonaws.com", "DenyInsecureTransport"} {
			if !strings.Contains(got, want) {
				t.Errorf("queue policy %s lacks %s", got, want)
			}
		}
	})
}

// Every topic is created with the TLS-only topic policy (a topic S3
// publishes to carries it inside the S3 topic policy); status sees it
// replaced behind wireup's back and the next deploy puts it back.
func TestEmulatorTopicTLSOnly(t *testing.T) {
	em := needEmulator(t)
	ctx := context.Background()
	tp := em.newProject(t, []string{"sns-to-sqs"})
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	st, err := LoadState(tp.engine.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	topic := tp.plan.Resource(plan.IDTopic)
	a := aws.String(st.Resources[plan.IDTopic].Outputs["arn"])
	c := em.clients.SNS
	read := func() string {
		got, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: a})
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes["Policy"]
	}
	if got := read(); !service.SamePolicy(got, topic.Policy) || !strings.Contains(got, "aws:SecureTransport") {
		t.Fatalf("topic policy read back as %q, want %s", got, topic.Policy)
	}
	open := `{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"` + *a + `"}]}`
	if _, err := c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: a, AttributeName: aws.String("Policy"), AttributeValue: aws.String(open)}); err != nil {
		t.Fatal(err)
	}
	s, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Drift(); len(d) != 1 || d[0].ID != plan.IDTopic || !strings.Contains(d[0].Detail, "outside wireup") {
		t.Errorf("drift = %+v, want the topic's policy changed", d)
	}
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatal(err)
	}
	if got := read(); !service.SamePolicy(got, topic.Policy) {
		t.Errorf("topic policy after converging: %q", got)
	}
}
