package iam

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Kind names the AWS resource at one end of an edge. The values match the
// service IDs of the catalog (internal/catalog), plus dynamodb-stream for a
// table's stream.
type Kind string

// Resource kinds.
const (
	KindKinesis        Kind = "kinesis"         // Name: stream name
	KindFirehose       Kind = "firehose"        // Name: delivery stream name
	KindSQS            Kind = "sqs"             // Name: queue name
	KindSNS            Kind = "sns"             // Name: topic name
	KindS3             Kind = "s3"              // Name: bucket name; Prefix: literal key prefix
	KindS3Objects      Kind = "s3-objects"      // Name: bucket name; Prefix: literal key prefix; the objects only, never the listing
	KindDynamoDB       Kind = "dynamodb"        // Name: table name
	KindDynamoDBStream Kind = "dynamodb-stream" // Name: table name
	KindIoT            Kind = "iot"             // Name: MQTT topic, or Prefix: literal topic prefix
	KindLambda         Kind = "lambda"          // Name: function name
	KindEventBridge    Kind = "eventbridge"     // Name: event bus name ("default")
	KindLogs           Kind = "cloudwatch-logs" // Name: log group name
	KindOpenSearch     Kind = "opensearch"      // Name: domain name; Prefix: the path under it (INDEX/_doc/*, INDEX*/_search)
)

// Target is a resource something writes to: the destination of a producer,
// an IoT rule action, or a Lambda function's output.
type Target struct {
	Kind Kind
	Name string
	// Prefix narrows S3 writes to keys under a literal prefix, and IoT
	// publishes to topics under a literal prefix (then Name must be empty).
	Prefix string
	// KMSKeyARN is the customer managed key that encrypts the target, if any.
	KMSKeyARN string
}

// Source is a resource something reads from: an application consumer, a
// Lambda event source mapping, or a Lambda function's input.
type Source struct {
	Kind Kind
	Name string
	// Prefix narrows S3 reads and listings to keys under a literal prefix.
	Prefix string
	// KMSKeyARN is the customer managed key that encrypts the source, if any.
	KMSKeyARN string
	// EnhancedFanOut says a Kinesis event source mapping reads through a
	// registered stream consumer (SubscribeToShard) rather than by polling.
	EnhancedFanOut bool
}

// grant is what one role of one edge needs on one kind of resource.
type grant struct {
	actions []string // on the resource (stream, queue, objects …)
	bucket  []string // S3 only: on the bucket itself
	domain  []string // OpenSearch only: on the domain itself (its configuration API)
	global  []string // actions with no resource-level permission: on "*" (see starResourceActions)
	kms     []string // on the CMK, when the resource uses one
	kmsNote string   // when kms is empty: why a CMK needs no grant here
}

// producerGrants: an application writing through the SDK. Each list is
// exactly the actions the generated producer calls (templates/<svc>/producer.go.tmpl),
// checked by internal/render's TestGrantsMatchSDKCalls; the IAM action of
// each API is in the Service Authorization Reference,
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
var producerGrants = map[Kind]grant{
	// The producer calls PutRecords only (no PutRecord); with a CMK, Kinesis
	// needs kms:GenerateDataKey from the writer:
	// https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html
	KindKinesis: {actions: []string{"kinesis:PutRecords"}, kms: []string{"kms:GenerateDataKey"}},
	// The producer calls PutRecordBatch only (no PutRecord). Firehose
	// server-side encryption of a Direct PUT stream is done by Firehose with
	// the grant it creates on the key; the caller makes no KMS call:
	// https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamEncryptionConfigurationInput.html
	KindFirehose: {actions: []string{"firehose:PutRecordBatch"},
		kmsNote: "Firehose server-side encryption is done by Firehose itself; the producer makes no KMS call (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamEncryptionConfigurationInput.html)."},
	// SendMessageBatch is authorized by sqs:SendMessage
	// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html);
	// the queue URL is built, not looked up, so no sqs:GetQueueUrl. A sender
	// to an SSE-KMS queue needs kms:GenerateDataKey and kms:Decrypt:
	// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
	KindSQS: {actions: []string{"sqs:SendMessage"}, kms: []string{"kms:Decrypt", "kms:GenerateDataKey"}},
	// PublishBatch is authorized by sns:Publish; IAM has no
	// sns:PublishBatch action
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html);
	// a publisher to an encrypted topic needs both KMS actions:
	// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
	KindSNS: {actions: []string{"sns:Publish"}, kms: []string{"kms:Decrypt", "kms:GenerateDataKey"}},
	// The producer calls BatchWriteItem only (no PutItem). DynamoDB uses the
	// table's KMS key itself:
	// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
	KindDynamoDB: {actions: []string{"dynamodb:BatchWriteItem"},
		kmsNote: "DynamoDB uses the table's KMS key itself; the key policy must allow DynamoDB (kms:ViaService dynamodb.*), the writer needs no KMS grant (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html)."},
	// The producer writes each event with one PutObject, so an SSE-KMS
	// upload needs kms:GenerateDataKey only; kms:Decrypt would be needed for
	// multipart uploads, which it does not make:
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html,
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
	KindS3: {actions: []string{"s3:PutObject"}, kms: []string{"kms:GenerateDataKey"}},
	// iot:Publish on the topic ARN authorizes the data-plane HTTPS Publish;
	// iot:DescribeEndpoint, which finds the data endpoint, has no resource
	// type (Resource "*"):
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiot.html
	KindIoT: {actions: []string{"iot:Publish"}, global: []string{"iot:DescribeEndpoint"}},
	// The producer calls PutEvents only, which acts on the event bus
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html);
	// events are not encrypted with a key the caller uses.
	KindEventBridge: {actions: []string{"events:PutEvents"}},
	// The producer creates its log stream (once) and puts events with
	// PutLogEvents; both on the group's streams (log-group:NAME:*), the
	// form AWS's own examples use:
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-identity-based-access-control-cwl.html,
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
	KindLogs: {actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		kmsNote: "A log group encrypted with a KMS key is encrypted by CloudWatch Logs itself under the key policy; the writer makes no KMS call (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html)."},
}

// iotGrants: an IoT topic rule's role writing to its action's target, the
// action each rule action's page names, e.g.
// https://docs.aws.amazon.com/iot/latest/developerguide/sqs-rule-action.html.
var iotGrants = map[Kind]grant{
	KindKinesis:  {actions: []string{"kinesis:PutRecord"}, kms: []string{"kms:GenerateDataKey"}},
	KindFirehose: {actions: []string{"firehose:PutRecord"}, kmsNote: "Firehose server-side encryption is done by Firehose; the rule makes no KMS call."},
	KindSQS:      {actions: []string{"sqs:SendMessage"}, kms: []string{"kms:Decrypt", "kms:GenerateDataKey"}},
	KindSNS:      {actions: []string{"sns:Publish"}, kms: []string{"kms:Decrypt", "kms:GenerateDataKey"}},
	// The rule writes one object per message with PutObject (no multipart),
	// so kms:GenerateDataKey is enough (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
	KindS3:       {actions: []string{"s3:PutObject"}, kms: []string{"kms:GenerateDataKey"}},
	KindDynamoDB: {actions: []string{"dynamodb:PutItem"}, kmsNote: "DynamoDB uses the table's KMS key itself; the rule role needs no KMS grant (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html)."},
	// The openSearch action indexes each message with an HTTP PUT to
	// /INDEX/_doc/ID, which es:ESHttpPut authorizes on that path of the
	// domain (https://docs.aws.amazon.com/iot/latest/developerguide/opensearch-rule-action.html,
	// https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html).
	KindOpenSearch: {actions: []string{"es:ESHttpPut"}, kmsNote: "OpenSearch encrypts the domain at rest with its key itself; the rule role makes no KMS call (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html)."},
}

// consumerGrants: an application reading through the SDK. Each list is
// exactly the actions the generated consumer calls (templates/<svc>/consumer.go.tmpl),
// checked by internal/render's TestGrantsMatchSDKCalls.
var consumerGrants = map[Kind]grant{
	// ListShards, GetShardIterator, GetRecords: a plain SDK reader, no KCL
	// (whose lease tables and metrics need more). No DescribeStreamSummary:
	// the consumer never asks for the stream's status. A CMK stream needs
	// kms:Decrypt from the reader:
	// https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html
	KindKinesis: {actions: []string{"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"}, kms: []string{"kms:Decrypt"}},
	// ReceiveMessage, DeleteMessage, and ChangeMessageVisibility to hand a
	// skipped message back at once. No GetQueueAttributes (never called) and
	// no GetQueueUrl (the URL is built). An SSE-KMS queue needs kms:Decrypt
	// from the receiver:
	// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
	KindSQS: {actions: []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage"}, kms: []string{"kms:Decrypt"}},
	// The consumer reads new items back with Scan (it knows no keys in
	// advance); no GetItem or Query, which it never calls.
	KindDynamoDB: {actions: []string{"dynamodb:Scan"},
		kmsNote: "DynamoDB uses the table's KMS key itself; the reader needs no KMS grant (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html)."},
	// GetObject, and ListObjectsV2, which s3:ListBucket authorizes
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html);
	// an SSE-KMS object needs kms:Decrypt from the reader:
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
	KindS3: {actions: []string{"s3:GetObject"}, bucket: []string{"s3:ListBucket"}, kms: []string{"kms:Decrypt"}},
	// A reader of S3 event notifications gets the objects they name, by
	// key (GetObject); it never lists the bucket. An SSE-KMS object needs
	// kms:Decrypt from the reader (same page as above).
	KindS3Objects: {actions: []string{"s3:GetObject"}, kms: []string{"kms:Decrypt"}},
	// The reader searches the index with opensearch-go, which sends
	// _search as POST with a body; each HTTP method is its own action on
	// the path (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html).
	// es:DescribeDomain finds the endpoint when OPENSEARCH_ENDPOINT is unset.
	KindOpenSearch: {actions: []string{"es:ESHttpPost"}, domain: []string{"es:DescribeDomain"},
		kmsNote: "OpenSearch decrypts the domain's data itself; the reader makes no KMS call (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html)."},
}

// pollerGrants: a Lambda execution role read by an event source mapping.
// Each set is the AWS managed policy for that source minus the actions no
// stream or queue ARN can grant (checked by TestPollerGrantsMatchAWS).
var pollerGrants = map[Kind]grant{
	// AWSLambdaKinesisExecutionRole
	// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaKinesisExecutionRole.html,
	// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html)
	// without kinesis:ListStreams, which has no resource type and which the
	// mapping, given the stream ARN, does not need; SubscribeToShard is
	// added only for enhanced fan-out, on the consumer ARN (see
	// LambdaExecutionRole).
	KindKinesis: {actions: []string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"}, kms: []string{"kms:Decrypt"}},
	// AWSLambdaSQSQueueExecutionRole and the SQS guide's Lambda trigger
	// prerequisites name exactly these three; no ChangeMessageVisibility:
	// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaSQSQueueExecutionRole.html,
	// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html
	KindSQS: {actions: []string{"sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}, kms: []string{"kms:Decrypt"}},
	// AWSLambdaDynamoDBExecutionRole
	// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaDynamoDBExecutionRole.html,
	// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html)
	// without dynamodb:ListStreams: it has no resource type, so on
	// table/T/stream/* it could never match
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html),
	// and the mapping is given the stream ARN. The other three act on the
	// stream ARN.
	KindDynamoDBStream: {actions: []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
		kmsNote: "Stream reads with a customer managed table key: AWS documents no KMS grant for the Lambda role (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html); none is emitted. Test with the real key."},
}

// openSearchPathRE is the path under a domain a grant names: one index (or
// an index prefix and *), then the API (_doc/* for documents, _search).
var openSearchPathRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*\*?/_[a-z]+(/\*)?$`)

// kindLabel is the Sid spelling of a kind.
var kindLabel = map[Kind]string{
	KindKinesis: "Kinesis", KindFirehose: "Firehose", KindSQS: "SQS", KindSNS: "SNS", KindS3: "S3", KindS3Objects: "S3Objects",
	KindDynamoDB: "DynamoDB", KindDynamoDBStream: "DynamoDBStream", KindIoT: "IoT", KindLambda: "Lambda",
	KindEventBridge: "EventBridge",
	KindLogs:        "Logs",
	KindOpenSearch:  "OpenSearch",
}

// ref is the common shape of a Target or Source.
type ref struct {
	kind         Kind
	name, prefix string
	key          string
}

func (t Target) ref() ref { return ref{t.Kind, t.Name, t.Prefix, t.KMSKeyARN} }
func (s Source) ref() ref { return ref{s.Kind, s.Name, s.Prefix, s.KMSKeyARN} }

// label names r for Sids and messages.
func (r ref) label() string {
	name := r.name
	if name == "" {
		name = r.prefix
	}
	return kindLabel[r.kind] + sidName(name)
}

// resource returns the ARN (pattern) that r's actions apply to.
func (r ref) resource(env Env) string {
	switch r.kind {
	case KindKinesis:
		return env.StreamARN(r.name)
	case KindFirehose:
		return env.DeliveryStreamARN(r.name)
	case KindSQS:
		return env.QueueARN(r.name)
	case KindSNS:
		return env.TopicARN(r.name)
	case KindS3, KindS3Objects:
		return env.ObjectsARN(r.name, r.prefix)
	case KindDynamoDB:
		return env.TableARN(r.name)
	case KindDynamoDBStream:
		return env.TableStreamsARN(r.name)
	case KindIoT:
		if r.prefix != "" {
			return env.IoTTopicARN(r.prefix + "*")
		}
		return env.IoTTopicARN(r.name)
	case KindLambda:
		return env.FunctionARN(r.name)
	case KindEventBridge:
		return env.EventBusARN(r.name)
	case KindLogs:
		return env.LogGroupARN(r.name) + ":*"
	case KindOpenSearch:
		return env.DomainARN(r.name) + "/" + r.prefix
	}
	panic("iam: resource of unchecked kind " + string(r.kind)) // check() runs first
}

// check validates r's fields for use with grants.
func (r ref) check(env Env, grants map[Kind]grant) error {
	if _, ok := grants[r.kind]; !ok {
		return fmt.Errorf("kind %q is not supported here", r.kind)
	}
	switch r.kind {
	case KindIoT:
		if (r.name == "") == (r.prefix == "") {
			return fmt.Errorf("iot: set exactly one of Name (a topic) and Prefix (a topic prefix)")
		}
		if err := checkTopic(r.name + r.prefix); err != nil {
			return err
		}
	case KindLogs:
		// Log group names hold "/", which other names may not.
		if r.name == "" || strings.HasPrefix(r.name, "arn:") || strings.ContainsAny(r.name, "*?: \t\n") {
			return fmt.Errorf("log group name %q must be a plain name (no ARN, *, ?, : or whitespace)", r.name)
		}
	case KindOpenSearch:
		if err := checkName("opensearch domain", r.name); err != nil {
			return err
		}
		if !openSearchPathRE.MatchString(r.prefix) {
			return fmt.Errorf("opensearch path %q must be an index (or index prefix ending in *) and an API, such as events/_doc/* or events*/_search", r.prefix)
		}
	case KindS3, KindS3Objects:
		if err := checkName("bucket", r.name); err != nil {
			return err
		}
		if err := checkPrefix(r.prefix); err != nil {
			return err
		}
	default:
		if err := checkName(string(r.kind)+" name", r.name); err != nil {
			return err
		}
		if r.prefix != "" {
			return fmt.Errorf("%s: Prefix is only meaningful for s3, s3-objects and iot", r.kind)
		}
	}
	if r.key != "" {
		if err := checkKey(env, r.key); err != nil {
			return err
		}
	}
	return nil
}

// statements returns the statements granting g on r, with Sids verb+label,
// plus notes about choices the caller should see.
func (r ref) statements(env Env, verb string, g grant) (stmts []Statement, notes []string) {
	sid := verb + r.label()
	if len(g.bucket) > 0 {
		// S3: object actions on bucket/prefix*, bucket actions on the bucket,
		// listing limited to the prefix (s3:prefix condition).
		stmts = append(stmts, allow(sid+"Objects", g.actions, r.resource(env)))
		list := allow(sid+"List", g.bucket, env.BucketARN(r.name))
		if r.prefix != "" {
			list.Condition = list.Condition.With("StringLike", "s3:prefix", r.prefix+"*")
		}
		stmts = append(stmts, list)
	} else {
		stmts = append(stmts, allow(sid, g.actions, r.resource(env)))
	}
	if len(g.domain) > 0 {
		stmts = append(stmts, allow(sid+"Domain", g.domain, env.DomainARN(r.name)))
	}
	if len(g.global) > 0 {
		// One per kind, not per resource: appPolicy drops the repeats.
		stmts = append(stmts, allow(verb+kindLabel[r.kind]+"Discover", g.global, "*"))
	}
	if r.key != "" {
		if len(g.kms) > 0 {
			stmts = append(stmts, allow(sid+"Key", g.kms, r.key))
		} else if g.kmsNote != "" {
			notes = append(notes, g.kmsNote)
		}
	}
	return stmts, notes
}

// uniqueNotes drops repeated notes, keeping the first of each in order.
func uniqueNotes(notes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range notes {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// sidName turns a resource name into a Sid fragment: "orders-stream.v1"
// becomes "OrdersStreamV1". Sids must be alphanumeric.
func sidName(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// checkName rejects empty names, ARNs passed as names, and characters that
// would turn an ARN into a pattern.
func checkName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s is empty", what)
	case strings.HasPrefix(name, "arn:"):
		return fmt.Errorf("%s %q is an ARN; pass the plain name", what, name)
	case strings.ContainsAny(name, "*?: \t\n/"):
		return fmt.Errorf("%s %q contains a character that is not allowed (*, ?, :, /, whitespace)", what, name)
	case sidName(name) == "":
		return fmt.Errorf("%s %q has no letters or digits", what, name)
	}
	return nil
}

// checkPrefix rejects prefixes that are patterns or templates rather than
// literal text: the policy appends its own "*".
func checkPrefix(p string) error {
	if strings.ContainsAny(p, "*?${}!") {
		return fmt.Errorf("prefix %q must be literal text (no *, ?, $, {, }, !)", p)
	}
	return nil
}

// checkTopic rejects MQTT wildcards: a publisher needs named topics.
func checkTopic(t string) error {
	if err := checkPrefix(t); err != nil {
		return err
	}
	if strings.ContainsAny(t, "+# \t\n") {
		return fmt.Errorf("topic %q must not contain MQTT wildcards or whitespace", t)
	}
	return nil
}

// checkKey validates a KMS key ARN: key/ID (alias ARNs do not authorize key
// use), env's partition and Region (these services need a same-Region key).
func checkKey(env Env, key string) error {
	a, err := arn.Parse(key)
	switch {
	case err != nil:
		return fmt.Errorf("KMS key %q is not an ARN", key)
	case a.Service != "kms" || !strings.HasPrefix(a.Resource, "key/") || len(a.Resource) == len("key/"):
		return fmt.Errorf("KMS key %q is not a key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID)", key)
	case a.Partition != env.Partition || a.Region != env.Region:
		return fmt.Errorf("KMS key %q is not in %s/%s", key, env.Partition, env.Region)
	case strings.ContainsAny(a.Resource, "*?"):
		return fmt.Errorf("KMS key %q must name one key", key)
	}
	return nil
}
