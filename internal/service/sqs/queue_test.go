package sqs

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedSQS serves ListQueues in two pages, the project's queue on each; a
// token it never handed out fails the request. The embedded interface
// panics on any other call.
type pagedSQS struct{ QueueAPI }

func (pagedSQS) ListQueues(_ context.Context, in *sqs.ListQueuesInput, _ ...func(*sqs.Options)) (*sqs.ListQueuesOutput, error) {
	if aws.ToString(in.QueueNamePrefix) != "demo" {
		return nil, fmt.Errorf("ListQueues without the project prefix: %q", aws.ToString(in.QueueNamePrefix))
	}
	switch aws.ToString(in.NextToken) {
	case "":
		return &sqs.ListQueuesOutput{QueueUrls: []string{"http://sqs/000000000000/demo-queue-1"}, NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &sqs.ListQueuesOutput{QueueUrls: []string{"http://sqs/000000000000/demo-queue-2"}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func (pagedSQS) ListQueueTags(_ context.Context, _ *sqs.ListQueueTagsInput, _ ...func(*sqs.Options)) (*sqs.ListQueueTagsOutput, error) {
	return &sqs.ListQueueTagsOutput{Tags: map[string]string{plan.TagProject: "demo"}}, nil
}

func TestQueueListFollowsPages(t *testing.T) {
	got, err := NewQueue(pagedSQS{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil || !service.OwnedBy(tags, "demo") {
			t.Errorf("%s: tags %v, %v", l.Name, tags, err)
		}
		names = append(names, l.Name)
	}
	if d := cmp.Diff([]string{"demo-queue-1", "demo-queue-2"}, names); d != "" {
		t.Errorf("listed queues (-want +got):\n%s", d)
	}
}

// attrQueue keeps one queue's attributes as SQS does: CreateQueue of an
// existing queue with other attributes is QueueAlreadyExists, and a queue
// has one server-side encryption at a time (SqsManagedSseEnabled true with
// a KmsMasterKeyId is refused).
type attrQueue struct {
	QueueAPI
	attrs map[string]string
	sets  int
}

const queueURL = "http://sqs/000000000000/demo-queue"

func (f *attrQueue) CreateQueue(_ context.Context, in *sqs.CreateQueueInput, _ ...func(*sqs.Options)) (*sqs.CreateQueueOutput, error) {
	if f.attrs == nil {
		f.attrs = maps.Clone(in.Attributes)
		return &sqs.CreateQueueOutput{QueueUrl: aws.String(queueURL)}, f.check()
	}
	for k, v := range in.Attributes {
		if f.attrs[k] != v {
			return nil, &smithy.GenericAPIError{Code: "QueueAlreadyExists", Message: "A queue already exists with the same name and a different value for attribute " + k}
		}
	}
	return &sqs.CreateQueueOutput{QueueUrl: aws.String(queueURL)}, nil
}

func (f *attrQueue) check() error {
	if f.attrs["SqsManagedSseEnabled"] == "true" && f.attrs["KmsMasterKeyId"] != "" {
		return &smithy.GenericAPIError{Code: "InvalidAttributeValue", Message: "You can use one type of server-side encryption (SSE) at one time"}
	}
	return nil
}

func (f *attrQueue) GetQueueUrl(context.Context, *sqs.GetQueueUrlInput, ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error) {
	return &sqs.GetQueueUrlOutput{QueueUrl: aws.String(queueURL)}, nil
}

func (f *attrQueue) SetQueueAttributes(_ context.Context, in *sqs.SetQueueAttributesInput, _ ...func(*sqs.Options)) (*sqs.SetQueueAttributesOutput, error) {
	f.sets++
	maps.Copy(f.attrs, in.Attributes)
	return &sqs.SetQueueAttributesOutput{}, f.check()
}

func (f *attrQueue) GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error) {
	a := maps.Clone(f.attrs)
	a["QueueArn"] = "arn:aws:sqs:us-east-1:000000000000:demo-queue"
	return &sqs.GetQueueAttributesOutput{Attributes: a}, nil
}

// A queue given a customer managed key is created with it and without
// SSE-SQS; one an earlier deploy encrypted with SSE-SQS is drift naming
// the key until the next deploy sets it, and the TLS-only policy is kept
// and still checked; removing the key goes back to SSE-SQS the same way.
func TestQueueCustomerManagedKey(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cmk := map[string]string{"encryption": "true", "kmsKey": key}
	policy := []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:000000000000:demo-queue","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	r := &plan.Resource{ID: plan.IDQueue, Kind: plan.KindQueue, Name: "demo-queue", Policy: policy}
	req := func(in map[string]string, recorded bool) *service.Request {
		return &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: r, Inputs: in, Recorded: recorded, Created: func(map[string]string) {}}
	}
	fresh := &attrQueue{}
	if _, err := NewQueue(fresh).Ensure(context.Background(), req(cmk, false)); err != nil || fresh.attrs["KmsMasterKeyId"] != key || fresh.attrs["SqsManagedSseEnabled"] != "" {
		t.Errorf("new queue: attributes %v, %v; want KmsMasterKeyId %s and no SqsManagedSseEnabled", fresh.attrs, err, key)
	}

	f := &attrQueue{attrs: map[string]string{"SqsManagedSseEnabled": "true", "Policy": string(policy)}}
	q := NewQueue(f)
	rec := &service.Record{Kind: string(plan.KindQueue), Name: "demo-queue", Inputs: cmk, Outputs: map[string]string{"url": queueURL}}
	if d, err := q.Drift(context.Background(), service.Env{}, r, rec); err != nil || !strings.Contains(d, key) {
		t.Errorf("Drift of an SSE-SQS queue = %q, %v; want the key named", d, err)
	}
	for _, recorded := range []bool{false, true} {
		f.attrs = map[string]string{"SqsManagedSseEnabled": "true", "Policy": string(policy)}
		if _, err := q.Ensure(context.Background(), req(cmk, recorded)); err != nil || f.attrs["KmsMasterKeyId"] != key || f.attrs["SqsManagedSseEnabled"] != "false" {
			t.Fatalf("Ensure (recorded %t): attributes %v, %v", recorded, f.attrs, err)
		}
		if d, err := q.Drift(context.Background(), service.Env{}, r, rec); d != "" || err != nil {
			t.Errorf("Drift after Ensure (recorded %t) = %q, %v", recorded, d, err)
		}
	}
	f.attrs["Policy"] = ""
	if d, err := q.Drift(context.Background(), service.Env{}, r, rec); !strings.Contains(d, "TLS-only") || err != nil {
		t.Errorf("Drift without the policy = %q, %v; want the TLS-only policy named", d, err)
	}
	f.attrs["Policy"], f.attrs["KmsMasterKeyId"] = string(policy), "arn:aws:kms:us-east-1:000000000000:key/other"
	if d, err := q.Drift(context.Background(), service.Env{}, r, rec); !strings.Contains(d, key) || err != nil {
		t.Errorf("Drift with another key = %q, %v; want the key named", d, err)
	}
	// Back to SSE-SQS (sqs.kmsKey removed): the key is drift until the
	// next deploy turns it off and SSE-SQS on, in one call.
	sse := map[string]string{"encryption": "true"}
	back := &service.Record{Inputs: sse, Outputs: rec.Outputs}
	if d, err := q.Drift(context.Background(), service.Env{}, r, back); !strings.Contains(d, "want SSE-SQS") || err != nil {
		t.Errorf("Drift of a keyed queue planned with SSE-SQS = %q, %v; want SSE-SQS named", d, err)
	}
	if _, err := q.Ensure(context.Background(), req(sse, true)); err != nil || f.attrs["KmsMasterKeyId"] != "" || f.attrs["SqsManagedSseEnabled"] != "true" {
		t.Fatalf("Ensure back to SSE-SQS: attributes %v, %v", f.attrs, err)
	}
	if d, err := q.Drift(context.Background(), service.Env{}, r, back); d != "" || err != nil {
		t.Errorf("Drift after going back to SSE-SQS = %q, %v", d, err)
	}
	if k := (&QueueSettings{KMSKey: key}).masterKey(); k != "" {
		t.Errorf("masterKey without encryption = %q", k)
	}
}
