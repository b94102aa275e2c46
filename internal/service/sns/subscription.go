package sns

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// SubscriptionAPI is the part of the SNS client the subscription kind uses.
type SubscriptionAPI interface {
	Subscribe(ctx context.Context, in *sns.SubscribeInput, optFns ...func(*sns.Options)) (*sns.SubscribeOutput, error)
	GetSubscriptionAttributes(ctx context.Context, in *sns.GetSubscriptionAttributesInput, optFns ...func(*sns.Options)) (*sns.GetSubscriptionAttributesOutput, error)
	Unsubscribe(ctx context.Context, in *sns.UnsubscribeInput, optFns ...func(*sns.Options)) (*sns.UnsubscribeOutput, error)
}

// Subscription is the sns.subscription kind: a subscription to the route's
// topic, with raw delivery and a filter policy when the plan gives them.
type Subscription struct{ c SubscriptionAPI }

// NewSubscription returns the subscription kind on c.
func NewSubscription(c SubscriptionAPI) *Subscription { return &Subscription{c: c} }

var (
	_ service.Identifier = (*Subscription)(nil)
	_ service.Typed      = (*Subscription)(nil)
)

// SubscriptionSettings are the subscription's planned settings and the
// topic and endpoint ARNs resolved at apply.
type SubscriptionSettings struct {
	Protocol     string `setting:"protocol"`
	RawDelivery  bool   `setting:"rawDelivery"`
	FilterPolicy string `setting:"filterPolicy"`
	TopicArn     string `setting:"topicArn"`
	Endpoint     string `setting:"endpoint"`
}

// NewSettings implements service.Typed.
func (*Subscription) NewSettings() any { return &SubscriptionSettings{} }

// Kind implements service.Provider.
func (*Subscription) Kind() plan.Kind { return plan.KindSubscription }

// Identity implements service.Identifier: one topic (the name a
// subscription is recorded under) can hold several subscriptions, each
// known by its ARN.
func (*Subscription) Identity(rec *service.Record) string { return rec.Outputs["arn"] }

// Ensure implements service.Provider.
func (s *Subscription) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	var in SubscriptionSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("subscription %s: %w", req.Resource.Name, err)
	}
	attrs := map[string]string{}
	if in.RawDelivery {
		attrs["RawMessageDelivery"] = "true"
	}
	if fp := in.FilterPolicy; fp != "" {
		attrs["FilterPolicy"] = fp
	}
	out, err := s.c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(in.TopicArn), Protocol: aws.String(in.Protocol),
		Endpoint: aws.String(in.Endpoint), Attributes: attrs, ReturnSubscriptionArn: true})
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return map[string]string{"arn": aws.ToString(out.SubscriptionArn), "topicArn": in.TopicArn}, nil
}

// Exists implements service.Provider.
func (s *Subscription) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := s.c.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(rec.Outputs["arn"])})
	return service.Exists(err)
}

// Drift implements service.Provider: nothing of a subscription is compared.
func (*Subscription) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider.
func (s *Subscription) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := s.c.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(rec.Outputs["arn"])})
	return err
}
