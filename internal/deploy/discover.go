package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
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

// Discover lists the target for the plan's resources and for any other
// resource whose name starts with the project name and that is tagged for
// the project. Sub-resources that die with their parent (policies,
// notifications, permissions) are not listed; event source mappings and
// subscriptions are, because they outlive a deleted function or queue.
func (e *Engine) Discover(ctx context.Context, p *plan.Plan) ([]*Found, error) {
	byKindName := map[string]*plan.Resource{}
	for _, r := range p.Resources {
		byKindName[string(r.Kind)+"\x00"+r.Name] = r
	}
	prefixes := []string{p.Project + "-", strings.ReplaceAll(p.Project, "-", "_") + "_"}
	var out []*Found
	consider := func(kind plan.Kind, name string, outputs map[string]string, tags func() (map[string]string, error)) {
		r := byKindName[string(kind)+"\x00"+name]
		if r == nil {
			prefixed := false
			for _, pre := range prefixes {
				prefixed = prefixed || strings.HasPrefix(name, pre)
			}
			if !prefixed {
				return
			}
		}
		f := &Found{InPlan: r != nil, State: &ResourceState{ID: string(kind) + "/" + name, Kind: string(kind), Name: name, Outputs: outputs}}
		if r != nil {
			f.State.ID, f.State.DependsOn, f.State.Integration = r.ID, r.DependsOn, r.Integration
		}
		if t, err := tags(); err == nil {
			f.Owned = ownedBy(t, p.Project)
		}
		if f.Owned || f.InPlan {
			out = append(out, f)
		}
	}
	c := e.Clients
	kinds := map[plan.Kind]bool{}
	for _, r := range p.Resources {
		kinds[r.Kind] = true
	}
	// Buckets, queues, topics, roles and functions are listed whatever the
	// plan says, so resources left by an older version of the spec show up.
	if b, err := c.S3.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	} else {
		for _, bk := range b.Buckets {
			n := aws.ToString(bk.Name)
			consider(plan.KindBucket, n, map[string]string{"name": n}, func() (map[string]string, error) {
				t, err := c.S3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(n)})
				if err != nil {
					return nil, err
				}
				return s3Tags(t.TagSet), nil
			})
		}
	}
	var qurls []string
	for _, pre := range []string{p.Project} {
		q, err := c.SQS.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(pre), MaxResults: aws.Int32(1000)})
		if err != nil {
			return nil, fmt.Errorf("list queues: %w", err)
		}
		qurls = append(qurls, q.QueueUrls...)
	}
	for _, r := range p.Resources {
		if r.Kind == plan.KindQueue && !strings.HasPrefix(r.Name, p.Project) {
			if u, err := c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.Name)}); err == nil {
				qurls = append(qurls, aws.ToString(u.QueueUrl))
			}
		}
	}
	for _, u := range qurls {
		n := u[strings.LastIndex(u, "/")+1:]
		consider(plan.KindQueue, n, map[string]string{"name": n, "url": u}, func() (map[string]string, error) {
			t, err := c.SQS.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(u)})
			if err != nil {
				return nil, err
			}
			return t.Tags, nil
		})
	}
	var topicARNs []string
	for tok := (*string)(nil); ; {
		t, err := c.SNS.ListTopics(ctx, &sns.ListTopicsInput{NextToken: tok})
		if err != nil {
			return nil, fmt.Errorf("list topics: %w", err)
		}
		for _, tp := range t.Topics {
			topicARNs = append(topicARNs, aws.ToString(tp.TopicArn))
		}
		if tok = t.NextToken; tok == nil {
			break
		}
	}
	for _, a := range topicARNs {
		n := a[strings.LastIndex(a, ":")+1:]
		before := len(out)
		consider(plan.KindTopic, n, map[string]string{"name": n, "arn": a}, func() (map[string]string, error) {
			t, err := c.SNS.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(a)})
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			for _, tg := range t.Tags {
				m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
			}
			return m, nil
		})
		if len(out) > before {
			subs, err := c.SNS.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(a)})
			if err == nil {
				for _, s := range subs.Subscriptions {
					sa := aws.ToString(s.SubscriptionArn)
					if !strings.HasPrefix(sa, "arn:") {
						continue // PendingConfirmation
					}
					out = append(out, &Found{Owned: out[before].Owned, InPlan: out[before].InPlan, State: &ResourceState{
						ID: plan.IDSubscription, Kind: string(plan.KindSubscription), Name: n,
						DependsOn: []string{out[before].State.ID}, Outputs: map[string]string{"arn": sa}}})
				}
			}
		}
	}
	roles, err := c.IAM.ListRoles(ctx, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	for _, rl := range roles.Roles {
		n := aws.ToString(rl.RoleName)
		consider(plan.KindRole, n, map[string]string{"name": n, "arn": aws.ToString(rl.Arn)}, func() (map[string]string, error) {
			// GetRole carries the tags; kumo has no ListRoleTags.
			t, err := c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(n)})
			if err != nil {
				return nil, err
			}
			return iamTags(t.Role.Tags), nil
		})
	}
	fns, err := c.Lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(1000)})
	if err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	for _, fn := range fns.Functions {
		n, a := aws.ToString(fn.FunctionName), aws.ToString(fn.FunctionArn)
		before := len(out)
		consider(plan.KindFunction, n, map[string]string{"name": n, "arn": a}, func() (map[string]string, error) {
			t, err := c.Lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(a)})
			if err != nil {
				return nil, err
			}
			return t.Tags, nil
		})
		if len(out) > before {
			esms, err := c.Lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(n)})
			if err == nil {
				for _, m := range esms.EventSourceMappings {
					out = append(out, &Found{Owned: out[before].Owned, InPlan: out[before].InPlan, State: &ResourceState{
						ID: plan.IDEventSourceMapping, Kind: string(plan.KindEventSourceMapping), Name: n,
						DependsOn: []string{out[before].State.ID}, Outputs: map[string]string{"uuid": aws.ToString(m.UUID)}}})
				}
			}
		}
	}
	if kinds[plan.KindStream] {
		s, err := c.Kinesis.ListStreams(ctx, &kinesis.ListStreamsInput{})
		if err != nil {
			return nil, fmt.Errorf("list streams: %w", err)
		}
		for _, n := range s.StreamNames {
			consider(plan.KindStream, n, map[string]string{"name": n}, func() (map[string]string, error) {
				t, err := c.Kinesis.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(n)})
				if err != nil {
					return nil, err
				}
				m := map[string]string{}
				for _, tg := range t.Tags {
					m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
				return m, nil
			})
		}
	}
	if kinds[plan.KindDeliveryStream] {
		d, err := c.Firehose.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{})
		if err != nil {
			return nil, fmt.Errorf("list delivery streams: %w", err)
		}
		for _, n := range d.DeliveryStreamNames {
			consider(plan.KindDeliveryStream, n, map[string]string{"name": n}, func() (map[string]string, error) {
				t, err := c.Firehose.ListTagsForDeliveryStream(ctx, &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: aws.String(n)})
				if err != nil {
					return nil, err
				}
				m := map[string]string{}
				for _, tg := range t.Tags {
					m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
				return m, nil
			})
		}
	}
	if kinds[plan.KindTable] {
		t, err := c.DynamoDB.ListTables(ctx, &dynamodb.ListTablesInput{})
		if err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		for _, n := range t.TableNames {
			consider(plan.KindTable, n, map[string]string{"name": n}, func() (map[string]string, error) {
				d, err := c.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(n)})
				if err != nil {
					return nil, err
				}
				tg, err := c.DynamoDB.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: d.Table.TableArn})
				if err != nil {
					return nil, err
				}
				m := map[string]string{}
				for _, x := range tg.Tags {
					m[aws.ToString(x.Key)] = aws.ToString(x.Value)
				}
				return m, nil
			})
		}
	}
	if kinds[plan.KindTopicRule] {
		rules, err := c.IoT.ListTopicRules(ctx, &iot.ListTopicRulesInput{})
		if err != nil {
			return nil, fmt.Errorf("list topic rules: %w", err)
		}
		for _, r := range rules.Rules {
			n, a := aws.ToString(r.RuleName), aws.ToString(r.RuleArn)
			consider(plan.KindTopicRule, n, map[string]string{"name": n, "arn": a}, func() (map[string]string, error) {
				t, err := c.IoT.ListTagsForResource(ctx, &iot.ListTagsForResourceInput{ResourceArn: aws.String(a)})
				if err != nil {
					return nil, err
				}
				m := map[string]string{}
				for _, tg := range t.Tags {
					m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
				return m, nil
			})
		}
	}
	return out, nil
}
