package sqs

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// QueueAPI is the part of the SQS client the queue kind uses.
type QueueAPI interface {
	CreateQueue(ctx context.Context, in *sqs.CreateQueueInput, optFns ...func(*sqs.Options)) (*sqs.CreateQueueOutput, error)
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, optFns ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, optFns ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	SetQueueAttributes(ctx context.Context, in *sqs.SetQueueAttributesInput, optFns ...func(*sqs.Options)) (*sqs.SetQueueAttributesOutput, error)
	DeleteQueue(ctx context.Context, in *sqs.DeleteQueueInput, optFns ...func(*sqs.Options)) (*sqs.DeleteQueueOutput, error)
	ListQueues(ctx context.Context, in *sqs.ListQueuesInput, optFns ...func(*sqs.Options)) (*sqs.ListQueuesOutput, error)
	ListQueueTags(ctx context.Context, in *sqs.ListQueueTagsInput, optFns ...func(*sqs.Options)) (*sqs.ListQueueTagsOutput, error)
}

// Queue is the sqs.queue kind: a queue encrypted with SSE-SQS or the
// plan's customer managed key, with its redrive policy when the plan gives
// it a dead-letter queue.
type Queue struct{ c QueueAPI }

// NewQueue returns the queue kind on c.
func NewQueue(c QueueAPI) *Queue { return &Queue{c: c} }

var _ service.Typed = (*Queue)(nil)

// QueueSettings are the queue's planned settings and the dead-letter
// queue's ARN resolved at apply.
type QueueSettings struct {
	VisibilityTimeoutSeconds int32  `setting:"visibilityTimeoutSeconds"`
	RetentionSeconds         int32  `setting:"retentionSeconds"`
	Encryption               bool   `setting:"encryption"`
	KMSKey                   string `setting:"kmsKey"`
	DeadLetterTargetArn      string `setting:"deadLetterTargetArn"`
	MaxReceiveCount          int32  `setting:"maxReceiveCount"`
}

// NewSettings implements service.Typed.
func (*Queue) NewSettings() any { return &QueueSettings{} }

// Kind implements service.Provider.
func (*Queue) Kind() plan.Kind { return plan.KindQueue }

// Always implements service.Lister: queues are listed whatever the plan
// holds.
func (*Queue) Always() bool { return true }

// Ensure implements service.Provider.
func (q *Queue) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	r := req.Resource
	in, err := service.DecodeFor[QueueSettings](plan.KindQueue, r.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{}
	if v := in.VisibilityTimeoutSeconds; v != 0 {
		attrs["VisibilityTimeout"] = strconv.Itoa(int(v))
	}
	if v := in.RetentionSeconds; v != 0 {
		attrs["MessageRetentionPeriod"] = strconv.Itoa(int(v))
	}
	switch k := in.masterKey(); {
	case k != "":
		attrs["KmsMasterKeyId"] = k
	case in.Encryption:
		attrs["SqsManagedSseEnabled"] = "true"
	}
	if len(r.Policy) > 0 {
		// The TLS-only policy, from the first request on.
		attrs["Policy"] = string(r.Policy)
	}
	if dlq := in.DeadLetterTargetArn; dlq != "" {
		b, _ := json.Marshal(map[string]string{"deadLetterTargetArn": dlq, "maxReceiveCount": strconv.Itoa(int(in.MaxReceiveCount))})
		attrs["RedrivePolicy"] = string(b)
	}
	out, err := q.c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.Name), Attributes: attrs, Tags: service.TagMap(req.Plan)})
	var queueURL string
	switch code := service.ErrorCode(err); {
	case err == nil:
		queueURL = aws.ToString(out.QueueUrl)
		req.Created(map[string]string{"name": r.Name, "url": queueURL})
		if req.Recorded && len(attrs) > 0 {
			// The queue was there already (a deploy converging drift): AWS
			// refuses CreateQueue with other attributes (QueueAlreadyExists,
			// below), but kumo answers the queue unchanged.
			if err := q.converge(ctx, queueURL, attrs); err != nil {
				return nil, err
			}
		}
	case code == "QueueAlreadyExists" || code == "QueueNameExists":
		got, gerr := q.c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get queue url: %w", gerr)
		}
		queueURL = aws.ToString(got.QueueUrl)
		if err := q.converge(ctx, queueURL, attrs); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("create queue: %w", err)
	}
	got, err := q.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		return nil, fmt.Errorf("read queue arn: %w", err)
	}
	return map[string]string{"name": r.Name, "url": queueURL, "arn": got.Attributes["QueueArn"]}, nil
}

// masterKey is the customer managed key the planned queue is encrypted
// with, or "" (SSE-SQS or none).
func (in *QueueSettings) masterKey() string {
	if !in.Encryption {
		return ""
	}
	return in.KMSKey
}

// converge sets an existing queue's attributes to the plan's. A queue
// moving from SSE-SQS to a customer managed key turns SSE-SQS off in the
// same call, and one moving back turns the key off: a queue has one
// server-side encryption at a time
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
func (q *Queue) converge(ctx context.Context, queueURL string, attrs map[string]string) error {
	set := map[string]string{}
	switch {
	case attrs["KmsMasterKeyId"] != "":
		set["SqsManagedSseEnabled"] = "false"
	case attrs["SqsManagedSseEnabled"] == "true":
		// Back from a customer managed key (sqs.kmsKey removed): an empty
		// key turns SSE-KMS off. Only then: a queue without a key is sent
		// nothing about one.
		got, err := q.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameKmsMasterKeyId}})
		if err != nil {
			return fmt.Errorf("read queue encryption: %w", err)
		}
		if got.Attributes["KmsMasterKeyId"] != "" {
			set["KmsMasterKeyId"] = ""
		}
	}
	for k, v := range attrs {
		set[k] = v
	}
	if _, err := q.c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(queueURL), Attributes: set}); err != nil {
		return fmt.Errorf("update queue: %w", err)
	}
	return nil
}

// Exists implements service.Provider.
func (q *Queue) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := q.c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: the queue's customer managed key, and
// its own policy (the TLS-only one, when no queue policy resource replaces
// it), are compared with the planned ones.
func (q *Queue) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	in, err := service.DecodeFor[QueueSettings](plan.KindQueue, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	want := in.masterKey()
	sseSQS := want == "" && in.Encryption
	if len(r.Policy) == 0 && want == "" && !sseSQS {
		return "", nil
	}
	got, err := q.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(rec.Outputs["url"]),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy, sqstypes.QueueAttributeNameKmsMasterKeyId}})
	if err != nil {
		return "", err
	}
	switch k := got.Attributes["KmsMasterKeyId"]; {
	case want != "" && k != want:
		return fmt.Sprintf("encrypted with %q, want the customer managed key %q", k, want), nil
	case sseSQS && k != "":
		return fmt.Sprintf("encrypted with the key %q, want SSE-SQS (sqs.kmsKey is not set)", k), nil
	}
	switch pol := got.Attributes["Policy"]; {
	case len(r.Policy) == 0:
	case pol == "":
		return "the TLS-only queue policy was deleted outside wireup", nil
	case !service.SamePolicy(pol, r.Policy):
		return "the queue policy was changed outside wireup", nil
	}
	return "", nil
}

// Delete implements service.Provider.
func (q *Queue) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	u, err := q.c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(rec.Name)})
	if err != nil {
		return err
	}
	_, err = q.c.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: u.QueueUrl})
	return err
}

// List implements service.Lister: the queues named with the project's
// prefix, and the plan's queues whatever their name.
func (q *Queue) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	var urls []string
	// SQS returns a NextToken only when MaxResults is set.
	pg := sqs.NewListQueuesPaginator(q.c, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(p.Project), MaxResults: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		urls = append(urls, page.QueueUrls...)
	}
	for _, r := range p.Resources {
		if r.Kind == plan.KindQueue && !strings.HasPrefix(r.Name, p.Project) {
			if u, err := q.c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.Name)}); err == nil {
				urls = append(urls, aws.ToString(u.QueueUrl))
			}
		}
	}
	var out []service.Listed
	for _, u := range urls {
		n := u[strings.LastIndex(u, "/")+1:]
		out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "url": u}, Tags: func(ctx context.Context) (map[string]string, error) {
			t, err := q.c.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(u)})
			if err != nil {
				return nil, err
			}
			return t.Tags, nil
		}})
	}
	return out, nil
}
