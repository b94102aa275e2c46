package sns

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TopicAPI is the part of the SNS client the topic kind uses.
type TopicAPI interface {
	CreateTopic(ctx context.Context, in *sns.CreateTopicInput, optFns ...func(*sns.Options)) (*sns.CreateTopicOutput, error)
	GetTopicAttributes(ctx context.Context, in *sns.GetTopicAttributesInput, optFns ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
	SetTopicAttributes(ctx context.Context, in *sns.SetTopicAttributesInput, optFns ...func(*sns.Options)) (*sns.SetTopicAttributesOutput, error)
	DeleteTopic(ctx context.Context, in *sns.DeleteTopicInput, optFns ...func(*sns.Options)) (*sns.DeleteTopicOutput, error)
	ListTopics(ctx context.Context, in *sns.ListTopicsInput, optFns ...func(*sns.Options)) (*sns.ListTopicsOutput, error)
	ListTagsForResource(ctx context.Context, in *sns.ListTagsForResourceInput, optFns ...func(*sns.Options)) (*sns.ListTagsForResourceOutput, error)
	ListSubscriptionsByTopic(ctx context.Context, in *sns.ListSubscriptionsByTopicInput, optFns ...func(*sns.Options)) (*sns.ListSubscriptionsByTopicOutput, error)
}

// Topic is the sns.topic kind: a topic, encrypted with the customer
// managed key or the AWS managed key when the plan asks for it.
type Topic struct{ c TopicAPI }

// NewTopic returns the topic kind on c.
func NewTopic(c TopicAPI) *Topic { return &Topic{c: c} }

var (
	_ service.Lister = (*Topic)(nil)
	_ service.Parent = (*Topic)(nil)
	_ service.Typed  = (*Topic)(nil)
)

// TopicSettings are the topic's planned settings.
type TopicSettings struct {
	Encryption bool   `setting:"encryption"`
	KMSKey     string `setting:"kmsKey"`
}

// NewSettings implements service.Typed.
func (*Topic) NewSettings() any { return &TopicSettings{} }

// Kind implements service.Provider.
func (*Topic) Kind() plan.Kind { return plan.KindTopic }

// Always implements service.Lister: topics are listed whatever the plan
// holds.
func (*Topic) Always() bool { return true }

// Ensure implements service.Provider.
func (t *Topic) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	r := req.Resource
	in, err := service.DecodeFor[TopicSettings](plan.KindTopic, r.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{}
	if k := in.masterKey(); k != "" {
		attrs["KmsMasterKeyId"] = k
	}
	if len(r.Policy) > 0 {
		// The TLS-only policy, from the first publish on.
		attrs["Policy"] = string(r.Policy)
	}
	tags := service.TagList(req.Plan, func(k, v *string) snstypes.Tag { return snstypes.Tag{Key: k, Value: v} })
	out, err := t.c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(r.Name), Attributes: attrs, Tags: tags})
	if err != nil {
		return nil, fmt.Errorf("create topic: %w", err)
	}
	// Recorded the moment it exists, so that no call made after this one
	// (now or added later) can fail and leave the topic untracked.
	// CreateTopic also answers an existing topic of that name; recording
	// that one early changes nothing, Ensure returns it anyway.
	outputs := map[string]string{"name": r.Name, "arn": aws.ToString(out.TopicArn)}
	req.Created(outputs)
	if req.Recorded {
		// The topic was there already: CreateTopic answers it as it is.
		if err := t.converge(ctx, out.TopicArn, r, in); err != nil {
			return nil, err
		}
	}
	return outputs, nil
}

// masterKey is the KmsMasterKeyId the planned topic is encrypted with:
// the customer managed key, the AWS managed key, or none.
func (in *TopicSettings) masterKey() string {
	switch {
	case !in.Encryption:
		return ""
	case in.KMSKey != "":
		return in.KMSKey
	}
	return "alias/aws/sns"
}

// converge sets an existing topic's key and policy to the plan's.
func (t *Topic) converge(ctx context.Context, arn *string, r *plan.Resource, in *TopicSettings) error {
	got, err := t.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: arn})
	if err != nil {
		return fmt.Errorf("read topic %s: %w", r.Name, err)
	}
	if k := in.masterKey(); got.Attributes["KmsMasterKeyId"] != k {
		if _, err := t.c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: arn,
			AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String(k)}); err != nil {
			return fmt.Errorf("set the key of topic %s: %w", r.Name, err)
		}
	}
	if len(r.Policy) > 0 {
		// The topic was there already (a deploy converging drift): CreateTopic
		// answers it without applying the policy.
		if _, err := t.c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: arn,
			AttributeName: aws.String("Policy"), AttributeValue: aws.String(string(r.Policy))}); err != nil {
			return fmt.Errorf("put topic policy: %w", err)
		}
	}
	return nil
}

// Exists implements service.Provider.
func (t *Topic) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := t.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(rec.Outputs["arn"])})
	return service.Exists(err)
}

// Drift implements service.Provider: the topic's key, and its own policy
// (the TLS-only one, when no topic policy resource replaces it), are
// compared with the planned ones.
func (t *Topic) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	in, err := service.DecodeFor[TopicSettings](plan.KindTopic, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	got, err := t.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(rec.Outputs["arn"])})
	if err != nil {
		return "", err
	}
	if k, want := got.Attributes["KmsMasterKeyId"], in.masterKey(); k != want {
		return fmt.Sprintf("encrypted with %q, want %q", k, want), nil
	}
	if len(r.Policy) > 0 && !service.SamePolicy(got.Attributes["Policy"], r.Policy) {
		return "the TLS-only topic policy was changed or deleted outside wireup", nil
	}
	return "", nil
}

// Delete implements service.Provider.
func (t *Topic) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := t.c.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(rec.Outputs["arn"])})
	return err
}

// List implements service.Lister: every topic of the account.
func (t *Topic) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	pg := sns.NewListTopicsPaginator(t.c, &sns.ListTopicsInput{})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *sns.ListTopicsOutput) (out []service.Listed) {
		for _, tp := range page.Topics {
			a := aws.ToString(tp.TopicArn)
			n := a[strings.LastIndex(a, ":")+1:]
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": a}, Tags: func(ctx context.Context) (map[string]string, error) {
				tg, err := t.c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(a)})
				if err != nil {
					return nil, err
				}
				return service.TagsOf(tg.Tags, snsTag), nil
			}})
		}
		return out
	})
}

// Children implements service.Parent: a found topic's confirmed
// subscriptions. A listing that fails stops there: what it found so far
// exists all the same.
func (t *Topic) Children(ctx context.Context, topic *service.Found) []*service.Found {
	pg := sns.NewListSubscriptionsByTopicPaginator(t.c, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic.State.Outputs["arn"])})
	out, _ := service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *sns.ListSubscriptionsByTopicOutput) (out []*service.Found) {
		for _, s := range page.Subscriptions {
			sa := aws.ToString(s.SubscriptionArn)
			if !strings.HasPrefix(sa, "arn:") {
				continue // PendingConfirmation
			}
			// Keyed on the ARN: a topic can hold several subscriptions, and
			// each is a resource of its own to delete.
			out = append(out, service.Child(topic, string(plan.KindSubscription)+"/"+sa, plan.KindSubscription, map[string]string{"arn": sa}))
		}
		return out
	})
	return out
}

func snsTag(t snstypes.Tag) (*string, *string) { return t.Key, t.Value }
