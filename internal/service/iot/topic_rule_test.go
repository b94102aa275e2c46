package iot

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	iottypes "github.com/aws/aws-sdk-go-v2/service/iot/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedIoT serves ListTopicRules in two pages, and every rule's tags in
// two pages with the project tag on the second; a token it never handed
// out fails the request. The embedded interface panics on any other call.
type pagedIoT struct{ TopicRuleAPI }

func (pagedIoT) ListTopicRules(_ context.Context, in *iot.ListTopicRulesInput, _ ...func(*iot.Options)) (*iot.ListTopicRulesOutput, error) {
	switch aws.ToString(in.NextToken) {
	case "":
		return &iot.ListTopicRulesOutput{Rules: []iottypes.TopicRuleListItem{{RuleName: aws.String("other_rule"), RuleArn: aws.String("arn:rule/other_rule")}}, NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &iot.ListTopicRulesOutput{Rules: []iottypes.TopicRuleListItem{{RuleName: aws.String("demo_rule"), RuleArn: aws.String("arn:rule/demo_rule")}}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func (pagedIoT) ListTagsForResource(_ context.Context, in *iot.ListTagsForResourceInput, _ ...func(*iot.Options)) (*iot.ListTagsForResourceOutput, error) {
	switch aws.ToString(in.NextToken) {
	case "":
		return &iot.ListTagsForResourceOutput{Tags: []iottypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &iot.ListTagsForResourceOutput{Tags: []iottypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func TestTopicRuleListFollowsPages(t *testing.T) {
	got, err := NewTopicRule(pagedIoT{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var outputs []map[string]string
	for _, l := range got {
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatalf("%s: tags: %v", l.Name, err)
		}
		if d := cmp.Diff(map[string]string{"team": "data", plan.TagProject: "demo"}, tags); d != "" {
			t.Errorf("%s: tags (-want +got):\n%s", l.Name, d)
		}
		outputs = append(outputs, l.Outputs)
	}
	want := []map[string]string{{"name": "other_rule", "arn": "arn:rule/other_rule"}, {"name": "demo_rule", "arn": "arn:rule/demo_rule"}}
	if d := cmp.Diff(want, outputs); d != "" {
		t.Errorf("listed topic rules (-want +got):\n%s", d)
	}
}

// fakeIoT records the topic rule calls. failures are the errors the next
// creates return, in order; exists makes CreateTopicRule find the rule.
type fakeIoT struct {
	TopicRuleAPI
	calls    []string
	payload  *iottypes.TopicRulePayload
	tags     string
	failures []error
	exists   bool
}

func (f *fakeIoT) CreateTopicRule(_ context.Context, in *iot.CreateTopicRuleInput, _ ...func(*iot.Options)) (*iot.CreateTopicRuleOutput, error) {
	f.calls = append(f.calls, "CreateTopicRule")
	f.payload, f.tags = in.TopicRulePayload, aws.ToString(in.Tags)
	if len(f.failures) > 0 {
		err := f.failures[0]
		f.failures = f.failures[1:]
		return nil, err
	}
	if f.exists {
		return nil, &smithy.GenericAPIError{Code: "ResourceAlreadyExistsException"}
	}
	return &iot.CreateTopicRuleOutput{}, nil
}

func (f *fakeIoT) ReplaceTopicRule(_ context.Context, in *iot.ReplaceTopicRuleInput, _ ...func(*iot.Options)) (*iot.ReplaceTopicRuleOutput, error) {
	f.calls = append(f.calls, "ReplaceTopicRule")
	f.payload = in.TopicRulePayload
	return &iot.ReplaceTopicRuleOutput{}, nil
}

func (f *fakeIoT) GetTopicRule(_ context.Context, in *iot.GetTopicRuleInput, _ ...func(*iot.Options)) (*iot.GetTopicRuleOutput, error) {
	f.calls = append(f.calls, "GetTopicRule")
	if aws.ToString(in.RuleName) != "demo_rule" {
		// IoT answers a missing rule with UnauthorizedException.
		return nil, &smithy.GenericAPIError{Code: "UnauthorizedException"}
	}
	return &iot.GetTopicRuleOutput{RuleArn: aws.String("arn:rule/demo_rule")}, nil
}

// retryOnce is an Env.Retry that retries a transient error once.
func retryOnce(_ context.Context, transient func(error) bool, fn func() error) error {
	err := fn()
	if err != nil && transient(err) {
		err = fn()
	}
	return err
}

func ruleRequest(in map[string]string) *service.Request {
	return &service.Request{
		Env:      service.Env{Retry: retryOnce},
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "iot-sqs"}}},
		Resource: &plan.Resource{ID: plan.IDTopicRule, Kind: plan.KindTopicRule, Name: "demo_rule"},
		Inputs:   in,
		Created:  func(map[string]string) {},
	}
}

// The rule's one action is built from its action setting.
func TestTopicRuleEnsureBuildsAction(t *testing.T) {
	role := aws.String("arn:role/rule")
	for _, tc := range []struct {
		in   map[string]string
		want iottypes.Action
	}{
		{map[string]string{"action": "kinesis", "streamName": "demo-stream", "partitionKey": "${topic()}"},
			iottypes.Action{Kinesis: &iottypes.KinesisAction{StreamName: aws.String("demo-stream"), PartitionKey: aws.String("${topic()}"), RoleArn: role}}},
		{map[string]string{"action": "firehose", "deliveryStreamName": "demo-delivery", "separator": "\n"},
			iottypes.Action{Firehose: &iottypes.FirehoseAction{DeliveryStreamName: aws.String("demo-delivery"), Separator: aws.String("\n"), RoleArn: role}}},
		{map[string]string{"action": "sqs", "queueUrl": "http://sqs/demo-queue"},
			iottypes.Action{Sqs: &iottypes.SqsAction{QueueUrl: aws.String("http://sqs/demo-queue"), RoleArn: role}}},
		{map[string]string{"action": "sns", "targetArn": "arn:sns:demo-topic", "messageFormat": "RAW"},
			iottypes.Action{Sns: &iottypes.SnsAction{TargetArn: aws.String("arn:sns:demo-topic"), MessageFormat: iottypes.MessageFormatRaw, RoleArn: role}}},
		{map[string]string{"action": "s3", "bucketName": "demo-bucket", "key": "${topic()}/${timestamp()}"},
			iottypes.Action{S3: &iottypes.S3Action{BucketName: aws.String("demo-bucket"), Key: aws.String("${topic()}/${timestamp()}"), RoleArn: role}}},
		{map[string]string{"action": "dynamodb", "tableName": "demo-table"},
			iottypes.Action{DynamoDBv2: &iottypes.DynamoDBv2Action{PutItem: &iottypes.PutItemInput{TableName: aws.String("demo-table")}, RoleArn: role}}},
		// Lambda is invoked through the function's resource policy, not a role.
		{map[string]string{"action": "lambda", "functionArn": "arn:fn:demo-fn"},
			iottypes.Action{Lambda: &iottypes.LambdaAction{FunctionArn: aws.String("arn:fn:demo-fn")}}},
		// The domain's endpoint comes without a scheme; the action wants https://.
		{map[string]string{"action": "opensearch", "endpoint": "search-demo-x.us-east-1.es.amazonaws.com", "index": "demo-events", "type": "_doc", "id": "${newuuid()}"},
			iottypes.Action{OpenSearch: &iottypes.OpenSearchAction{Endpoint: aws.String("https://search-demo-x.us-east-1.es.amazonaws.com"),
				Index: aws.String("demo-events"), Type: aws.String("_doc"), Id: aws.String("${newuuid()}"), RoleArn: role}}},
	} {
		t.Run(tc.in["action"], func(t *testing.T) {
			tc.in["roleArn"], tc.in["sql"] = "arn:role/rule", "SELECT * FROM 'demo/#'"
			f := &fakeIoT{}
			out, err := NewTopicRule(f).Ensure(context.Background(), ruleRequest(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			want := &iottypes.TopicRulePayload{Sql: aws.String("SELECT * FROM 'demo/#'"), AwsIotSqlVersion: aws.String("2016-03-23"),
				RuleDisabled: aws.Bool(false), Actions: []iottypes.Action{tc.want}, Description: aws.String("wireup demo")}
			ignore := cmpopts.IgnoreUnexported(iottypes.TopicRulePayload{}, iottypes.Action{}, iottypes.KinesisAction{}, iottypes.FirehoseAction{},
				iottypes.SqsAction{}, iottypes.SnsAction{}, iottypes.S3Action{}, iottypes.DynamoDBv2Action{}, iottypes.PutItemInput{}, iottypes.LambdaAction{}, iottypes.OpenSearchAction{})
			if d := cmp.Diff(want, f.payload, ignore); d != "" {
				t.Errorf("payload (-want +got):\n%s", d)
			}
			tags, _ := url.ParseQuery(f.tags)
			if d := cmp.Diff(url.Values{plan.TagProject: {"demo"}, plan.TagRoute: {"iot-sqs"}}, tags); d != "" {
				t.Errorf("tags (-want +got):\n%s", d)
			}
			if d := cmp.Diff(map[string]string{"name": "demo_rule", "arn": "arn:rule/demo_rule"}, out); d != "" {
				t.Errorf("outputs (-want +got):\n%s", d)
			}
		})
	}
}

func TestTopicRuleEnsureCalls(t *testing.T) {
	transient := &smithy.GenericAPIError{Code: "InvalidRequestException", Message: "iot.amazonaws.com is unable to assume role arn:role/rule"}
	for _, tc := range []struct {
		name    string
		fake    *fakeIoT
		want    []string
		wantErr bool
	}{
		{name: "new", fake: &fakeIoT{}, want: []string{"CreateTopicRule", "GetTopicRule"}},
		// A rule already there is replaced with the planned payload.
		{name: "exists", fake: &fakeIoT{exists: true}, want: []string{"CreateTopicRule", "ReplaceTopicRule", "GetTopicRule"}},
		// A role IoT cannot assume yet is retried.
		{name: "role not visible", fake: &fakeIoT{failures: []error{transient}}, want: []string{"CreateTopicRule", "CreateTopicRule", "GetTopicRule"}},
		{name: "refused", fake: &fakeIoT{failures: []error{&smithy.GenericAPIError{Code: "InvalidRequestException", Message: "bad SQL"}}},
			want: []string{"CreateTopicRule"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTopicRule(tc.fake).Ensure(context.Background(), ruleRequest(map[string]string{"action": "sqs", "queueUrl": "http://sqs/demo-queue"}))
			if (err != nil) != tc.wantErr {
				t.Fatalf("Ensure error %v, want error %v", err, tc.wantErr)
			}
			if d := cmp.Diff(tc.want, tc.fake.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
	if _, err := NewTopicRule(&fakeIoT{}).Ensure(context.Background(), ruleRequest(map[string]string{"action": "mqtt"})); err == nil {
		t.Error("Ensure with an unknown action: no error")
	}
}

// IoT says a rule is missing with UnauthorizedException.
func TestTopicRuleExistsOnUnauthorized(t *testing.T) {
	ok, err := NewTopicRule(&fakeIoT{}).Exists(context.Background(), service.Env{}, &service.Record{Name: "gone_rule"})
	if ok || err != nil {
		t.Errorf("Exists = %v, %v; want false, nil", ok, err)
	}
}

// A new rule is recorded the moment CreateTopicRule returns, before
// GetTopicRule; a replaced one was there already and is not reported
// created.
func TestTopicRuleEnsureRecordsCreated(t *testing.T) {
	for _, tc := range []struct {
		name string
		fake *fakeIoT
		want []map[string]string
	}{
		{"new", &fakeIoT{}, []map[string]string{{"name": "demo_rule"}}},
		{"exists", &fakeIoT{exists: true}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := ruleRequest(map[string]string{"action": "sqs", "queueUrl": "http://sqs/demo-queue"})
			var created []map[string]string
			var callsThen int
			req.Created = func(m map[string]string) {
				created = append(created, m)
				callsThen = len(tc.fake.calls)
			}
			if _, err := NewTopicRule(tc.fake).Ensure(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, created); d != "" {
				t.Errorf("reported created (-want +got):\n%s", d)
			}
			if created != nil && callsThen != 1 {
				t.Errorf("reported created after %d calls, want right after CreateTopicRule", callsThen)
			}
		})
	}
}

// untaggedIoT lists rules whose tags cannot be read (moto answers
// ListTagsForResource on a rule with a 500) and serves each rule's
// description, or getErr.
type untaggedIoT struct {
	TopicRuleAPI
	descriptions map[string]string
	getErr       error
}

func (f untaggedIoT) ListTopicRules(context.Context, *iot.ListTopicRulesInput, ...func(*iot.Options)) (*iot.ListTopicRulesOutput, error) {
	var out iot.ListTopicRulesOutput
	for _, n := range []string{"demo_rule", "demo_old_rule", "demo_hand_rule", "other_rule"} {
		out.Rules = append(out.Rules, iottypes.TopicRuleListItem{RuleName: aws.String(n), RuleArn: aws.String("arn:rule/" + n)})
	}
	return &out, nil
}

func (untaggedIoT) ListTagsForResource(context.Context, *iot.ListTagsForResourceInput, ...func(*iot.Options)) (*iot.ListTagsForResourceOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "InternalFailure", Message: "500 Internal Server Error"}
}

func (f untaggedIoT) GetTopicRule(_ context.Context, in *iot.GetTopicRuleInput, _ ...func(*iot.Options)) (*iot.GetTopicRuleOutput, error) {
	if f.getErr != nil {
		return nil, f.getErr
	}
	n := aws.ToString(in.RuleName)
	return &iot.GetTopicRuleOutput{RuleArn: aws.String("arn:rule/" + n), Rule: &iottypes.TopicRule{RuleName: in.RuleName, Description: aws.String(f.descriptions[n])}}, nil
}

// Where a rule's tags cannot be read, a rule the project's name rule gives
// it (the plan's rule, or "<project>_…") is the project's when its
// description is the one wireup writes for the project; when the
// description cannot be read either, only the plan's rule is; a rule that
// is gone is nobody's.
func TestTopicRuleOwnerFallsBackToNameRule(t *testing.T) {
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDTopicRule, Kind: plan.KindTopicRule, Name: "demo_rule"}}}
	ours := map[string]string{"demo_rule": "wireup demo", "demo_old_rule": "wireup demo", "demo_hand_rule": "made by hand", "other_rule": "wireup demo"}
	for _, tc := range []struct {
		name string
		fake untaggedIoT
		want []string
	}{
		{"description", untaggedIoT{descriptions: ours}, []string{"demo_rule", "demo_old_rule"}},
		{"description unreadable", untaggedIoT{getErr: &smithy.GenericAPIError{Code: "InternalFailure"}}, []string{"demo_rule"}},
		{"gone", untaggedIoT{getErr: &smithy.GenericAPIError{Code: "UnauthorizedException"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewTopicRule(tc.fake).List(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			var owned []string
			for _, l := range got {
				tags, err := l.Tags(context.Background())
				if err == nil && service.OwnedBy(tags, "demo") {
					owned = append(owned, l.Name)
				}
			}
			if d := cmp.Diff(tc.want, owned); d != "" {
				t.Errorf("owned (-want +got):\n%s", d)
			}
		})
	}
}
