package sqs

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
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
