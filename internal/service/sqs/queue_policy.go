package sqs

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// QueuePolicyAPI is the part of the SQS client the queue policy kind uses.
type QueuePolicyAPI interface {
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, optFns ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	SetQueueAttributes(ctx context.Context, in *sqs.SetQueueAttributesInput, optFns ...func(*sqs.Options)) (*sqs.SetQueueAttributesOutput, error)
}

// QueuePolicy is the sqs.queue-policy kind: the resource policy that lets
// a service (S3, SNS) send to the route's queue.
type QueuePolicy struct{ c QueuePolicyAPI }

// NewQueuePolicy returns the queue policy kind on c.
func NewQueuePolicy(c QueuePolicyAPI) *QueuePolicy { return &QueuePolicy{c: c} }

var _ service.Typed = (*QueuePolicy)(nil)

// QueuePolicySettings are the queue policy's inputs: the URL of the queue
// it is set on, resolved at apply.
type QueuePolicySettings struct {
	QueueURL string `setting:"queueUrl"`
}

// NewSettings implements service.Typed.
func (*QueuePolicy) NewSettings() any { return &QueuePolicySettings{} }

// Kind implements service.Provider.
func (*QueuePolicy) Kind() plan.Kind { return plan.KindQueuePolicy }

// Ensure implements service.Provider.
func (q *QueuePolicy) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	var set QueuePolicySettings
	if err := service.Decode(req.Inputs, &set); err != nil {
		return nil, fmt.Errorf("queue policy %s: %w", req.Resource.Name, err)
	}
	u := set.QueueURL
	_, err := q.c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: aws.String(u), Attributes: map[string]string{"Policy": string(req.Resource.Policy)}})
	if err != nil {
		return nil, err
	}
	return map[string]string{"queueUrl": u}, nil
}

// Exists implements service.Provider: the queue has a policy.
func (q *QueuePolicy) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := q.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(rec.Outputs["queueUrl"]),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy}})
	if err != nil {
		return service.Exists(err)
	}
	return out.Attributes["Policy"] != "", nil
}

// Drift implements service.Provider: nothing is compared (a queue policy
// that is gone shows in Exists).
func (*QueuePolicy) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider: the queue keeps no policy.
func (q *QueuePolicy) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := q.c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(rec.Outputs["queueUrl"]), Attributes: map[string]string{"Policy": ""}})
	return err
}
