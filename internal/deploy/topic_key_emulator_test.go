package deploy

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// A topic S3 publishes to, given a customer managed key (sns.kmsKey), is
// created encrypted with that key; a key changed behind wireup's back is
// drift, and the next deploy puts the project's key back.
func TestEmulatorTopicCustomerManagedKey(t *testing.T) {
	em := needEmulator(t)
	ctx := context.Background()
	key := customerManagedKey(t, em, "sns.kmsKey")
	tp := em.newProject(t, []string{"app-to-s3", "s3-to-sns", "sns-to-sqs"}, func(s *spec.Spec) { s.SNS.Encryption, s.SNS.KMSKey = true, key })
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	st, err := LoadState(tp.engine.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.String(st.Resources[plan.IDTopic].Outputs["arn"])
	masterKey := func() string {
		t.Helper()
		got, err := em.clients.SNS.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: arn})
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes["KmsMasterKeyId"]
	}
	if got := masterKey(); got != key {
		t.Fatalf("topic encrypted with %q, want %s", got, key)
	}
	if _, err := em.clients.SNS.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: arn,
		AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String("alias/aws/sns")}); err != nil {
		t.Fatal(err)
	}
	status, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := status.Drift(); len(d) != 1 || d[0].ID != plan.IDTopic || !strings.Contains(d[0].Detail, key) {
		t.Errorf("drift = %+v, want the topic's key", d)
	}
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatal(err)
	}
	if got := masterKey(); got != key {
		t.Errorf("after deploy the topic is encrypted with %q, want %s", got, key)
	}
}
