package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// Resource ids. A spec has at most one section per service, so one id per
// role in the graph is enough and stays stable across plans.
const (
	IDBucket             = "bucket"
	IDBucketNotification = "bucket-notification"
	IDQueue              = "queue"
	IDDeadLetterQueue    = "dlq"
	IDQueuePolicy        = "queue-policy"
	IDTopic              = "topic"
	IDTopicPolicy        = "topic-policy"
	IDSubscription       = "subscription"
	IDStream             = "stream"
	IDDeliveryStream     = "delivery-stream"
	IDTable              = "table"
	IDFunction           = "function"
	IDTransform          = "transform"
	IDEventSourceMapping = "event-source-mapping"
	IDFailureQueue       = "failure-queue"
	IDTopicRule          = "topic-rule"
	IDRoleLambda         = "role/lambda"
	IDRoleTransform      = "role/transform"
	IDRoleFirehose       = "role/firehose"
	IDRoleIoT            = "role/iot"
	IDPermissionS3       = "permission/s3"
	IDPermissionIoT      = "permission/iot"
	IDPermissionSNS      = "permission/sns"
)

type builder struct {
	s    *spec.Spec
	c    *catalog.Catalog
	env  Env
	list []*Resource
	byID map[string]*Resource
}

func (b *builder) add(r *Resource) *Resource {
	if old := b.byID[r.ID]; old != nil {
		return old
	}
	if r.Settings == nil {
		r.Settings = map[string]string{}
	}
	if r.Refs == nil {
		r.Refs = map[string]string{}
	}
	b.list = append(b.list, r)
	b.byID[r.ID] = r
	return r
}

// ref records that setting key of r takes output out of resource id, and
// makes r depend on it.
func (b *builder) ref(r *Resource, key, id, out string) {
	r.Refs[key] = id + "." + out
	r.DependsOn = append(r.DependsOn, id)
}

func itoa(n int) string { return strconv.Itoa(n) }

func boolString(v bool) string { return strconv.FormatBool(v) }

// services adds one resource per service section of the spec.
func (b *builder) services() error {
	s := b.s
	if s.S3 != nil {
		b.add(&Resource{ID: IDBucket, Kind: KindBucket, Name: s.S3.Bucket, Settings: map[string]string{
			"versioning": boolString(s.S3.Versioning), "kmsKey": s.S3.KMSKey, "forceDestroy": boolString(s.S3.ForceDestroy),
			"objectPrefix": s.S3.ObjectPrefix,
		}})
		// Every bucket refuses plain-HTTP requests. The policy is part of
		// the bucket, not a resource of its own: it is put while the bucket
		// is created, before anything that depends on the bucket, and goes
		// with it on destroy.
		rp, err := iam.BucketTLSOnlyPolicy(b.iamEnv(), s.S3.Bucket)
		if err := b.setResourcePolicy(IDBucket, rp, err); err != nil {
			return err
		}
	}
	if s.SQS != nil {
		q := b.add(&Resource{ID: IDQueue, Kind: KindQueue, Name: s.SQS.Queue, Settings: map[string]string{
			"visibilityTimeoutSeconds": itoa(s.SQS.VisibilityTimeoutSeconds),
			"retentionSeconds":         itoa(s.SQS.RetentionSeconds),
			"encryption":               boolString(s.SQS.Encryption),
		}})
		if s.SQS.DeadLetterQueue != "" {
			b.add(&Resource{ID: IDDeadLetterQueue, Kind: KindQueue, Name: s.SQS.DeadLetterQueue, Settings: map[string]string{
				"retentionSeconds": "1209600", "encryption": boolString(s.SQS.Encryption),
			}})
			q.Settings["maxReceiveCount"] = itoa(max(s.SQS.MaxReceiveCount, 1))
			b.ref(q, "deadLetterTargetArn", IDDeadLetterQueue, "arn")
		}
	}
	if s.SNS != nil {
		b.add(&Resource{ID: IDTopic, Kind: KindTopic, Name: s.SNS.Topic, Settings: map[string]string{
			"encryption": boolString(s.SNS.Encryption),
		}})
	}
	if s.Kinesis != nil {
		b.add(&Resource{ID: IDStream, Kind: KindStream, Name: s.Kinesis.Stream, Settings: map[string]string{
			"mode": s.Kinesis.Mode, "shards": itoa(s.Kinesis.Shards), "retentionHours": itoa(s.Kinesis.RetentionHours),
			"encryption": boolString(s.Kinesis.Encryption),
		}})
	}
	if s.DynamoDB != nil {
		b.add(&Resource{ID: IDTable, Kind: KindTable, Name: s.DynamoDB.Table, Settings: map[string]string{
			"partitionKey": s.DynamoDB.PartitionKey, "sortKey": s.DynamoDB.SortKey,
			"billingMode": s.DynamoDB.BillingMode, "streamViewType": s.DynamoDB.StreamViewType,
		}})
	}
	if s.Lambda != nil {
		b.add(&Resource{ID: IDRoleLambda, Kind: KindRole, Name: s.Lambda.Role})
		fn := b.add(&Resource{ID: IDFunction, Kind: KindFunction, Name: s.Lambda.Function, Settings: map[string]string{
			"memoryMiB": itoa(s.Lambda.MemoryMiB), "timeoutSeconds": itoa(s.Lambda.TimeoutSeconds),
			"package": "./cmd/handler",
		}})
		b.ref(fn, "role", IDRoleLambda, "arn")
	}
	if s.Firehose != nil {
		if err := b.firehose(); err != nil {
			return err
		}
	}
	return nil
}

// firehose adds the delivery stream, its role and its optional transform.
func (b *builder) firehose() error {
	f := b.s.Firehose
	b.add(&Resource{ID: IDRoleFirehose, Kind: KindRole, Name: f.Role})
	ds := b.add(&Resource{ID: IDDeliveryStream, Kind: KindDeliveryStream, Name: f.DeliveryStream, Settings: map[string]string{
		"bufferSizeMiB": itoa(f.BufferSizeMiB), "bufferIntervalSeconds": itoa(f.BufferIntervalSeconds),
		"prefix": f.Prefix, "errorPrefix": f.ErrorPrefix, "compression": f.Compression,
		"source": "DirectPut",
	}})
	b.ref(ds, "roleArn", IDRoleFirehose, "arn")
	if t := f.Transform; t != nil {
		b.add(&Resource{ID: IDRoleTransform, Kind: KindRole, Name: t.Role})
		fn := b.add(&Resource{ID: IDTransform, Kind: KindFunction, Name: t.Function, Settings: map[string]string{
			"memoryMiB": itoa(t.MemoryMiB), "timeoutSeconds": itoa(t.TimeoutSeconds), "package": "./cmd/transform",
		}})
		b.ref(fn, "role", IDRoleTransform, "arn")
		b.ref(ds, "transformArn", IDTransform, "arn")
		ds.Settings["transformBufferSizeMiB"] = itoa(t.BufferSizeMiB)
	}
	return nil
}

// hop adds the wiring of one integration.
func (b *builder) hop(id string) error {
	in := b.c.Integration(id)
	s, env := b.s, b.iamEnv()
	switch {
	case in.From == "app" || in.To == "app":
		return nil // application code: the generator writes it, nothing to deploy
	case in.From == "iot":
		return b.iotRule(in)
	}
	switch id {
	case "kinesis-to-firehose":
		ds := b.byID[IDDeliveryStream]
		ds.Settings["source"] = "KinesisStreamAsSource"
		b.ref(ds, "streamArn", IDStream, "arn")
		ds.Integration = id
	case "firehose-to-s3":
		b.ref(b.byID[IDDeliveryStream], "bucketArn", IDBucket, "arn")
	case "kinesis-to-lambda", "sqs-to-lambda", "dynamodb-to-lambda":
		// The generated handlers return batch item failures (the records
		// they could not process), which Lambda honours only with
		// ReportBatchItemFailures; without it a reported failure counts as
		// success and the records are lost.
		esm := b.add(&Resource{ID: IDEventSourceMapping, Kind: KindEventSourceMapping, Name: s.Lambda.Function, Integration: id,
			Settings: map[string]string{"batchSize": itoa(s.Lambda.BatchSize), "startingPosition": s.Lambda.StartingPosition,
				"batchWindowSeconds": itoa(s.Lambda.BatchWindowSecs), "functionResponseTypes": "ReportBatchItemFailures"}})
		b.ref(esm, "functionName", IDFunction, "name")
		// The mapping reads with the execution role: its policy must be in
		// place first (ref §2).
		esm.DependsOn = append(esm.DependsOn, IDRoleLambda)
		switch id {
		case "kinesis-to-lambda":
			b.ref(esm, "eventSourceArn", IDStream, "arn")
		case "sqs-to-lambda":
			esm.Settings["startingPosition"] = ""
			b.ref(esm, "eventSourceArn", IDQueue, "arn")
		case "dynamodb-to-lambda":
			b.ref(esm, "eventSourceArn", IDTable, "streamArn")
		}
		if id != "sqs-to-lambda" {
			// SQS sources hand failed messages to the queue's redrive
			// policy; streams need their own error handling.
			if err := b.streamErrorHandling(esm); err != nil {
				return err
			}
		}
	case "s3-to-sqs":
		rp, err := iam.QueuePolicyForS3(env, iam.S3Notification{Bucket: s.S3.Bucket, Destination: s.SQS.Queue})
		if err := b.queuePolicy(id, IDBucket, rp, err); err != nil {
			return err
		}
		b.notification(id, "queue", IDQueue, IDQueuePolicy)
	case "s3-to-sns":
		rp, err := iam.TopicPolicyForS3(env, iam.S3Notification{Bucket: s.S3.Bucket, Destination: s.SNS.Topic})
		if err := b.topicPolicy(id, IDBucket, rp, err); err != nil {
			return err
		}
		b.notification(id, "topic", IDTopic, IDTopicPolicy)
	case "s3-to-lambda":
		rp, err := iam.LambdaPermissionForS3(env, iam.S3Notification{Bucket: s.S3.Bucket, Destination: s.Lambda.Function})
		if err := b.permission(IDPermissionS3, id, IDBucket, rp, err); err != nil {
			return err
		}
		b.notification(id, "lambda", IDFunction, IDPermissionS3)
	case "sns-to-sqs":
		rp, err := iam.QueuePolicyForSNS(env, iam.SNSSubscription{Topic: s.SNS.Topic, Queue: s.SQS.Queue})
		if err := b.queuePolicy(id, IDTopic, rp, err); err != nil {
			return err
		}
		sub := b.add(&Resource{ID: IDSubscription, Kind: KindSubscription, Name: s.SNS.Topic, Integration: id,
			Settings: map[string]string{"protocol": "sqs", "rawDelivery": boolString(s.SQS.RawDelivery), "filterPolicy": s.SQS.FilterPolicy}})
		b.ref(sub, "topicArn", IDTopic, "arn")
		b.ref(sub, "endpoint", IDQueue, "arn")
		sub.DependsOn = append(sub.DependsOn, IDQueuePolicy)
	case "sns-to-lambda":
		// The permission comes first: SNS invokes the function from the
		// moment the subscription exists.
		rp, err := iam.LambdaPermissionForSNS(env, iam.SNSLambda{Topic: s.SNS.Topic, Function: s.Lambda.Function})
		if err := b.permission(IDPermissionSNS, id, IDTopic, rp, err); err != nil {
			return err
		}
		sub := b.add(&Resource{ID: IDSubscription, Kind: KindSubscription, Name: s.SNS.Topic, Integration: id,
			Settings: map[string]string{"protocol": "lambda"}})
		b.ref(sub, "topicArn", IDTopic, "arn")
		b.ref(sub, "endpoint", IDFunction, "arn")
		sub.DependsOn = append(sub.DependsOn, IDPermissionSNS)
	default:
		return fmt.Errorf("plan: wireup cannot deploy %s yet", id)
	}
	return nil
}

// onFailureRetries is how often a stream mapping retries a failing batch
// when it has somewhere to send the records it gives up on: enough to ride
// out throttling or a brief outage downstream, few enough that one bad
// record holds up its shard for minutes rather than for the stream's whole
// retention period.
const onFailureRetries = 5

// streamErrorHandling sets what a Kinesis or DynamoDB Streams mapping does
// with a batch that keeps failing. BisectBatchOnFunctionError splits a
// batch whose invocation fails as a whole (a crash or a timeout, which
// report no item) until the bad record is alone. With
// lambda.onFailureQueue the mapping retries onFailureRetries times, then
// sends the records' metadata there; without it retries stay unlimited
// (AWS's -1), because dropping records with nowhere to record them would
// lose data silently: the shard waits until the records expire instead.
//
// A queue given by name is created and owned by the deploy; an SQS queue or
// SNS topic given by ARN is used as it is, and must be in the plan's
// account and Region (the execution role's grant names it there).
func (b *builder) streamErrorHandling(esm *Resource) error {
	esm.Settings["bisectBatchOnFunctionError"] = "true"
	esm.Settings["maximumRetryAttempts"] = "-1"
	q := b.s.Lambda.OnFailureQueue
	if q == "" {
		return nil
	}
	esm.Settings["maximumRetryAttempts"] = itoa(onFailureRetries)
	if strings.HasPrefix(q, "arn:") {
		a, err := arn.Parse(q)
		if err != nil {
			return fmt.Errorf("plan: lambda.onFailureQueue %q is not an ARN", q)
		}
		if a.Partition != b.env.Partition || a.Region != b.env.Region || a.AccountID != b.env.AccountID {
			return fmt.Errorf("plan: lambda.onFailureQueue %s is not in %s account %s: wireup grants the function's role only destinations in the account and Region it deploys to. Use a queue name to have wireup create one", q, b.env.Region, b.env.AccountID)
		}
		esm.Settings["onFailureArn"] = q
		return nil
	}
	if sq := b.s.SQS; sq != nil && (q == sq.Queue || q == sq.DeadLetterQueue) {
		return fmt.Errorf("plan: lambda.onFailureQueue %q is also a queue of the route: name a queue of its own", q)
	}
	b.add(&Resource{ID: IDFailureQueue, Kind: KindQueue, Name: q, Integration: esm.Integration, Settings: map[string]string{
		"retentionSeconds": "1209600", "encryption": "true",
	}})
	b.ref(esm, "onFailureArn", IDFailureQueue, "arn")
	return nil
}

// notification adds the bucket notification after the resource policy that
// lets S3 deliver: S3 validates the destination when the configuration is
// put (ref §0.5).
func (b *builder) notification(id, target, targetID, policyID string) {
	s := b.s
	n := b.add(&Resource{ID: IDBucketNotification, Kind: KindBucketNotification, Name: s.S3.Bucket, Integration: id,
		Settings: map[string]string{"target": target, "events": strings.Join(s.S3.Events, ","),
			"filterPrefix": s.S3.FilterPrefix, "filterSuffix": s.S3.FilterSuffix}})
	if n.Settings["events"] == "" {
		n.Settings["events"] = "s3:ObjectCreated:*"
	}
	b.ref(n, "bucket", IDBucket, "name")
	b.ref(n, "targetArn", targetID, "arn")
	n.DependsOn = append(n.DependsOn, policyID)
}

// The grants below let a service deliver to the route's queue, topic or
// function. Each takes the document its IAM builder returned, and waits
// for from, the resource whose service it lets in (none for a permission
// an IoT rule waits for instead).

// queuePolicy adds the policy of the route's queue for integration.
func (b *builder) queuePolicy(integration, from string, rp iam.ResourcePolicy, err error) error {
	pol := b.add(&Resource{ID: IDQueuePolicy, Kind: KindQueuePolicy, Name: b.s.SQS.Queue, Integration: integration})
	b.ref(pol, "queueUrl", IDQueue, "url")
	pol.DependsOn = append(pol.DependsOn, from)
	return b.setResourcePolicy(IDQueuePolicy, rp, err)
}

// topicPolicy adds the policy of the route's topic for integration.
func (b *builder) topicPolicy(integration, from string, rp iam.ResourcePolicy, err error) error {
	pol := b.add(&Resource{ID: IDTopicPolicy, Kind: KindTopicPolicy, Name: b.s.SNS.Topic, Integration: integration})
	b.ref(pol, "topicArn", IDTopic, "arn")
	pol.DependsOn = append(pol.DependsOn, from)
	return b.setResourcePolicy(IDTopicPolicy, rp, err)
}

// permission adds the Lambda permission id on the route's function for
// integration.
func (b *builder) permission(id, integration, from string, rp iam.ResourcePolicy, err error) error {
	perm := b.add(&Resource{ID: id, Kind: KindPermission, Name: b.s.Lambda.Function, Integration: integration})
	b.ref(perm, "functionName", IDFunction, "name")
	if from != "" {
		perm.DependsOn = append(perm.DependsOn, from)
	}
	return b.setPermission(id, rp, err)
}

// iotRule adds the topic rule, its action and the role (or Lambda
// permission) the action needs.
func (b *builder) iotRule(in *catalog.Integration) error {
	s, env := b.s, b.iamEnv()
	if s.IoT == nil {
		return fmt.Errorf("plan: %s needs the spec's iot section", in.ID)
	}
	// topic is where the producer publishes (the SQL selects from it); the
	// rule does not need it, verify publishes its canary there.
	rule := b.add(&Resource{ID: IDTopicRule, Kind: KindTopicRule, Name: s.IoT.Rule, Integration: in.ID,
		Settings: map[string]string{"sql": s.IoT.SQL, "action": in.To, "topic": s.IoT.Topic}})
	switch in.To {
	case "kinesis":
		rule.Settings["streamName"] = s.Kinesis.Stream
		rule.Settings["partitionKey"] = "${newuuid()}"
		rule.DependsOn = append(rule.DependsOn, IDStream)
	case "firehose":
		rule.Settings["deliveryStreamName"] = s.Firehose.DeliveryStream
		rule.Settings["separator"] = "\n"
		rule.DependsOn = append(rule.DependsOn, IDDeliveryStream)
	case "sqs":
		b.ref(rule, "queueUrl", IDQueue, "url")
	case "sns":
		b.ref(rule, "targetArn", IDTopic, "arn")
		rule.Settings["messageFormat"] = "RAW"
	case "s3":
		rule.Settings["bucketName"] = s.S3.Bucket
		rule.Settings["key"] = s.S3.ObjectPrefix + "${topic()}/${timestamp()}-${newuuid()}.json"
		rule.DependsOn = append(rule.DependsOn, IDBucket)
	case "dynamodb":
		rule.Settings["tableName"] = s.DynamoDB.Table
		rule.DependsOn = append(rule.DependsOn, IDTable)
	case "lambda":
		// A Lambda action passes no role: the function's resource policy
		// lets IoT invoke it, scoped to this rule (ref §0.3, §0.4).
		b.ref(rule, "functionArn", IDFunction, "arn")
		rule.DependsOn = append(rule.DependsOn, IDPermissionIoT)
		rp, err := iam.LambdaPermissionForIoT(env, iam.IoTLambdaInput{RuleName: s.IoT.Rule, FunctionName: s.Lambda.Function})
		return b.permission(IDPermissionIoT, in.ID, "", rp, err)
	default:
		return fmt.Errorf("plan: wireup cannot deploy %s yet", in.ID)
	}
	b.add(&Resource{ID: IDRoleIoT, Kind: KindRole, Name: s.IoT.Role, Integration: in.ID})
	b.ref(rule, "roleArn", IDRoleIoT, "arn")
	target, _ := WriteTarget(s, in.To)
	return b.setRole(IDRoleIoT)(iam.IoTRuleRole(env, iam.IoTRuleInput{RuleName: s.IoT.Rule, RoleName: s.IoT.Role, Target: target}))
}
