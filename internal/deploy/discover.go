package deploy

import (
	"context"
	"fmt"
	"maps"
	"strings"

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
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/plan"
)

// Found is a resource discovered by listing the target.
type Found struct {
	State *ResourceState
	// Owned reports the wireup:project tag names the plan's project;
	// only owned resources are deleted without a state.
	Owned bool
	// InPlan reports the plan has a resource of that kind and name.
	InPlan bool
}

// listed is one resource a listing returned: its name, the outputs a
// delete needs, and how to read its tags. Tags cost a call per resource,
// so Discover reads them only for a name it considers.
type listed struct {
	name    string
	outputs map[string]string
	tags    func(context.Context) (map[string]string, error)
}

// lister lists one kind of resource on the target, every page of it.
type lister struct {
	kind plan.Kind
	what string // in the error: "list <what>"
	// always lists the kind whatever the plan says, so resources left by
	// an older version of the spec show up.
	always bool
	list   func(context.Context, *Clients, *plan.Plan) ([]listed, error)
	// children lists what outlives a found resource once it is deleted
	// (a topic's subscriptions, a function's event source mappings).
	children func(context.Context, *Clients, *Found) []*Found
}

// listers are the kinds Discover lists, in the order it reports them.
func listers() []lister {
	return []lister{
		{kind: plan.KindBucket, what: "buckets", always: true, list: listBuckets},
		{kind: plan.KindQueue, what: "queues", always: true, list: listQueues},
		{kind: plan.KindTopic, what: "topics", always: true, list: listTopics, children: subscriptionsOf},
		{kind: plan.KindRole, what: "roles", always: true, list: listRoles},
		{kind: plan.KindFunction, what: "functions", always: true, list: listFunctions, children: mappingsOf},
		{kind: plan.KindStream, what: "streams", list: listStreams},
		{kind: plan.KindDeliveryStream, what: "delivery streams", list: listDeliveryStreams},
		{kind: plan.KindTable, what: "tables", list: listTables},
		{kind: plan.KindTopicRule, what: "topic rules", list: listTopicRules},
	}
}

// Discover lists the target for the plan's resources and for any other
// resource whose name starts with the project name and that is tagged for
// the project. Sub-resources that die with their parent (policies,
// notifications, permissions) are not listed; event source mappings and
// subscriptions are, because they outlive a deleted function or queue.
// Every listing follows its pages to the end: a resource left out here is
// one destroy would leave behind.
func (e *Engine) Discover(ctx context.Context, p *plan.Plan) ([]*Found, error) {
	byKindName := map[string]*plan.Resource{}
	kinds := map[plan.Kind]bool{}
	for _, r := range p.Resources {
		byKindName[string(r.Kind)+"\x00"+r.Name] = r
		kinds[r.Kind] = true
	}
	prefixes := []string{p.Project + "-", strings.ReplaceAll(p.Project, "-", "_") + "_"}
	// consider returns what Discover reports about l, or nil for a
	// resource that is neither the plan's nor tagged for the project.
	consider := func(kind plan.Kind, l listed) *Found {
		r := byKindName[string(kind)+"\x00"+l.name]
		if r == nil && !hasAnyPrefix(l.name, prefixes) {
			return nil
		}
		f := &Found{InPlan: r != nil, State: &ResourceState{ID: string(kind) + "/" + l.name, Kind: string(kind), Name: l.name, Outputs: l.outputs}}
		if r != nil {
			f.State.ID, f.State.DependsOn, f.State.Integration = r.ID, r.DependsOn, r.Integration
		}
		if t, err := l.tags(ctx); err == nil {
			f.Owned = ownedBy(t, p.Project)
		}
		if !f.Owned && !f.InPlan {
			return nil
		}
		return f
	}
	var out []*Found
	for _, k := range listers() {
		if !k.always && !kinds[k.kind] {
			continue
		}
		all, err := k.list(ctx, e.Clients, p)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", k.what, err)
		}
		for _, l := range all {
			f := consider(k.kind, l)
			if f == nil {
				continue
			}
			out = append(out, f)
			if k.children != nil {
				out = append(out, k.children(ctx, e.Clients, f)...)
			}
		}
	}
	return out, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, pre := range prefixes {
		if strings.HasPrefix(s, pre) {
			return true
		}
	}
	return false
}

// child is a sub-resource of parent that Discover reports with it: owned
// and planned as its parent is, and deleted before it.
func child(parent *Found, id string, kind plan.Kind, outputs map[string]string) *Found {
	return &Found{Owned: parent.Owned, InPlan: parent.InPlan, State: &ResourceState{
		ID: id, Kind: string(kind), Name: parent.State.Name,
		DependsOn: []string{parent.State.ID}, Outputs: outputs}}
}

// tagsOf turns a service's tag list into a map; kv reads one tag, since
// every SDK has a Tag type of its own.
func tagsOf[T any](ts []T, kv func(T) (key, value *string)) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		k, v := kv(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

func s3Tag(t s3types.Tag) (*string, *string)   { return t.Key, t.Value }
func iamTag(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value }
func snsTag(t snstypes.Tag) (*string, *string) { return t.Key, t.Value }
func kinTag(t kintypes.Tag) (*string, *string) { return t.Key, t.Value }
func fhTag(t fhtypes.Tag) (*string, *string)   { return t.Key, t.Value }
func ddbTag(t ddbtypes.Tag) (*string, *string) { return t.Key, t.Value }
func iotTag(t iottypes.Tag) (*string, *string) { return t.Key, t.Value }

// --- the listings, one per kind ---

func listBuckets(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	// Without MaxBuckets, S3 answers in one page, and only for accounts
	// under the default bucket quota.
	pg := s3.NewListBucketsPaginator(c.S3, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range page.Buckets {
			n := aws.ToString(b.Name)
			out = append(out, listed{name: n, outputs: map[string]string{"name": n}, tags: func(ctx context.Context) (map[string]string, error) {
				t, err := c.S3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(n)})
				if err != nil {
					return nil, err
				}
				return tagsOf(t.TagSet, s3Tag), nil
			}})
		}
	}
	return out, nil
}

// listQueues lists the queues named with the project's prefix, and the
// plan's queues whatever their name.
func listQueues(ctx context.Context, c *Clients, p *plan.Plan) ([]listed, error) {
	var urls []string
	// SQS returns a NextToken only when MaxResults is set.
	pg := sqs.NewListQueuesPaginator(c.SQS, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(p.Project), MaxResults: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		urls = append(urls, page.QueueUrls...)
	}
	for _, r := range p.Resources {
		if r.Kind == plan.KindQueue && !strings.HasPrefix(r.Name, p.Project) {
			if u, err := c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.Name)}); err == nil {
				urls = append(urls, aws.ToString(u.QueueUrl))
			}
		}
	}
	var out []listed
	for _, u := range urls {
		n := u[strings.LastIndex(u, "/")+1:]
		out = append(out, listed{name: n, outputs: map[string]string{"name": n, "url": u}, tags: func(ctx context.Context) (map[string]string, error) {
			t, err := c.SQS.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(u)})
			if err != nil {
				return nil, err
			}
			return t.Tags, nil
		}})
	}
	return out, nil
}

func listTopics(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := sns.NewListTopicsPaginator(c.SNS, &sns.ListTopicsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, tp := range page.Topics {
			a := aws.ToString(tp.TopicArn)
			n := a[strings.LastIndex(a, ":")+1:]
			out = append(out, listed{name: n, outputs: map[string]string{"name": n, "arn": a}, tags: func(ctx context.Context) (map[string]string, error) {
				t, err := c.SNS.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(a)})
				if err != nil {
					return nil, err
				}
				return tagsOf(t.Tags, snsTag), nil
			}})
		}
	}
	return out, nil
}

// subscriptionsOf lists a found topic's confirmed subscriptions. A listing
// that fails stops there: what it found so far exists all the same.
func subscriptionsOf(ctx context.Context, c *Clients, topic *Found) []*Found {
	var out []*Found
	pg := sns.NewListSubscriptionsByTopicPaginator(c.SNS, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic.State.Outputs["arn"])})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			break
		}
		for _, s := range page.Subscriptions {
			sa := aws.ToString(s.SubscriptionArn)
			if !strings.HasPrefix(sa, "arn:") {
				continue // PendingConfirmation
			}
			// Keyed on the ARN: a topic can hold several subscriptions, and
			// each is a resource of its own to delete.
			out = append(out, child(topic, string(plan.KindSubscription)+"/"+sa, plan.KindSubscription, map[string]string{"arn": sa}))
		}
	}
	return out
}

// listRoles lists every role of the account. Roles are on path "/";
// were wireup to give them a path of their own (/wireup/), PathPrefix
// would narrow this listing to them.
func listRoles(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := iam.NewListRolesPaginator(c.IAM, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, rl := range page.Roles {
			n := aws.ToString(rl.RoleName)
			out = append(out, listed{name: n, outputs: map[string]string{"name": n, "arn": aws.ToString(rl.Arn)}, tags: func(ctx context.Context) (map[string]string, error) {
				// GetRole carries the tags; kumo has no ListRoleTags.
				t, err := c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(n)})
				if err != nil {
					return nil, err
				}
				return tagsOf(t.Role.Tags, iamTag), nil
			}})
		}
	}
	return out, nil
}

// listFunctions lists every function; Lambda returns at most 50 a page,
// whatever MaxItems asks.
func listFunctions(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := lambda.NewListFunctionsPaginator(c.Lambda, &lambda.ListFunctionsInput{MaxItems: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, fn := range page.Functions {
			n, a := aws.ToString(fn.FunctionName), aws.ToString(fn.FunctionArn)
			out = append(out, listed{name: n, outputs: map[string]string{"name": n, "arn": a}, tags: func(ctx context.Context) (map[string]string, error) {
				t, err := c.Lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(a)})
				if err != nil {
					return nil, err
				}
				return t.Tags, nil
			}})
		}
	}
	return out, nil
}

// mappingsOf lists a found function's event source mappings, each keyed on
// its UUID: a function can have several (the spec's source changed, or a
// redeploy after the state was lost created another), and each is a
// resource of its own to delete. A listing that fails stops there: what it
// found so far exists all the same.
func mappingsOf(ctx context.Context, c *Clients, fn *Found) []*Found {
	var out []*Found
	uuids, _ := mappingUUIDs(ctx, c, fn.State.Name)
	for _, u := range uuids {
		out = append(out, child(fn, mappingID(u), plan.KindEventSourceMapping, map[string]string{"uuid": u}))
	}
	return out
}

// mappingID is the resource id of a discovered event source mapping.
func mappingID(uuid string) string { return string(plan.KindEventSourceMapping) + "/" + uuid }

// mappingUUIDs lists the event source mappings of the function called
// name, every page, and on an error returns what it listed so far with it.
// Lambda keeps a function's mappings when it deletes the function, and
// lists them by the function's name all the same (moto and kumo too; moto
// lists none by the deleted function's ARN, hence the name).
func mappingUUIDs(ctx context.Context, c *Clients, name string) ([]string, error) {
	var out []string
	pg := lambda.NewListEventSourceMappingsPaginator(c.Lambda, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(name)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return out, err
		}
		for _, m := range page.EventSourceMappings {
			out = append(out, aws.ToString(m.UUID))
		}
	}
	return out, nil
}

func listStreams(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := kinesis.NewListStreamsPaginator(c.Kinesis, &kinesis.ListStreamsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range page.StreamNames {
			out = append(out, listed{name: n, outputs: map[string]string{"name": n}, tags: func(ctx context.Context) (map[string]string, error) {
				return streamTags(ctx, c.Kinesis, n)
			}})
		}
	}
	return out, nil
}

// streamTags reads every page of a stream's tags: Kinesis returns a few at
// a time, and the project tag may come after the spec's own.
func streamTags(ctx context.Context, c kinesisAPI, name string) (map[string]string, error) {
	m := map[string]string{}
	in := &kinesis.ListTagsForStreamInput{StreamName: aws.String(name)}
	for {
		t, err := c.ListTagsForStream(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, tagsOf(t.Tags, kinTag))
		if !aws.ToBool(t.HasMoreTags) || len(t.Tags) == 0 {
			return m, nil
		}
		in.ExclusiveStartTagKey = t.Tags[len(t.Tags)-1].Key
	}
}

// listDeliveryStreams pages by name: Firehose has no paginator and returns
// ten names a page unless asked for more.
func listDeliveryStreams(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	in := &firehose.ListDeliveryStreamsInput{}
	for {
		page, err := c.Firehose.ListDeliveryStreams(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, n := range page.DeliveryStreamNames {
			out = append(out, listed{name: n, outputs: map[string]string{"name": n}, tags: func(ctx context.Context) (map[string]string, error) {
				return deliveryStreamTags(ctx, c.Firehose, n)
			}})
		}
		names := page.DeliveryStreamNames
		if !aws.ToBool(page.HasMoreDeliveryStreams) || len(names) == 0 {
			return out, nil
		}
		in.ExclusiveStartDeliveryStreamName = aws.String(names[len(names)-1])
	}
}

// deliveryStreamTags reads every page of a delivery stream's tags.
func deliveryStreamTags(ctx context.Context, c firehoseAPI, name string) (map[string]string, error) {
	m := map[string]string{}
	in := &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: aws.String(name)}
	for {
		t, err := c.ListTagsForDeliveryStream(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, tagsOf(t.Tags, fhTag))
		if !aws.ToBool(t.HasMoreTags) || len(t.Tags) == 0 {
			return m, nil
		}
		in.ExclusiveStartTagKey = t.Tags[len(t.Tags)-1].Key
	}
}

func listTables(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := dynamodb.NewListTablesPaginator(c.DynamoDB, &dynamodb.ListTablesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range page.TableNames {
			out = append(out, listed{name: n, outputs: map[string]string{"name": n}, tags: func(ctx context.Context) (map[string]string, error) {
				return tableTags(ctx, c.DynamoDB, n)
			}})
		}
	}
	return out, nil
}

// tableTags reads every page of a table's tags; DynamoDB tags a table by
// its ARN, which only DescribeTable gives.
func tableTags(ctx context.Context, c dynamodbAPI, name string) (map[string]string, error) {
	d, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: d.Table.TableArn}
	for {
		t, err := c.ListTagsOfResource(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, tagsOf(t.Tags, ddbTag))
		if aws.ToString(t.NextToken) == "" {
			return m, nil
		}
		in.NextToken = t.NextToken
	}
}

func listTopicRules(ctx context.Context, c *Clients, _ *plan.Plan) ([]listed, error) {
	var out []listed
	pg := iot.NewListTopicRulesPaginator(c.IoT, &iot.ListTopicRulesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Rules {
			n, a := aws.ToString(r.RuleName), aws.ToString(r.RuleArn)
			out = append(out, listed{name: n, outputs: map[string]string{"name": n, "arn": a}, tags: func(ctx context.Context) (map[string]string, error) {
				return ruleTags(ctx, c.IoT, a)
			}})
		}
	}
	return out, nil
}

// ruleTags reads every page of a topic rule's tags.
func ruleTags(ctx context.Context, c iotAPI, ruleARN string) (map[string]string, error) {
	m := map[string]string{}
	pg := iot.NewListTagsForResourcePaginator(c, &iot.ListTagsForResourceInput{ResourceArn: aws.String(ruleARN)})
	for pg.HasMorePages() {
		t, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, tagsOf(t.Tags, iotTag))
	}
	return m, nil
}
