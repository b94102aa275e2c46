package e2e

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	emrtypes "github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	svcs3 "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// leftovers lists the target, independently of wireup's own discovery, for
// every resource whose name starts with the project's name: buckets,
// queues, topics and their subscriptions, streams, delivery streams,
// tables, functions and their event source mappings, roles, the log group
// when the route starts at one, a delivery stream's error log group, IoT
// rules when the route has IoT, EventBridge rules when it has EventBridge,
// the Glue database, crawler and Athena workgroup of a data lake route,
// the EMR Serverless application of a route into EMR, the Redshift
// cluster of a provisioned warehouse, and secrets (one scheduled for
// deletion too: destroy deletes without a recovery window).
func leftovers(ctx context.Context, cfg aws.Config, s *spec.Spec) ([]string, error) {
	pre := s.Name + "-"
	var left []string
	add := func(kind, name string) {
		if strings.HasPrefix(name, pre) {
			left = append(left, kind+" "+name)
		}
	}
	last := func(arn string) string { return arn[strings.LastIndexAny(arn, ":/")+1:] }

	buckets, err := s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg)).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	}
	for _, b := range buckets.Buckets {
		add("bucket", aws.ToString(b.Name))
	}

	q := sqs.NewListQueuesPaginator(sqs.NewFromConfig(cfg), &sqs.ListQueuesInput{QueueNamePrefix: aws.String(pre)})
	for q.HasMorePages() {
		page, err := q.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list queues: %w", err)
		}
		for _, u := range page.QueueUrls {
			add("queue", last(u))
		}
	}

	snsc := sns.NewFromConfig(cfg)
	tp := sns.NewListTopicsPaginator(snsc, &sns.ListTopicsInput{})
	for tp.HasMorePages() {
		page, err := tp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list topics: %w", err)
		}
		for _, tc := range page.Topics {
			add("topic", last(aws.ToString(tc.TopicArn)))
		}
	}
	sp := sns.NewListSubscriptionsPaginator(snsc, &sns.ListSubscriptionsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions: %w", err)
		}
		for _, sub := range page.Subscriptions {
			if strings.HasPrefix(last(aws.ToString(sub.TopicArn)), pre) || strings.HasPrefix(last(aws.ToString(sub.Endpoint)), pre) {
				left = append(left, "subscription "+aws.ToString(sub.SubscriptionArn)+" of "+aws.ToString(sub.TopicArn))
			}
		}
	}

	kp := kinesis.NewListStreamsPaginator(kinesis.NewFromConfig(cfg), &kinesis.ListStreamsInput{})
	for kp.HasMorePages() {
		page, err := kp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list streams: %w", err)
		}
		for _, n := range page.StreamNames {
			add("stream", n)
		}
	}

	fh := firehose.NewFromConfig(cfg)
	in := &firehose.ListDeliveryStreamsInput{}
	for {
		page, err := fh.ListDeliveryStreams(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list delivery streams: %w", err)
		}
		for _, n := range page.DeliveryStreamNames {
			add("delivery stream", n)
		}
		if !aws.ToBool(page.HasMoreDeliveryStreams) || len(page.DeliveryStreamNames) == 0 {
			break
		}
		in.ExclusiveStartDeliveryStreamName = aws.String(page.DeliveryStreamNames[len(page.DeliveryStreamNames)-1])
	}

	// kumo sends no X-Amz-Crc32 header, and the SDK warns on every response
	// whose checksum it then cannot match.
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
	dp := dynamodb.NewListTablesPaginator(ddb, &dynamodb.ListTablesInput{})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		for _, n := range page.TableNames {
			add("table", n)
		}
	}

	lc := lambda.NewFromConfig(cfg)
	fp := lambda.NewListFunctionsPaginator(lc, &lambda.ListFunctionsInput{})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list functions: %w", err)
		}
		for _, f := range page.Functions {
			add("function", aws.ToString(f.FunctionName))
		}
	}
	mp := lambda.NewListEventSourceMappingsPaginator(lc, &lambda.ListEventSourceMappingsInput{})
	for mp.HasMorePages() {
		page, err := mp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list event source mappings: %w", err)
		}
		for _, m := range page.EventSourceMappings {
			if strings.HasPrefix(last(aws.ToString(m.FunctionArn)), pre) || strings.HasPrefix(last(aws.ToString(m.EventSourceArn)), pre) {
				left = append(left, "event source mapping "+aws.ToString(m.UUID)+" of "+aws.ToString(m.FunctionArn))
			}
		}
	}

	rp := iam.NewListRolesPaginator(iam.NewFromConfig(cfg), &iam.ListRolesInput{})
	for rp.HasMorePages() {
		page, err := rp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		for _, r := range page.Roles {
			add("role", aws.ToString(r.RoleName))
		}
	}

	// The route's log group and the delivery stream's error log group.
	// Deleting a group deletes its streams and subscription filters.
	var groups []string
	if s.Logs != nil {
		groups = append(groups, s.Logs.LogGroup)
	}
	if s.Firehose != nil {
		groups = append(groups, "/aws/kinesisfirehose/"+s.Firehose.DeliveryStream)
	}
	cwl := cloudwatchlogs.NewFromConfig(cfg)
	for _, name := range groups {
		lp := cloudwatchlogs.NewDescribeLogGroupsPaginator(cwl, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
		for lp.HasMorePages() {
			page, err := lp.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list log groups: %w", err)
			}
			for _, g := range page.LogGroups {
				if n := aws.ToString(g.LogGroupName); n == name {
					left = append(left, "log group "+n)
				}
			}
		}
	}
	if g := s.Glue; g != nil {
		gc := glue.NewFromConfig(cfg)
		dbp := glue.NewGetDatabasesPaginator(gc, &glue.GetDatabasesInput{})
		for dbp.HasMorePages() {
			page, err := dbp.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list Glue databases: %w", err)
			}
			for _, db := range page.DatabaseList {
				if aws.ToString(db.Name) == g.Database {
					left = append(left, "Glue database "+g.Database)
				}
			}
		}
		if c := g.Crawler; c != nil {
			cp := glue.NewGetCrawlersPaginator(gc, &glue.GetCrawlersInput{})
			for cp.HasMorePages() {
				page, err := cp.NextPage(ctx)
				if err != nil {
					return nil, fmt.Errorf("list Glue crawlers: %w", err)
				}
				for _, cr := range page.Crawlers {
					add("crawler", aws.ToString(cr.Name))
				}
			}
			// The crawler's role is named AWSGlueServiceRole-PROJECT.
			if _, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(c.Role)}); err == nil {
				left = append(left, "role "+c.Role)
			}
		}
		if j := g.Job; j != nil {
			more, err := glueJobLeftovers(ctx, cfg, s, gc, add)
			if err != nil {
				return nil, err
			}
			left = append(left, more...)
		}
	}
	if r := s.Redshift; r != nil && r.Provisioned() {
		cp := redshift.NewDescribeClustersPaginator(redshift.NewFromConfig(cfg), &redshift.DescribeClustersInput{})
		for cp.HasMorePages() {
			page, err := cp.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list Redshift clusters: %w", err)
			}
			for _, cl := range page.Clusters {
				add("Redshift cluster", aws.ToString(cl.ClusterIdentifier))
			}
		}
	}
	if a := s.Athena; a != nil {
		wp := athena.NewListWorkGroupsPaginator(athena.NewFromConfig(cfg), &athena.ListWorkGroupsInput{})
		for wp.HasMorePages() {
			page, err := wp.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list Athena workgroups: %w", err)
			}
			for _, wg := range page.WorkGroups {
				if aws.ToString(wg.Name) == a.WorkGroup {
					left = append(left, "workgroup "+a.WorkGroup)
				}
			}
		}
	}
	if o := s.OpenSearch; o != nil {
		out, err := opensearch.NewFromConfig(cfg).ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
		if err != nil {
			return nil, fmt.Errorf("list OpenSearch domains: %w", err)
		}
		for _, d := range out.DomainNames {
			if aws.ToString(d.DomainName) == o.Domain {
				left = append(left, "OpenSearch domain "+o.Domain)
			}
		}
	}

	if m := s.SageMaker; m != nil {
		// A finished training job's record bills nothing and moto and kumo
		// cannot delete one (sagemaker.DeletesTrainingJob); a job still
		// running is left behind.
		jp := sagemaker.NewListTrainingJobsPaginator(sagemaker.NewFromConfig(cfg), &sagemaker.ListTrainingJobsInput{NameContains: aws.String(m.JobPrefix + "-")})
		for jp.HasMorePages() {
			page, err := jp.NextPage(ctx)
			if err != nil && strings.Contains(err.Error(), "UnknownOperationException") {
				break // kumo: no ListTrainingJobs (sagemaker.ListsTrainingJobs)
			}
			if err != nil {
				return nil, fmt.Errorf("list training jobs: %w", err)
			}
			for _, j := range page.TrainingJobSummaries {
				if st := j.TrainingJobStatus; st == "InProgress" || st == "Stopping" {
					left = append(left, fmt.Sprintf("training job %s (%s)", aws.ToString(j.TrainingJobName), st))
				}
			}
		}
	}
	if e := s.EMR; e != nil {
		ap := emrserverless.NewListApplicationsPaginator(emrserverless.NewFromConfig(cfg), &emrserverless.ListApplicationsInput{})
		for ap.HasMorePages() {
			page, err := ap.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list EMR Serverless applications: %w", err)
			}
			for _, app := range page.Applications {
				if aws.ToString(app.Name) == e.Application && app.State != emrtypes.ApplicationStateTerminated {
					left = append(left, "EMR Serverless application "+e.Application+" ("+aws.ToString(app.Id)+", "+string(app.State)+")")
				}
			}
		}
	}

	if s.IoT != nil {
		ip := iot.NewListTopicRulesPaginator(iot.NewFromConfig(cfg), &iot.ListTopicRulesInput{})
		for ip.HasMorePages() {
			page, err := ip.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list topic rules: %w", err)
			}
			for _, r := range page.Rules {
				if n := aws.ToString(r.RuleName); n == s.IoT.Rule || strings.HasPrefix(n, strings.ReplaceAll(pre, "-", "_")) {
					left = append(left, "topic rule "+n)
				}
			}
		}
	}

	if e := s.EventBridge; e != nil {
		eb := eventbridge.NewFromConfig(cfg)
		in := &eventbridge.ListRulesInput{NamePrefix: aws.String(pre), EventBusName: aws.String(e.EventBus)}
		for {
			page, err := eb.ListRules(ctx, in)
			if err != nil {
				return nil, fmt.Errorf("list EventBridge rules: %w", err)
			}
			for _, r := range page.Rules {
				add("EventBridge rule", aws.ToString(r.Name))
			}
			if aws.ToString(page.NextToken) == "" {
				break
			}
			in.NextToken = page.NextToken
		}
	}
	// Secrets (an HTTP endpoint's access key, a Splunk HEC token, a Redshift
	// database user's password): one
	// scheduled for deletion still holds its name, so it counts as left.
	smp := secretsmanager.NewListSecretsPaginator(secretsmanager.NewFromConfig(cfg), &secretsmanager.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	for smp.HasMorePages() {
		page, err := smp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list secrets: %w", err)
		}
		for _, e := range page.SecretList {
			add("secret", aws.ToString(e.Name))
		}
	}
	return left, nil
}

// glueJobLeftovers lists what a Glue job route may leave: the job, its
// security configuration and role (not named with the project's prefix),
// the state machine and its log group.
func glueJobLeftovers(ctx context.Context, cfg aws.Config, s *spec.Spec, gc *glue.Client, add func(kind, name string)) ([]string, error) {
	var left []string
	j, sf := s.Glue.Job, s.StepFunctions
	jp := glue.NewGetJobsPaginator(gc, &glue.GetJobsInput{})
	for jp.HasMorePages() {
		page, err := jp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list Glue jobs: %w", err)
		}
		for _, job := range page.Jobs {
			add("Glue job", aws.ToString(job.Name))
		}
	}
	if _, err := gc.GetSecurityConfiguration(ctx, &glue.GetSecurityConfigurationInput{Name: aws.String(j.SecurityConfiguration)}); err == nil {
		left = append(left, "Glue security configuration "+j.SecurityConfiguration)
	}
	if _, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(j.Role)}); err == nil {
		left = append(left, "role "+j.Role)
	}
	sp := sfn.NewListStateMachinesPaginator(sfn.NewFromConfig(cfg), &sfn.ListStateMachinesInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list state machines: %w", err)
		}
		for _, m := range page.StateMachines {
			add("state machine", aws.ToString(m.Name))
		}
	}
	lp := cloudwatchlogs.NewDescribeLogGroupsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(sf.LogGroup)})
	for lp.HasMorePages() {
		page, err := lp.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list log groups: %w", err)
		}
		for _, g := range page.LogGroups {
			if n := aws.ToString(g.LogGroupName); n == sf.LogGroup {
				left = append(left, "log group "+n)
			}
		}
	}
	return left, nil
}
