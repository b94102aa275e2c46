package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
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
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// rolePolicyName is the name of the inline policy wireup puts on its roles.
const rolePolicyName = "wireup"

func atoi(s string) int32 {
	n, _ := strconv.Atoi(s)
	return int32(n)
}

func tagMap(p *plan.Plan) map[string]string {
	m := map[string]string{}
	for _, t := range p.Tags {
		m[t.Key] = t.Value
	}
	return m
}

// ensure creates r, or adopts and updates it when it already exists, waits
// until it is usable and returns what the service reported about it.
func (e *Engine) ensure(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	switch r.Kind {
	case plan.KindRole:
		return e.ensureRole(ctx, p, r)
	case plan.KindBucket:
		return e.ensureBucket(ctx, p, r, in)
	case plan.KindQueue:
		return e.ensureQueue(ctx, p, r, in)
	case plan.KindQueuePolicy:
		_, err := e.Clients.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
			QueueUrl: aws.String(in["queueUrl"]), Attributes: map[string]string{"Policy": string(r.Policy)}})
		return map[string]string{"queueUrl": in["queueUrl"]}, err
	case plan.KindTopic:
		return e.ensureTopic(ctx, p, r, in)
	case plan.KindTopicPolicy:
		_, err := e.Clients.SNS.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{
			TopicArn: aws.String(in["topicArn"]), AttributeName: aws.String("Policy"), AttributeValue: aws.String(string(r.Policy))})
		return map[string]string{"topicArn": in["topicArn"]}, err
	case plan.KindSubscription:
		return e.ensureSubscription(ctx, in)
	case plan.KindStream:
		return e.ensureStream(ctx, p, r, in)
	case plan.KindDeliveryStream:
		return e.ensureDeliveryStream(ctx, p, r, in)
	case plan.KindTable:
		return e.ensureTable(ctx, p, r, in)
	case plan.KindFunction:
		return e.ensureFunction(ctx, p, r, in)
	case plan.KindPermission:
		return e.ensurePermission(ctx, in)
	case plan.KindEventSourceMapping:
		return e.ensureMapping(ctx, r, in)
	case plan.KindBucketNotification:
		return e.ensureNotification(ctx, r, in)
	case plan.KindTopicRule:
		return e.ensureTopicRule(ctx, p, r, in)
	}
	return nil, fmt.Errorf("unknown resource kind %s", r.Kind)
}

// exists reports whether a recorded resource is still there.
func (e *Engine) exists(ctx context.Context, rs *ResourceState) (bool, error) {
	var err error
	c := e.Clients
	switch plan.Kind(rs.Kind) {
	case plan.KindRole:
		_, err = c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(rs.Name)})
	case plan.KindBucket:
		_, err = c.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(rs.Name)})
	case plan.KindQueue:
		_, err = c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(rs.Name)})
	case plan.KindQueuePolicy:
		var out *sqs.GetQueueAttributesOutput
		out, err = c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(rs.Outputs["queueUrl"]),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy}})
		if err == nil {
			return out.Attributes["Policy"] != "", nil
		}
	case plan.KindTopic:
		_, err = c.SNS.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(rs.Outputs["arn"])})
	case plan.KindTopicPolicy:
		var out *sns.GetTopicAttributesOutput
		out, err = c.SNS.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(rs.Outputs["topicArn"])})
		if err == nil {
			return strings.Contains(out.Attributes["Policy"], "s3.amazonaws.com"), nil
		}
	case plan.KindSubscription:
		_, err = c.SNS.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(rs.Outputs["arn"])})
	case plan.KindStream:
		_, err = c.Kinesis.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(rs.Name)})
	case plan.KindDeliveryStream:
		_, err = c.Firehose.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(rs.Name)})
	case plan.KindTable:
		_, err = c.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(rs.Name)})
	case plan.KindFunction:
		_, err = c.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(rs.Name)})
	case plan.KindPermission:
		var out *lambda.GetPolicyOutput
		out, err = c.Lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(rs.Inputs["functionName"])})
		if err == nil {
			return strings.Contains(aws.ToString(out.Policy), rs.Inputs["statementId"]), nil
		}
	case plan.KindEventSourceMapping:
		_, err = c.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(rs.Outputs["uuid"])})
	case plan.KindBucketNotification:
		var out *s3.GetBucketNotificationConfigurationOutput
		out, err = c.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(rs.Name)})
		if err == nil {
			return hasNotification(out, notificationID(rs.Integration)), nil
		}
	case plan.KindTopicRule:
		_, err = c.IoT.GetTopicRule(ctx, &iot.GetTopicRuleInput{RuleName: aws.String(rs.Name)})
	default:
		return false, fmt.Errorf("unknown resource kind %s", rs.Kind)
	}
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// --- IAM ---

// roleTransient recognises IAM eventual consistency in the services that
// assume a role: the role exists but is not visible to them yet.
func roleTransient(err error) bool {
	msg := strings.ToLower(errorMessage(err))
	for _, s := range []string{"cannot be assumed", "unable to assume", "is not authorized to perform", "does not have permissions",
		"execution role does not have", "not authorized to assume", "role provided", "ensure that the role"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func (e *Engine) ensureRole(ctx context.Context, p *plan.Plan, r *plan.Resource) (map[string]string, error) {
	c := e.Clients.IAM
	var tags []iamtypes.Tag
	for _, t := range p.Tags {
		tags = append(tags, iamtypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	var roleARN string
	out, err := c.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String(r.Name), AssumeRolePolicyDocument: aws.String(string(r.Trust)), Tags: tags,
		Description: aws.String("wireup " + p.Project + ": " + r.ID),
	})
	switch {
	case err == nil:
		roleARN = aws.ToString(out.Role.Arn)
		noteCreated(ctx, map[string]string{"name": r.Name, "arn": roleARN})
	case errorCode(err) == "EntityAlreadyExists":
		got, gerr := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get role: %w", gerr)
		}
		if !owns(ctx, tagsOf(got.Role.Tags, iamTag), p.Project) {
			return nil, fmt.Errorf("create role: a role named %s exists and is not tagged %s=%s: %w. Rename the role in wireup.yaml", r.Name, plan.TagProject, p.Project, errNameTaken)
		}
		roleARN = aws.ToString(got.Role.Arn)
		if _, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(r.Name), PolicyDocument: aws.String(string(r.Trust))}); err != nil {
			return nil, fmt.Errorf("update trust policy: %w", err)
		}
	default:
		return nil, fmt.Errorf("create role: %w", err)
	}
	if len(r.Policy) > 0 {
		if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(r.Name), PolicyName: aws.String(rolePolicyName), PolicyDocument: aws.String(string(r.Policy))}); err != nil {
			return nil, fmt.Errorf("put role policy: %w", err)
		}
	}
	w := iam.NewRoleExistsWaiter(c)
	if err := w.Wait(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)}, e.maxWait()); err != nil {
		return nil, fmt.Errorf("wait for role: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": roleARN}, nil
}

func ownedBy(tags map[string]string, project string) bool { return tags[plan.TagProject] == project }

// --- S3 ---

func (e *Engine) ensureBucket(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.S3
	input := &s3.CreateBucketInput{Bucket: aws.String(r.Name)}
	if e.Clients.Region != "" && e.Clients.Region != "us-east-1" {
		input.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(e.Clients.Region)}
	}
	if _, err := c.CreateBucket(ctx, input); err == nil {
		noteCreated(ctx, map[string]string{"name": r.Name})
	} else {
		switch errorCode(err) {
		case "BucketAlreadyOwnedByYou":
			tags, terr := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(r.Name)})
			if terr != nil && !isNotFound(terr) && errorCode(terr) != "NoSuchTagSet" {
				return nil, fmt.Errorf("get bucket tags: %w", terr)
			}
			var ts map[string]string
			if terr == nil {
				ts = tagsOf(tags.TagSet, s3Tag)
			}
			if !owns(ctx, ts, p.Project) {
				return nil, fmt.Errorf("create bucket: %s exists in this account and is not tagged %s=%s: %w. Rename s3.bucket in wireup.yaml", r.Name, plan.TagProject, p.Project, errNameTaken)
			}
		default:
			return nil, fmt.Errorf("create bucket: %w", err)
		}
	}
	if err := s3.NewBucketExistsWaiter(c).Wait(ctx, &s3.HeadBucketInput{Bucket: aws.String(r.Name)}, e.maxWait()); err != nil {
		return nil, fmt.Errorf("wait for bucket: %w", err)
	}
	// Tag first, so destroy finds the bucket even if a later call fails.
	var ts []s3types.Tag
	for _, t := range p.Tags {
		ts = append(ts, s3types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	if _, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(r.Name), Tagging: &s3types.Tagging{TagSet: ts}}); err != nil {
		return nil, fmt.Errorf("tag bucket: %w", err)
	}
	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(r.Name),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}); err != nil {
		return nil, fmt.Errorf("block public access: %w", err)
	}
	// The TLS-only policy goes on after the public access block: it only
	// denies, so BlockPublicPolicy accepts it, and nothing that depends on
	// the bucket (a notification, a delivery stream, a rule) starts before
	// it is in place.
	if e.appliesBucketPolicy(r) {
		if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(r.Name), Policy: aws.String(string(r.Policy))}); err != nil {
			return nil, fmt.Errorf("put bucket policy: %w", err)
		}
	}
	rule := s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}
	if k := in["kmsKey"]; k != "" {
		rule.ApplyServerSideEncryptionByDefault = &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(k)}
		rule.BucketKeyEnabled = aws.Bool(true)
	}
	if _, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(r.Name),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{rule}}}); err != nil {
		return nil, fmt.Errorf("set bucket encryption: %w", err)
	}
	if in["versioning"] == "true" {
		if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(r.Name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
			return nil, fmt.Errorf("enable versioning: %w", err)
		}
	}
	// S3 returns no ARN; a bucket ARN has no region or account, so it is
	// fully determined by the partition and the name.
	a := arn.ARN{Partition: p.Env.Partition, Service: "s3", Resource: r.Name}
	return map[string]string{"name": r.Name, "arn": a.String()}, nil
}

// appliesBucketPolicy reports whether the bucket's planned policy is put on
// this target (see targets.BucketPolicy for the one that refuses it).
func (e *Engine) appliesBucketPolicy(r *plan.Resource) bool {
	ok, _ := targets.BucketPolicy(targets.Target(e.Target.Kind))
	return ok && len(r.Policy) > 0
}

func notificationID(integration string) string { return "wireup-" + integration }

func hasNotification(out *s3.GetBucketNotificationConfigurationOutput, id string) bool {
	for _, q := range out.QueueConfigurations {
		if aws.ToString(q.Id) == id {
			return true
		}
	}
	for _, t := range out.TopicConfigurations {
		if aws.ToString(t.Id) == id {
			return true
		}
	}
	for _, l := range out.LambdaFunctionConfigurations {
		if aws.ToString(l.Id) == id {
			return true
		}
	}
	return false
}

func (e *Engine) ensureNotification(ctx context.Context, r *plan.Resource, in map[string]string) (map[string]string, error) {
	var events []s3types.Event
	for _, ev := range strings.Split(in["events"], ",") {
		events = append(events, s3types.Event(ev))
	}
	var rules []s3types.FilterRule
	if v := in["filterPrefix"]; v != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNamePrefix, Value: aws.String(v)})
	}
	if v := in["filterSuffix"]; v != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNameSuffix, Value: aws.String(v)})
	}
	var filter *s3types.NotificationConfigurationFilter
	if len(rules) > 0 {
		filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: rules}}
	}
	id := aws.String(notificationID(r.Integration))
	cfg := &s3types.NotificationConfiguration{}
	switch in["target"] {
	case "queue":
		cfg.QueueConfigurations = []s3types.QueueConfiguration{{Id: id, QueueArn: aws.String(in["targetArn"]), Events: events, Filter: filter}}
	case "topic":
		cfg.TopicConfigurations = []s3types.TopicConfiguration{{Id: id, TopicArn: aws.String(in["targetArn"]), Events: events, Filter: filter}}
	case "lambda":
		cfg.LambdaFunctionConfigurations = []s3types.LambdaFunctionConfiguration{{Id: id, LambdaFunctionArn: aws.String(in["targetArn"]), Events: events, Filter: filter}}
	}
	// S3 validates the destination's resource policy when the configuration
	// is put; a just-written policy may not be visible yet.
	err := e.retry(ctx, r.ID, func(err error) bool {
		return errorCode(err) == "InvalidArgument" && strings.Contains(strings.ToLower(errorMessage(err)), "unable to validate")
	}, func() error {
		_, err := e.Clients.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket: aws.String(in["bucket"]), NotificationConfiguration: cfg})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("put bucket notification: %w", err)
	}
	return map[string]string{"bucket": in["bucket"], "id": *id}, nil
}

// --- SQS ---

func (e *Engine) ensureQueue(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.SQS
	attrs := map[string]string{}
	if v := in["visibilityTimeoutSeconds"]; v != "" && v != "0" {
		attrs["VisibilityTimeout"] = v
	}
	if v := in["retentionSeconds"]; v != "" && v != "0" {
		attrs["MessageRetentionPeriod"] = v
	}
	if in["encryption"] == "true" {
		attrs["SqsManagedSseEnabled"] = "true"
	}
	if dlq := in["deadLetterTargetArn"]; dlq != "" {
		b, _ := json.Marshal(map[string]string{"deadLetterTargetArn": dlq, "maxReceiveCount": in["maxReceiveCount"]})
		attrs["RedrivePolicy"] = string(b)
	}
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.Name), Attributes: attrs, Tags: tagMap(p)})
	var queueURL string
	switch {
	case err == nil:
		queueURL = aws.ToString(out.QueueUrl)
	case errorCode(err) == "QueueAlreadyExists" || errorCode(err) == "QueueNameExists":
		got, gerr := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get queue url: %w", gerr)
		}
		queueURL = aws.ToString(got.QueueUrl)
		if _, err := c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(queueURL), Attributes: attrs}); err != nil {
			return nil, fmt.Errorf("update queue: %w", err)
		}
	default:
		return nil, fmt.Errorf("create queue: %w", err)
	}
	got, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		return nil, fmt.Errorf("read queue arn: %w", err)
	}
	return map[string]string{"name": r.Name, "url": queueURL, "arn": got.Attributes["QueueArn"]}, nil
}

// --- SNS ---

func (e *Engine) ensureTopic(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	attrs := map[string]string{}
	if in["encryption"] == "true" {
		attrs["KmsMasterKeyId"] = "alias/aws/sns"
	}
	var tags []snstypes.Tag
	for _, t := range p.Tags {
		tags = append(tags, snstypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	out, err := e.Clients.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(r.Name), Attributes: attrs, Tags: tags})
	if err != nil {
		return nil, fmt.Errorf("create topic: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(out.TopicArn)}, nil
}

func (e *Engine) ensureSubscription(ctx context.Context, in map[string]string) (map[string]string, error) {
	attrs := map[string]string{}
	if in["rawDelivery"] == "true" {
		attrs["RawMessageDelivery"] = "true"
	}
	if fp := in["filterPolicy"]; fp != "" {
		attrs["FilterPolicy"] = fp
	}
	out, err := e.Clients.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(in["topicArn"]), Protocol: aws.String(in["protocol"]),
		Endpoint: aws.String(in["endpoint"]), Attributes: attrs, ReturnSubscriptionArn: true})
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return map[string]string{"arn": aws.ToString(out.SubscriptionArn), "topicArn": in["topicArn"]}, nil
}

// --- Kinesis ---

func (e *Engine) ensureStream(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.Kinesis
	input := &kinesis.CreateStreamInput{StreamName: aws.String(r.Name), Tags: tagMap(p)}
	if in["mode"] == "PROVISIONED" {
		input.StreamModeDetails = &kintypes.StreamModeDetails{StreamMode: kintypes.StreamModeProvisioned}
		input.ShardCount = aws.Int32(max(atoi(in["shards"]), 1))
	} else {
		input.StreamModeDetails = &kintypes.StreamModeDetails{StreamMode: kintypes.StreamModeOnDemand}
	}
	// CreateStream tags the stream (kumo ignores the tags and has no
	// tagging calls at all); an adopted stream is tagged separately.
	_, err := c.CreateStream(ctx, input)
	adopted := errorCode(err) == "ResourceInUseException"
	if err != nil && !adopted {
		return nil, fmt.Errorf("create stream: %w", err)
	}
	if !adopted {
		noteCreated(ctx, map[string]string{"name": r.Name})
	}
	wait := func() error {
		return kinesis.NewStreamExistsWaiter(c).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(r.Name)}, e.maxWait())
	}
	if err := wait(); err != nil {
		return nil, fmt.Errorf("wait for stream: %w", err)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(r.Name)})
	if err != nil {
		return nil, fmt.Errorf("describe stream: %w", err)
	}
	d := sum.StreamDescriptionSummary
	if adopted {
		if _, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(r.Name), Tags: tagMap(p)}); err != nil {
			return nil, fmt.Errorf("tag stream: %w", err)
		}
	}
	if h := atoi(in["retentionHours"]); h > 24 && aws.ToInt32(d.RetentionPeriodHours) < h {
		if _, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String(r.Name), RetentionPeriodHours: aws.Int32(h)}); err != nil {
			return nil, fmt.Errorf("set stream retention: %w", err)
		}
		if err := wait(); err != nil {
			return nil, fmt.Errorf("wait for stream: %w", err)
		}
	}
	if in["encryption"] == "true" && d.EncryptionType != kintypes.EncryptionTypeKms {
		if _, err := c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String(r.Name),
			EncryptionType: kintypes.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")}); err != nil {
			return nil, fmt.Errorf("encrypt stream: %w", err)
		}
		if err := wait(); err != nil {
			return nil, fmt.Errorf("wait for stream: %w", err)
		}
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(d.StreamARN)}, nil
}

// --- Firehose ---

func (e *Engine) ensureDeliveryStream(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.Firehose
	dest := &fhtypes.ExtendedS3DestinationConfiguration{
		BucketARN: aws.String(in["bucketArn"]), RoleARN: aws.String(in["roleArn"]),
		BufferingHints:    &fhtypes.BufferingHints{SizeInMBs: aws.Int32(atoi(in["bufferSizeMiB"])), IntervalInSeconds: aws.Int32(atoi(in["bufferIntervalSeconds"]))},
		CompressionFormat: fhtypes.CompressionFormat(in["compression"]),
	}
	if v := in["prefix"]; v != "" {
		dest.Prefix = aws.String(v)
	}
	if v := in["errorPrefix"]; v != "" {
		dest.ErrorOutputPrefix = aws.String(v)
	}
	if t := in["transformArn"]; t != "" {
		dest.ProcessingConfiguration = &fhtypes.ProcessingConfiguration{Enabled: aws.Bool(true), Processors: []fhtypes.Processor{{
			Type: fhtypes.ProcessorTypeLambda,
			Parameters: []fhtypes.ProcessorParameter{
				{ParameterName: fhtypes.ProcessorParameterNameLambdaArn, ParameterValue: aws.String(t)},
				{ParameterName: fhtypes.ProcessorParameterNameBufferSizeInMb, ParameterValue: aws.String(in["transformBufferSizeMiB"])},
			}}}}
	}
	input := &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String(r.Name), ExtendedS3DestinationConfiguration: dest,
		DeliveryStreamType: fhtypes.DeliveryStreamTypeDirectPut}
	if in["source"] == "KinesisStreamAsSource" {
		input.DeliveryStreamType = fhtypes.DeliveryStreamTypeKinesisStreamAsSource
		input.KinesisStreamSourceConfiguration = &fhtypes.KinesisStreamSourceConfiguration{KinesisStreamARN: aws.String(in["streamArn"]), RoleARN: aws.String(in["roleArn"])}
	}
	for _, t := range p.Tags {
		input.Tags = append(input.Tags, fhtypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	err := e.retry(ctx, r.ID, func(err error) bool { return errorCode(err) == "InvalidArgumentException" && roleTransient(err) }, func() error {
		_, err := c.CreateDeliveryStream(ctx, input)
		return err
	})
	if err == nil {
		noteCreated(ctx, map[string]string{"name": r.Name})
	} else if errorCode(err) != "ResourceInUseException" {
		return nil, fmt.Errorf("create delivery stream: %w", err)
	}
	var streamARN string
	err = poll(ctx, e.maxWait(), "delivery stream "+r.Name, func() (bool, error) {
		out, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(r.Name)})
		if err != nil {
			return false, fmt.Errorf("describe delivery stream: %w", err)
		}
		d := out.DeliveryStreamDescription
		streamARN = aws.ToString(d.DeliveryStreamARN)
		switch d.DeliveryStreamStatus {
		case fhtypes.DeliveryStreamStatusActive:
			return true, nil
		case fhtypes.DeliveryStreamStatusCreatingFailed:
			return false, fmt.Errorf("delivery stream %s failed to create: %v", r.Name, d.FailureDescription)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"name": r.Name, "arn": streamARN}, nil
}

// --- DynamoDB ---

func (e *Engine) ensureTable(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.DynamoDB
	input := &dynamodb.CreateTableInput{
		TableName:            aws.String(r.Name),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String(in["partitionKey"]), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String(in["partitionKey"]), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	}
	if sk := in["sortKey"]; sk != "" {
		input.AttributeDefinitions = append(input.AttributeDefinitions, ddbtypes.AttributeDefinition{AttributeName: aws.String(sk), AttributeType: ddbtypes.ScalarAttributeTypeS})
		input.KeySchema = append(input.KeySchema, ddbtypes.KeySchemaElement{AttributeName: aws.String(sk), KeyType: ddbtypes.KeyTypeRange})
	}
	if in["billingMode"] == "PROVISIONED" {
		input.BillingMode = ddbtypes.BillingModeProvisioned
		input.ProvisionedThroughput = &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
	}
	if v := in["streamViewType"]; v != "" {
		input.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(v)}
	}
	for _, t := range p.Tags {
		input.Tags = append(input.Tags, ddbtypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	if _, err := c.CreateTable(ctx, input); err == nil {
		noteCreated(ctx, map[string]string{"name": r.Name})
	} else if errorCode(err) != "ResourceInUseException" {
		return nil, fmt.Errorf("create table: %w", err)
	}
	out, err := dynamodb.NewTableExistsWaiter(c).WaitForOutput(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.Name)}, e.maxWait())
	if err != nil {
		return nil, fmt.Errorf("wait for table: %w", err)
	}
	t := out.Table
	o := map[string]string{"name": r.Name, "arn": aws.ToString(t.TableArn)}
	if t.LatestStreamArn != nil {
		o["streamArn"] = aws.ToString(t.LatestStreamArn)
	}
	return o, nil
}

// --- Lambda ---

func (e *Engine) ensureFunction(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.Lambda
	zip := e.Artifacts[r.ID]
	if len(zip) == 0 {
		return nil, fmt.Errorf("no deployment package for %s: build %s first", r.Name, in["package"])
	}
	var fnARN string
	err := e.retry(ctx, r.ID, func(err error) bool { return errorCode(err) == "InvalidParameterValueException" && roleTransient(err) }, func() error {
		out, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(r.Name), Role: aws.String(in["role"]),
			Runtime: lambdatypes.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
			Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureX8664},
			Code:          &lambdatypes.FunctionCode{ZipFile: zip},
			MemorySize:    aws.Int32(atoi(in["memoryMiB"])), Timeout: aws.Int32(atoi(in["timeoutSeconds"])),
			Tags: tagMap(p), Description: aws.String("wireup " + p.Project),
		})
		if err == nil {
			fnARN = aws.ToString(out.FunctionArn)
			noteCreated(ctx, map[string]string{"name": r.Name, "arn": fnARN})
		}
		return err
	})
	switch {
	case err == nil:
	case errorCode(err) == "ResourceConflictException":
		got, gerr := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get function: %w", gerr)
		}
		if !owns(ctx, got.Tags, p.Project) {
			return nil, fmt.Errorf("create function: %s exists and is not tagged %s=%s: %w. Rename lambda.function in wireup.yaml", r.Name, plan.TagProject, p.Project, errNameTaken)
		}
		fnARN = aws.ToString(got.Configuration.FunctionArn)
		if _, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(r.Name), ZipFile: zip}); err != nil {
			return nil, fmt.Errorf("update function code: %w", err)
		}
		if err := lambda.NewFunctionUpdatedV2Waiter(c).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)}, e.maxWait()); err != nil {
			return nil, fmt.Errorf("wait for function update: %w", err)
		}
	default:
		return nil, fmt.Errorf("create function: %w", err)
	}
	if err := lambda.NewFunctionActiveV2Waiter(c).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)}, e.maxWait()); err != nil {
		return nil, fmt.Errorf("wait for function: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": fnARN}, nil
}

func (e *Engine) ensurePermission(ctx context.Context, in map[string]string) (map[string]string, error) {
	_, err := e.Clients.Lambda.AddPermission(ctx, &lambda.AddPermissionInput{
		FunctionName: aws.String(in["functionName"]), StatementId: aws.String(in["statementId"]),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String(in["principal"]),
		SourceArn: aws.String(in["sourceArn"]), SourceAccount: aws.String(in["sourceAccount"]),
	})
	if err != nil && errorCode(err) != "ResourceConflictException" {
		return nil, fmt.Errorf("add permission: %w", err)
	}
	return map[string]string{"functionName": in["functionName"], "statementId": in["statementId"]}, nil
}

func (e *Engine) ensureMapping(ctx context.Context, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.Lambda
	list, err := c.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(in["functionName"]), EventSourceArn: aws.String(in["eventSourceArn"])})
	if err != nil {
		return nil, fmt.Errorf("list event source mappings: %w", err)
	}
	// Lambda checks the execution role against the source and the
	// on-failure destination, so both calls can meet IAM's delay.
	transient := func(err error) bool { return errorCode(err) == "InvalidParameterValueException" && roleTransient(err) }
	var uuid string
	if len(list.EventSourceMappings) > 0 {
		// The mapping exists (an interrupted deploy, or the spec changed):
		// bring what can change to the plan. The starting position cannot.
		uuid = aws.ToString(list.EventSourceMappings[0].UUID)
		err = e.retry(ctx, r.ID, transient, func() error {
			_, err := c.UpdateEventSourceMapping(ctx, mappingUpdate(uuid, in))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("update event source mapping: %w", err)
		}
	} else {
		input := mappingCreate(in)
		err := e.retry(ctx, r.ID, transient, func() error {
			out, err := c.CreateEventSourceMapping(ctx, input)
			if err == nil {
				uuid = aws.ToString(out.UUID)
				noteCreated(ctx, map[string]string{"uuid": uuid})
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("create event source mapping: %w", err)
		}
	}
	err = poll(ctx, e.maxWait(), "event source mapping", func() (bool, error) {
		out, err := c.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			return false, fmt.Errorf("get event source mapping: %w", err)
		}
		switch aws.ToString(out.State) {
		case "Enabled", "":
			return true, nil
		case "Disabled":
			return false, fmt.Errorf("event source mapping is disabled: %s", aws.ToString(out.StateTransitionReason))
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"uuid": uuid}, nil
}

// isStreamMapping reports whether a mapping's settings are those of a
// Kinesis or DynamoDB Streams source, which have stream error handling.
func isStreamMapping(in map[string]string) bool { return in["maximumRetryAttempts"] != "" }

// mappingCreate is the CreateEventSourceMapping input for the settings.
func mappingCreate(in map[string]string) *lambda.CreateEventSourceMappingInput {
	input := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(in["functionName"]), EventSourceArn: aws.String(in["eventSourceArn"]), Enabled: aws.Bool(true),
		FunctionResponseTypes: responseTypes(in)}
	if n := atoi(in["batchSize"]); n > 0 {
		input.BatchSize = aws.Int32(n)
	}
	if v := in["startingPosition"]; v != "" {
		input.StartingPosition = lambdatypes.EventSourcePosition(v)
	}
	if n := atoi(in["batchWindowSeconds"]); n > 0 {
		input.MaximumBatchingWindowInSeconds = aws.Int32(n)
	}
	if isStreamMapping(in) {
		input.MaximumRetryAttempts = aws.Int32(atoi(in["maximumRetryAttempts"]))
		input.BisectBatchOnFunctionError = aws.Bool(in["bisectBatchOnFunctionError"] == "true")
		if d := in["onFailureArn"]; d != "" {
			input.DestinationConfig = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{Destination: aws.String(d)}}
		}
	}
	return input
}

// mappingUpdate is the UpdateEventSourceMapping input that brings an
// existing mapping to the settings, clearing what the plan no longer has.
func mappingUpdate(uuid string, in map[string]string) *lambda.UpdateEventSourceMappingInput {
	input := &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), FunctionName: aws.String(in["functionName"]), Enabled: aws.Bool(true),
		MaximumBatchingWindowInSeconds: aws.Int32(atoi(in["batchWindowSeconds"])),
		FunctionResponseTypes:          responseTypes(in)}
	if input.FunctionResponseTypes == nil {
		input.FunctionResponseTypes = []lambdatypes.FunctionResponseType{} // an empty list clears them
	}
	if n := atoi(in["batchSize"]); n > 0 {
		input.BatchSize = aws.Int32(n)
	}
	if isStreamMapping(in) {
		input.MaximumRetryAttempts = aws.Int32(atoi(in["maximumRetryAttempts"]))
		input.BisectBatchOnFunctionError = aws.Bool(in["bisectBatchOnFunctionError"] == "true")
		// An OnFailure without a destination removes the one there is.
		input.DestinationConfig = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{}}
		if d := in["onFailureArn"]; d != "" {
			input.DestinationConfig.OnFailure.Destination = aws.String(d)
		}
	}
	return input
}

func responseTypes(in map[string]string) []lambdatypes.FunctionResponseType {
	var out []lambdatypes.FunctionResponseType
	for _, t := range strings.Split(in["functionResponseTypes"], ",") {
		if t != "" {
			out = append(out, lambdatypes.FunctionResponseType(t))
		}
	}
	return out
}

// --- IoT ---

func (e *Engine) ensureTopicRule(ctx context.Context, p *plan.Plan, r *plan.Resource, in map[string]string) (map[string]string, error) {
	c := e.Clients.IoT
	role := aws.String(in["roleArn"])
	var action iottypes.Action
	switch in["action"] {
	case "kinesis":
		action.Kinesis = &iottypes.KinesisAction{StreamName: aws.String(in["streamName"]), PartitionKey: aws.String(in["partitionKey"]), RoleArn: role}
	case "firehose":
		action.Firehose = &iottypes.FirehoseAction{DeliveryStreamName: aws.String(in["deliveryStreamName"]), Separator: aws.String(in["separator"]), RoleArn: role}
	case "sqs":
		action.Sqs = &iottypes.SqsAction{QueueUrl: aws.String(in["queueUrl"]), RoleArn: role}
	case "sns":
		action.Sns = &iottypes.SnsAction{TargetArn: aws.String(in["targetArn"]), MessageFormat: iottypes.MessageFormat(in["messageFormat"]), RoleArn: role}
	case "s3":
		action.S3 = &iottypes.S3Action{BucketName: aws.String(in["bucketName"]), Key: aws.String(in["key"]), RoleArn: role}
	case "dynamodb":
		action.DynamoDBv2 = &iottypes.DynamoDBv2Action{PutItem: &iottypes.PutItemInput{TableName: aws.String(in["tableName"])}, RoleArn: role}
	case "lambda":
		action.Lambda = &iottypes.LambdaAction{FunctionArn: aws.String(in["functionArn"])}
	default:
		return nil, fmt.Errorf("unknown topic rule action %q", in["action"])
	}
	payload := &iottypes.TopicRulePayload{Sql: aws.String(in["sql"]), AwsIotSqlVersion: aws.String("2016-03-23"), RuleDisabled: aws.Bool(false),
		Actions: []iottypes.Action{action}, Description: aws.String("wireup " + p.Project)}
	q := url.Values{}
	for _, t := range p.Tags {
		q.Set(t.Key, t.Value)
	}
	err := e.retry(ctx, r.ID, func(err error) bool { return errorCode(err) == "InvalidRequestException" && roleTransient(err) }, func() error {
		_, err := c.CreateTopicRule(ctx, &iot.CreateTopicRuleInput{RuleName: aws.String(r.Name), TopicRulePayload: payload, Tags: aws.String(q.Encode())})
		if errorCode(err) == "ResourceAlreadyExistsException" {
			_, err = c.ReplaceTopicRule(ctx, &iot.ReplaceTopicRuleInput{RuleName: aws.String(r.Name), TopicRulePayload: payload})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create topic rule: %w", err)
	}
	got, err := c.GetTopicRule(ctx, &iot.GetTopicRuleInput{RuleName: aws.String(r.Name)})
	if err != nil {
		return nil, fmt.Errorf("get topic rule: %w", err)
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(got.RuleArn)}, nil
}

var errNameTaken = errors.New("name taken")
