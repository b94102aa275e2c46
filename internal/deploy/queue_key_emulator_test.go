package deploy

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	svcsqs "github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// customerManagedKey creates a KMS key on the emulator for a test of
// setting (sns.kmsKey, sqs.kmsKey) and schedules its deletion when the test
// ends; the test is skipped where the target has no KMS.
func customerManagedKey(t *testing.T, em *emulator, setting string) string {
	t.Helper()
	ctx := context.Background()
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := kms.NewFromConfig(cfg)
	k, err := keys.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("wireup test: " + setting)})
	if err != nil {
		t.Skipf("%s has no KMS CreateKey (%v): the customer managed key cannot be tried", em.target, err)
	}
	t.Cleanup(func() {
		// By the key's id: moto 5.2.1 answers a key ARN here with a 500.
		if _, err := keys.ScheduleKeyDeletion(context.Background(), &kms.ScheduleKeyDeletionInput{KeyId: k.KeyMetadata.KeyId, PendingWindowInDays: aws.Int32(7)}); err != nil {
			t.Errorf("schedule the test key's deletion: %v", err)
		}
	})
	return aws.ToString(k.KeyMetadata.Arn)
}

// A queue S3 sends to, given a customer managed key (sqs.kmsKey), is
// created encrypted with that key, its dead-letter queue with SSE-SQS; a
// key changed behind wireup's back is drift, and the next deploy puts the
// project's key back.
func TestEmulatorQueueCustomerManagedKey(t *testing.T) {
	em := needEmulator(t)
	ctx := context.Background()
	key := customerManagedKey(t, em, "sqs.kmsKey")
	tp := em.newProject(t, []string{"app-to-s3", "s3-to-sqs"}, func(s *spec.Spec) { s.SQS.Encryption, s.SQS.KMSKey = true, key })
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	st, err := LoadState(tp.engine.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	masterKey := func(id string) string {
		t.Helper()
		got, err := em.clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(st.Resources[id].Outputs["url"]),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameKmsMasterKeyId}})
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes["KmsMasterKeyId"]
	}
	if got := masterKey(plan.IDQueue); got != key {
		if em.target == targets.Kumo && got == "" {
			t.Skip(svcsqs.KumoKeepsNoQueueKey)
		}
		t.Fatalf("queue encrypted with %q, want %s", got, key)
	}
	if got := masterKey(plan.IDDeadLetterQueue); got != "" {
		t.Errorf("dead-letter queue encrypted with %q, want SSE-SQS", got)
	}
	// The queue policy is sent again with the key: moto 5.2.1 drops a
	// policy that a SetQueueAttributes call does not name (AWS keeps it).
	u := aws.String(st.Resources[plan.IDQueue].Outputs["url"])
	pol, err := em.clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := em.clients.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: u,
		Attributes: map[string]string{"KmsMasterKeyId": "alias/aws/sqs", "Policy": pol.Attributes["Policy"]}}); err != nil {
		t.Fatal(err)
	}
	status, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := status.Drift(); len(d) != 1 || d[0].ID != plan.IDQueue || !strings.Contains(d[0].Detail, key) {
		t.Errorf("drift = %+v, want the queue's key", d)
	}
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatal(err)
	}
	if got := masterKey(plan.IDQueue); got != key {
		t.Errorf("after deploy the queue is encrypted with %q, want %s", got, key)
	}
	status, err = tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := status.Drift(); len(d) != 0 {
		t.Errorf("drift after deploy = %+v, want none", d)
	}
}
