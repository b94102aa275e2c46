package sns

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedSNS serves ListTopics and ListSubscriptionsByTopic in two pages: an
// unrelated topic on the first page of topics and the project's on the
// second; a confirmed and a pending subscription on the first page of
// subscriptions and another confirmed one on the second. A token it never
// handed out fails the request. The embedded interface panics on any other
// call.
type pagedSNS struct{ TopicAPI }

// pageOf returns which page a request with token asks for.
func pageOf(token *string) (int, error) {
	switch aws.ToString(token) {
	case "":
		return 1, nil
	case "page-2":
		return 2, nil
	}
	return 0, fmt.Errorf("unexpected page token %q", aws.ToString(token))
}

func (pagedSNS) ListTopics(_ context.Context, in *sns.ListTopicsInput, _ ...func(*sns.Options)) (*sns.ListTopicsOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &sns.ListTopicsOutput{Topics: []snstypes.Topic{{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:other-topic")}}, NextToken: aws.String("page-2")}, nil
	}
	return &sns.ListTopicsOutput{Topics: []snstypes.Topic{{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:demo-topic")}}}, nil
}

func (pagedSNS) ListTagsForResource(_ context.Context, _ *sns.ListTagsForResourceInput, _ ...func(*sns.Options)) (*sns.ListTagsForResourceOutput, error) {
	return &sns.ListTagsForResourceOutput{Tags: []snstypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
}

func (pagedSNS) ListSubscriptionsByTopic(_ context.Context, in *sns.ListSubscriptionsByTopicInput, _ ...func(*sns.Options)) (*sns.ListSubscriptionsByTopicOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &sns.ListSubscriptionsByTopicOutput{Subscriptions: []snstypes.Subscription{
			{SubscriptionArn: aws.String("arn:aws:sns:us-east-1:000000000000:demo-topic:sub-1")},
			{SubscriptionArn: aws.String("PendingConfirmation")},
		}, NextToken: aws.String("page-2")}, nil
	}
	return &sns.ListSubscriptionsByTopicOutput{Subscriptions: []snstypes.Subscription{{SubscriptionArn: aws.String("arn:aws:sns:us-east-1:000000000000:demo-topic:sub-2")}}}, nil
}

func TestTopicListFollowsPages(t *testing.T) {
	got, err := NewTopic(pagedSNS{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var outputs []map[string]string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil || !service.OwnedBy(tags, "demo") {
			t.Errorf("%s: tags %v, %v", l.Name, tags, err)
		}
		outputs = append(outputs, l.Outputs)
	}
	want := []map[string]string{
		{"name": "other-topic", "arn": "arn:aws:sns:us-east-1:000000000000:other-topic"},
		{"name": "demo-topic", "arn": "arn:aws:sns:us-east-1:000000000000:demo-topic"},
	}
	if d := cmp.Diff(want, outputs); d != "" {
		t.Errorf("listed topics (-want +got):\n%s", d)
	}
}

// Children reports the confirmed subscriptions of every page, keyed on
// their ARN, owned and planned as their topic is.
func TestTopicChildrenFollowPages(t *testing.T) {
	topic := &service.Found{Owned: true, State: &service.Record{ID: "sns.topic/demo-topic", Kind: string(plan.KindTopic), Name: "demo-topic",
		Outputs: map[string]string{"name": "demo-topic", "arn": "arn:aws:sns:us-east-1:000000000000:demo-topic"}}}
	got := NewTopic(pagedSNS{}).Children(context.Background(), topic)
	sub := func(arn string) *service.Found {
		return &service.Found{Owned: true, State: &service.Record{ID: "sns.subscription/" + arn, Kind: string(plan.KindSubscription), Name: "demo-topic",
			DependsOn: []string{"sns.topic/demo-topic"}, Outputs: map[string]string{"arn": arn}}}
	}
	want := []*service.Found{sub("arn:aws:sns:us-east-1:000000000000:demo-topic:sub-1"), sub("arn:aws:sns:us-east-1:000000000000:demo-topic:sub-2")}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("children (-want +got):\n%s", d)
	}
}

// recordingTopic records the topics created and deleted.
type recordingTopic struct {
	TopicAPI
	calls []string
}

func (f *recordingTopic) CreateTopic(_ context.Context, in *sns.CreateTopicInput, _ ...func(*sns.Options)) (*sns.CreateTopicOutput, error) {
	var tags []string
	for _, t := range in.Tags {
		tags = append(tags, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
	}
	f.calls = append(f.calls, fmt.Sprintf("CreateTopic %s %v %v", aws.ToString(in.Name), in.Attributes, tags))
	return &sns.CreateTopicOutput{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:" + aws.ToString(in.Name))}, nil
}

func (f *recordingTopic) DeleteTopic(_ context.Context, in *sns.DeleteTopicInput, _ ...func(*sns.Options)) (*sns.DeleteTopicOutput, error) {
	f.calls = append(f.calls, "DeleteTopic "+aws.ToString(in.TopicArn))
	return &sns.DeleteTopicOutput{}, nil
}

func (f *recordingTopic) GetTopicAttributes(_ context.Context, in *sns.GetTopicAttributesInput, _ ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error) {
	return nil, &snstypes.NotFoundException{Message: aws.String("no topic " + aws.ToString(in.TopicArn))}
}

// An encrypted topic is created with the AWS managed key and the plan's
// tags, and recorded as soon as CreateTopic returns; Delete deletes it by
// ARN; a topic that is gone does not exist.
func TestTopicEnsureDelete(t *testing.T) {
	f := &recordingTopic{}
	tp := NewTopic(f)
	var created []map[string]string
	var callsThen int
	req := &service.Request{
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
		Resource: &plan.Resource{ID: plan.IDTopic, Kind: plan.KindTopic, Name: "demo-topic"},
		Inputs:   map[string]string{"encryption": "true"},
		Created: func(m map[string]string) {
			created = append(created, m)
			callsThen = len(f.calls)
		},
	}
	out, err := tp.Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:sns:us-east-1:000000000000:demo-topic"
	if d := cmp.Diff(map[string]string{"name": "demo-topic", "arn": arn}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]map[string]string{{"name": "demo-topic", "arn": arn}}, created); d != "" || callsThen != 1 {
		t.Errorf("reported created after %d calls, want right after CreateTopic (-want +got):\n%s", callsThen, d)
	}
	rec := &service.Record{Kind: string(plan.KindTopic), Name: "demo-topic", Outputs: out}
	if err := tp.Delete(context.Background(), service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	want := []string{"CreateTopic demo-topic map[KmsMasterKeyId:alias/aws/sns] [wireup:project=demo]", "DeleteTopic " + arn}
	if d := cmp.Diff(want, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if ok, err := tp.Exists(context.Background(), service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists of a deleted topic = %t, %v; want false, nil", ok, err)
	}
}

// A failed Exists read other than not-found is an error.
func TestTopicExistsFails(t *testing.T) {
	if _, err := service.Exists(errors.New("connection refused")); err == nil {
		t.Error("exists hid a failed read")
	}
}

// attrTopic keeps one topic's attributes: CreateTopic answers the existing
// topic as it is (as SNS does), SetTopicAttributes changes one.
type attrTopic struct {
	TopicAPI
	attrs map[string]string
	sets  []string
}

func (f *attrTopic) CreateTopic(_ context.Context, in *sns.CreateTopicInput, _ ...func(*sns.Options)) (*sns.CreateTopicOutput, error) {
	if f.attrs == nil {
		f.attrs = in.Attributes
	}
	return &sns.CreateTopicOutput{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:" + aws.ToString(in.Name))}, nil
}

func (f *attrTopic) GetTopicAttributes(context.Context, *sns.GetTopicAttributesInput, ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error) {
	return &sns.GetTopicAttributesOutput{Attributes: f.attrs}, nil
}

func (f *attrTopic) SetTopicAttributes(_ context.Context, in *sns.SetTopicAttributesInput, _ ...func(*sns.Options)) (*sns.SetTopicAttributesOutput, error) {
	f.attrs[aws.ToString(in.AttributeName)] = aws.ToString(in.AttributeValue)
	f.sets = append(f.sets, aws.ToString(in.AttributeName))
	return &sns.SetTopicAttributesOutput{}, nil
}

// A topic given a customer managed key is created with it; one of the
// project's, encrypted with the AWS managed key by an earlier deploy, is
// drift until the next deploy sets the key, and a topic without
// encryption asked for has none.
func TestTopicCustomerManagedKey(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cmk := map[string]string{"encryption": "true", "kmsKey": key}
	req := func(in map[string]string, recorded bool) *service.Request {
		return &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDTopic, Kind: plan.KindTopic, Name: "demo-topic"},
			Inputs: in, Recorded: recorded, Created: func(map[string]string) {}}
	}
	fresh := &attrTopic{}
	if _, err := NewTopic(fresh).Ensure(context.Background(), req(cmk, false)); err != nil || fresh.attrs["KmsMasterKeyId"] != key {
		t.Errorf("new topic: key %q, %v; want %s", fresh.attrs["KmsMasterKeyId"], err, key)
	}

	f := &attrTopic{attrs: map[string]string{"KmsMasterKeyId": "alias/aws/sns"}}
	tp := NewTopic(f)
	rec := &service.Record{Kind: string(plan.KindTopic), Name: "demo-topic", Inputs: cmk, Outputs: map[string]string{"arn": "arn:aws:sns:us-east-1:000000000000:demo-topic"}}
	r := &plan.Resource{ID: plan.IDTopic, Kind: plan.KindTopic, Name: "demo-topic"}
	if d, err := tp.Drift(context.Background(), service.Env{}, r, rec); err != nil || !strings.Contains(d, key) {
		t.Errorf("Drift = %q, %v; want the key named", d, err)
	}
	if _, err := tp.Ensure(context.Background(), req(cmk, true)); err != nil || f.attrs["KmsMasterKeyId"] != key {
		t.Fatalf("Ensure: key %q, %v", f.attrs["KmsMasterKeyId"], err)
	}
	if d, err := tp.Drift(context.Background(), service.Env{}, r, rec); d != "" || err != nil {
		t.Errorf("Drift after Ensure = %q, %v", d, err)
	}
	if _, err := tp.Ensure(context.Background(), req(cmk, true)); err != nil || len(f.sets) != 1 {
		t.Errorf("second Ensure set %v, %v; want nothing set again", f.sets, err)
	}
	if k := (&TopicSettings{KMSKey: key}).masterKey(); k != "" {
		t.Errorf("masterKey without encryption = %q", k)
	}
}
