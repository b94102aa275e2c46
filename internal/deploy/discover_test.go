package deploy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	iottypes "github.com/aws/aws-sdk-go-v2/service/iot/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	svcdynamodb "github.com/wireup/wireup/internal/service/dynamodb"
	svcfirehose "github.com/wireup/wireup/internal/service/firehose"
	svciam "github.com/wireup/wireup/internal/service/iam"
	svciot "github.com/wireup/wireup/internal/service/iot"
	svckinesis "github.com/wireup/wireup/internal/service/kinesis"
	svclambda "github.com/wireup/wireup/internal/service/lambda"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
	svcsns "github.com/wireup/wireup/internal/service/sns"
	svcsqs "github.com/wireup/wireup/internal/service/sqs"
)

// parentKind is the kind a sub-resource is listed with.
var parentKind = map[string]string{"sns.subscription": "sns.topic", "lambda.event-source-mapping": "lambda.function"}

// Each paged fake embeds its kind's narrow interface, left nil, so a call
// it does not define panics. The paged fakes serve every listing in two
// pages: an unrelated resource on the first, the project's on the second.
// The services that page tags put the project tag on a second page too. A
// request for a page with a token no fake handed out fails, so a test
// passes only when Discover follows each service's own way of paging.

// nextPage is the token a fake hands out with its first page.
const nextPage = "page-2"

// pageOf returns which page a request with token asks for.
func pageOf(token *string) (int, error) {
	switch aws.ToString(token) {
	case "":
		return 1, nil
	case nextPage:
		return 2, nil
	}
	return 0, fmt.Errorf("unexpected page token %q", aws.ToString(token))
}

// ownerTag is the project tag of the project the paged fakes serve.
var ownerTag = map[string]string{plan.TagProject: "demo"}

type pagedS3 struct{ svcs3.BucketAPI }

func (pagedS3) ListBuckets(_ context.Context, in *s3.ListBucketsInput, _ ...func(*s3.Options)) (*s3.ListBucketsOutput, error) {
	switch n, err := pageOf(in.ContinuationToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &s3.ListBucketsOutput{Buckets: []s3types.Bucket{{Name: aws.String("other-bucket")}}, ContinuationToken: aws.String(nextPage)}, nil
	}
	return &s3.ListBucketsOutput{Buckets: []s3types.Bucket{{Name: aws.String("demo-bucket")}}}, nil
}

func (pagedS3) GetBucketTagging(_ context.Context, _ *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
}

type pagedSQS struct{ svcsqs.QueueAPI }

func (pagedSQS) ListQueues(_ context.Context, in *sqs.ListQueuesInput, _ ...func(*sqs.Options)) (*sqs.ListQueuesOutput, error) {
	if aws.ToString(in.QueueNamePrefix) != "demo" {
		return nil, fmt.Errorf("ListQueues without the project prefix: %q", aws.ToString(in.QueueNamePrefix))
	}
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &sqs.ListQueuesOutput{QueueUrls: []string{"http://sqs/000000000000/demo-queue-1"}, NextToken: aws.String(nextPage)}, nil
	}
	return &sqs.ListQueuesOutput{QueueUrls: []string{"http://sqs/000000000000/demo-queue-2"}}, nil
}

func (pagedSQS) ListQueueTags(_ context.Context, _ *sqs.ListQueueTagsInput, _ ...func(*sqs.Options)) (*sqs.ListQueueTagsOutput, error) {
	return &sqs.ListQueueTagsOutput{Tags: ownerTag}, nil
}

type pagedSNS struct{ svcsns.TopicAPI }

func (pagedSNS) ListTopics(_ context.Context, in *sns.ListTopicsInput, _ ...func(*sns.Options)) (*sns.ListTopicsOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &sns.ListTopicsOutput{Topics: []snstypes.Topic{{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:other-topic")}}, NextToken: aws.String(nextPage)}, nil
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
		}, NextToken: aws.String(nextPage)}, nil
	}
	return &sns.ListSubscriptionsByTopicOutput{Subscriptions: []snstypes.Subscription{{SubscriptionArn: aws.String("arn:aws:sns:us-east-1:000000000000:demo-topic:sub-2")}}}, nil
}

type pagedIAM struct{ svciam.RoleAPI }

func (pagedIAM) ListRoles(_ context.Context, in *iam.ListRolesInput, _ ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &iam.ListRolesOutput{Roles: []iamtypes.Role{{RoleName: aws.String("other-role"), Arn: aws.String("arn:aws:iam::000000000000:role/other-role")}},
			IsTruncated: true, Marker: aws.String(nextPage)}, nil
	}
	return &iam.ListRolesOutput{Roles: []iamtypes.Role{{RoleName: aws.String("demo-role"), Arn: aws.String("arn:aws:iam::000000000000:role/demo-role")}}}, nil
}

func (pagedIAM) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, Tags: []iamtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}}, nil
}

type pagedLambda struct{ svclambda.FunctionAPI }

func (pagedLambda) ListFunctions(_ context.Context, in *lambda.ListFunctionsInput, _ ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &lambda.ListFunctionsOutput{Functions: []lambdatypes.FunctionConfiguration{{FunctionName: aws.String("other-fn"), FunctionArn: aws.String("arn:fn:other-fn")}},
			NextMarker: aws.String(nextPage)}, nil
	}
	return &lambda.ListFunctionsOutput{Functions: []lambdatypes.FunctionConfiguration{{FunctionName: aws.String("demo-fn"), FunctionArn: aws.String("arn:fn:demo-fn")}}}, nil
}

func (pagedLambda) ListTags(_ context.Context, _ *lambda.ListTagsInput, _ ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	return &lambda.ListTagsOutput{Tags: ownerTag}, nil
}

func (pagedLambda) ListEventSourceMappings(_ context.Context, in *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	switch n, err := pageOf(in.Marker); {
	case err != nil:
		return nil, err
	case n == 1:
		return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: aws.String("uuid-1")}}, NextMarker: aws.String(nextPage)}, nil
	}
	return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: aws.String("uuid-2")}}}, nil
}

type pagedKinesis struct{ svckinesis.StreamAPI }

func (pagedKinesis) ListStreams(_ context.Context, in *kinesis.ListStreamsInput, _ ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &kinesis.ListStreamsOutput{StreamNames: []string{"other-stream"}, HasMoreStreams: aws.Bool(true), NextToken: aws.String(nextPage)}, nil
	}
	return &kinesis.ListStreamsOutput{StreamNames: []string{"demo-stream"}, HasMoreStreams: aws.Bool(false)}, nil
}

// ListTagsForStream pages by the last key, as Kinesis does.
func (pagedKinesis) ListTagsForStream(_ context.Context, in *kinesis.ListTagsForStreamInput, _ ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error) {
	switch aws.ToString(in.ExclusiveStartTagKey) {
	case "":
		return &kinesis.ListTagsForStreamOutput{Tags: []kintypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, HasMoreTags: aws.Bool(true)}, nil
	case "team":
		return &kinesis.ListTagsForStreamOutput{Tags: []kintypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}, HasMoreTags: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTagKey %q", aws.ToString(in.ExclusiveStartTagKey))
}

type pagedFirehose struct{ svcfirehose.DeliveryStreamAPI }

// ListDeliveryStreams pages by the last name, as Firehose does.
func (pagedFirehose) ListDeliveryStreams(_ context.Context, in *firehose.ListDeliveryStreamsInput, _ ...func(*firehose.Options)) (*firehose.ListDeliveryStreamsOutput, error) {
	switch aws.ToString(in.ExclusiveStartDeliveryStreamName) {
	case "":
		return &firehose.ListDeliveryStreamsOutput{DeliveryStreamNames: []string{"other-delivery"}, HasMoreDeliveryStreams: aws.Bool(true)}, nil
	case "other-delivery":
		return &firehose.ListDeliveryStreamsOutput{DeliveryStreamNames: []string{"demo-delivery"}, HasMoreDeliveryStreams: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartDeliveryStreamName %q", aws.ToString(in.ExclusiveStartDeliveryStreamName))
}

func (pagedFirehose) ListTagsForDeliveryStream(_ context.Context, in *firehose.ListTagsForDeliveryStreamInput, _ ...func(*firehose.Options)) (*firehose.ListTagsForDeliveryStreamOutput, error) {
	switch aws.ToString(in.ExclusiveStartTagKey) {
	case "":
		return &firehose.ListTagsForDeliveryStreamOutput{Tags: []fhtypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, HasMoreTags: aws.Bool(true)}, nil
	case "team":
		return &firehose.ListTagsForDeliveryStreamOutput{Tags: []fhtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}, HasMoreTags: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTagKey %q", aws.ToString(in.ExclusiveStartTagKey))
}

type pagedDynamoDB struct{ svcdynamodb.TableAPI }

// ListTables pages by the last table name, as DynamoDB does.
func (pagedDynamoDB) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	switch aws.ToString(in.ExclusiveStartTableName) {
	case "":
		return &dynamodb.ListTablesOutput{TableNames: []string{"other-table"}, LastEvaluatedTableName: aws.String("other-table")}, nil
	case "other-table":
		return &dynamodb.ListTablesOutput{TableNames: []string{"demo-table"}}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTableName %q", aws.ToString(in.ExclusiveStartTableName))
}

func (pagedDynamoDB) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &ddbtypes.TableDescription{TableArn: aws.String("arn:table/" + aws.ToString(in.TableName))}}, nil
}

func (pagedDynamoDB) ListTagsOfResource(_ context.Context, in *dynamodb.ListTagsOfResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &dynamodb.ListTagsOfResourceOutput{Tags: []ddbtypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, NextToken: aws.String(nextPage)}, nil
	}
	return &dynamodb.ListTagsOfResourceOutput{Tags: []ddbtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
}

type pagedIoT struct{ svciot.TopicRuleAPI }

func (pagedIoT) ListTopicRules(_ context.Context, in *iot.ListTopicRulesInput, _ ...func(*iot.Options)) (*iot.ListTopicRulesOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &iot.ListTopicRulesOutput{Rules: []iottypes.TopicRuleListItem{{RuleName: aws.String("other_rule"), RuleArn: aws.String("arn:rule/other_rule")}}, NextToken: aws.String(nextPage)}, nil
	}
	return &iot.ListTopicRulesOutput{Rules: []iottypes.TopicRuleListItem{{RuleName: aws.String("demo_rule"), RuleArn: aws.String("arn:rule/demo_rule")}}}, nil
}

func (pagedIoT) ListTagsForResource(_ context.Context, in *iot.ListTagsForResourceInput, _ ...func(*iot.Options)) (*iot.ListTagsForResourceOutput, error) {
	switch n, err := pageOf(in.NextToken); {
	case err != nil:
		return nil, err
	case n == 1:
		return &iot.ListTagsForResourceOutput{Tags: []iottypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, NextToken: aws.String(nextPage)}, nil
	}
	return &iot.ListTagsForResourceOutput{Tags: []iottypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
}

// Discover follows every listing to its last page, and every tag listing
// too: a resource, sub-resource or project tag on a second page is found.
func TestDiscoverFollowsPages(t *testing.T) {
	kinds, err := service.NewKinds([]service.Provider{
		svcs3.NewBucket(pagedS3{}), svcsqs.NewQueue(pagedSQS{}), svcsns.NewTopic(pagedSNS{}), svciam.NewRole(pagedIAM{}),
		svclambda.NewFunction(pagedLambda{}), svckinesis.NewStream(pagedKinesis{}), svcfirehose.NewDeliveryStream(pagedFirehose{}),
		svcdynamodb.NewTable(pagedDynamoDB{}), svciot.NewTopicRule(pagedIoT{}),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Kinds: kinds}
	// Streams, delivery streams, tables and topic rules are listed only
	// when the plan has one.
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{
		{ID: plan.IDStream, Kind: plan.KindStream, Name: "demo-stream"},
		{ID: plan.IDDeliveryStream, Kind: plan.KindDeliveryStream, Name: "demo-delivery"},
		{ID: plan.IDTable, Kind: plan.KindTable, Name: "demo-table"},
		{ID: plan.IDTopicRule, Kind: plan.KindTopicRule, Name: "demo_rule"},
	}}
	found, err := e.Discover(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		ID, Kind, Name string
		Owned, InPlan  bool
		Outputs        map[string]string
	}
	var got []item
	for _, f := range found {
		got = append(got, item{f.State.ID, f.State.Kind, f.State.Name, f.Owned, f.InPlan, f.State.Outputs})
	}
	want := []item{
		{"s3.bucket/demo-bucket", "s3.bucket", "demo-bucket", true, false, map[string]string{"name": "demo-bucket"}},
		{"sqs.queue/demo-queue-1", "sqs.queue", "demo-queue-1", true, false, map[string]string{"name": "demo-queue-1", "url": "http://sqs/000000000000/demo-queue-1"}},
		{"sqs.queue/demo-queue-2", "sqs.queue", "demo-queue-2", true, false, map[string]string{"name": "demo-queue-2", "url": "http://sqs/000000000000/demo-queue-2"}},
		{"sns.topic/demo-topic", "sns.topic", "demo-topic", true, false, map[string]string{"name": "demo-topic", "arn": "arn:aws:sns:us-east-1:000000000000:demo-topic"}},
		{"sns.subscription/arn:aws:sns:us-east-1:000000000000:demo-topic:sub-1", "sns.subscription", "demo-topic", true, false, map[string]string{"arn": "arn:aws:sns:us-east-1:000000000000:demo-topic:sub-1"}},
		{"sns.subscription/arn:aws:sns:us-east-1:000000000000:demo-topic:sub-2", "sns.subscription", "demo-topic", true, false, map[string]string{"arn": "arn:aws:sns:us-east-1:000000000000:demo-topic:sub-2"}},
		{"iam.role/demo-role", "iam.role", "demo-role", true, false, map[string]string{"name": "demo-role", "arn": "arn:aws:iam::000000000000:role/demo-role"}},
		{"lambda.function/demo-fn", "lambda.function", "demo-fn", true, false, map[string]string{"name": "demo-fn", "arn": "arn:fn:demo-fn"}},
		{"lambda.event-source-mapping/uuid-1", "lambda.event-source-mapping", "demo-fn", true, false, map[string]string{"uuid": "uuid-1"}},
		{"lambda.event-source-mapping/uuid-2", "lambda.event-source-mapping", "demo-fn", true, false, map[string]string{"uuid": "uuid-2"}},
		{plan.IDStream, "kinesis.stream", "demo-stream", true, true, map[string]string{"name": "demo-stream"}},
		{plan.IDDeliveryStream, "firehose.delivery-stream", "demo-delivery", true, true, map[string]string{"name": "demo-delivery"}},
		{plan.IDTable, "dynamodb.table", "demo-table", true, true, map[string]string{"name": "demo-table"}},
		{plan.IDTopicRule, "iot.topic-rule", "demo_rule", true, true, map[string]string{"name": "demo_rule", "arn": "arn:rule/demo_rule"}},
	}
	// Kinds are listed in the order of their names, each resource after
	// its parent.
	slices.SortStableFunc(want, func(a, b item) int {
		ka, kb := a.Kind, b.Kind
		if p := parentKind[ka]; p != "" {
			ka = p
		}
		if p := parentKind[kb]; p != "" {
			kb = p
		}
		return strings.Compare(ka, kb)
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Discover (-want +got):\n%s", diff)
	}
}
