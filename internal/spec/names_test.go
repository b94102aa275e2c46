package spec_test

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

// ruleCase is one input to a name rule; want is a substring of the error,
// or "" when the input is valid.
type ruleCase struct {
	in   string
	want string
}

func runRule(t *testing.T, rule func(string) error, cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		err := rule(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.in, err)
		case tt.want != "" && err == nil:
			t.Errorf("%q: accepted, want error containing %q", tt.in, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%q: error %q does not contain %q", tt.in, err, tt.want)
		}
	}
}

func TestProjectName(t *testing.T) {
	runRule(t, spec.ProjectName, []ruleCase{
		{"demo", ""}, {"a", ""}, {"orders-2024", ""}, {"x1", ""},
		{strings.Repeat("a", 32), ""},
		{"sthreeish", ""}, {"xn-1", ""},
		{"", "must be 1-32 characters"},
		{strings.Repeat("a", 33), "must be 1-32 characters"},
		{"Demo", "lowercase"},
		{"1demo", "start with a letter"},
		{"demo-", "not end with a hyphen"},
		{"my_app", "lowercase letters, digits and hyphens"},
		{"my.app", "lowercase letters, digits and hyphens"},
		{"xn--abc", `must not contain "--"`},
		{"a--b", `must not contain "--"`},
		{"sthree", `must not start with "sthree"`},
		{"sthree-demo", `must not start with "sthree"`},
		{"amzn-s3-demo-x", `must not start with "amzn-s3-demo"`},
	})
}

func TestRegion(t *testing.T) {
	runRule(t, spec.Region, []ruleCase{
		{"us-east-1", ""}, {"eu-central-2", ""}, {"cn-north-1", ""}, {"us-gov-west-1", ""},
		{"ap-southeast-7", ""}, {"us-isob-east-1", ""}, {"eu-isoe-west-1", ""}, {"mx-central-1", ""},
		{"", "AWS region code"}, {"us-east", "AWS region code"}, {"US-EAST-1", "AWS region code"},
		{"us-east-1a", "AWS region code"}, {"useast1", "AWS region code"}, {"us-east-1 ", "AWS region code"},
		{"global", "AWS region code"}, {"us-" + strings.Repeat("a", 20) + "-1", "at most 20 characters"},
	})
}

func TestBucketName(t *testing.T) {
	// Examples from the Amazon S3 User Guide, "General purpose bucket naming rules".
	runRule(t, s3.BucketName, []ruleCase{
		{"docexamplebucket1", ""}, {"log-delivery-march-2020", ""}, {"my-hosted-content", ""},
		{"docexamplewebsite.com", ""}, {"www.docexamplewebsite.com", ""}, {"my.example.s3.bucket", ""},
		{"abc", ""}, {strings.Repeat("a", 63), ""}, {"1.2.3", ""}, {"192.168.5.4x", ""},
		{"doc_example_bucket", "3-63 characters of lowercase"},
		{"DocExampleBucket", "3-63 characters of lowercase"},
		{"doc-example-bucket-", "start and end with a letter or digit"},
		{"-bucket", "start and end with a letter or digit"},
		{"ab", "3-63"}, {strings.Repeat("a", 64), "3-63"}, {"", "3-63"},
		{"my..bucket", `".."`},
		{"192.168.5.4", "IP address"},
		{"xn--bucket", `"xn--"`},
		{"sthree-bucket", `"sthree-"`}, {"sthree-configurator", `"sthree-"`},
		{"amzn-s3-demo-bucket", `"amzn-s3-demo-"`},
		{"bucket-s3alias", `"-s3alias"`}, {"bucket--ol-s3", `"--ol-s3"`},
		{"bucket.mrap", `".mrap"`}, {"bucket--x-s3", `"--x-s3"`}, {"bucket--table-s3", `"--table-s3"`},
	})
}

func TestStreamNames(t *testing.T) {
	runRule(t, kinesis.StreamName, []ruleCase{
		{"my-stream", ""}, {"My_Stream.v2", ""}, {"a", ""}, {strings.Repeat("s", 128), ""},
		{"", "1-128"}, {strings.Repeat("s", 129), "1-128"}, {"my stream", "Kinesis"}, {"my/stream", "Kinesis"},
	})
	runRule(t, firehose.DeliveryStreamName, []ruleCase{
		{"my-delivery", ""}, {"a.b_c-d", ""}, {strings.Repeat("d", 64), ""},
		{"", "1-64"}, {strings.Repeat("d", 65), "1-64"}, {"del:ivery", "Firehose"},
	})
}

func TestQueueTopicNames(t *testing.T) {
	runRule(t, sqs.QueueName, []ruleCase{
		{"MyQueue", ""}, {"my-queue_1", ""}, {strings.Repeat("q", 80), ""},
		{"", "1-80"}, {strings.Repeat("q", 81), "1-80"}, {"my.queue", "1-80"}, {"my queue", "SQS"},
		{"orders.fifo", "standard queues"},
	})
	runRule(t, sns.TopicName, []ruleCase{
		{"MyTopic", ""}, {"my-topic_1", ""}, {strings.Repeat("t", 256), ""},
		{"", "1-256"}, {strings.Repeat("t", 257), "1-256"}, {"my.topic", "SNS"}, {"events.fifo", "standard topics"},
	})
}

func TestDynamoDBNames(t *testing.T) {
	runRule(t, dynamodb.TableName, []ruleCase{
		{"Music", ""}, {"my-table.v1_2", ""}, {"abc", ""}, {strings.Repeat("t", 255), ""},
		{"ab", "3-255"}, {strings.Repeat("t", 256), "3-255"}, {"my table", "DynamoDB"}, {"tbl#1", "DynamoDB"},
	})
	runRule(t, dynamodb.AttributeName, []ruleCase{
		{"id", ""}, {"Artist", ""}, {"#weird name", ""}, {"név", ""}, {strings.Repeat("a", 255), ""},
		{"", "1-255 bytes"}, {strings.Repeat("a", 256), "1-255 bytes"}, {strings.Repeat("é", 128), "1-255 bytes"},
		{"\xff", "UTF-8"},
	})
}

func TestLambdaIAMIoTNames(t *testing.T) {
	runRule(t, lambda.FunctionName, []ruleCase{
		{"my-function", ""}, {"My_Function2", ""}, {strings.Repeat("f", 64), ""},
		{"", "1-64"}, {strings.Repeat("f", 65), "1-64"}, {"my.function", "Lambda"},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", "Lambda"},
	})
	runRule(t, spec.RoleName, []ruleCase{
		{"my-role", ""}, {"Role+=,.@_-1", ""}, {strings.Repeat("r", 64), ""},
		{"", "1-64"}, {strings.Repeat("r", 65), "1-64"}, {"my role", "IAM"}, {"my/role", "IAM"}, {"rôle", "IAM"},
	})
	runRule(t, iot.TopicRuleName, []ruleCase{
		{"my_rule", ""}, {"Rule1", ""}, {strings.Repeat("r", 128), ""},
		{"", "1-128"}, {strings.Repeat("r", 129), "1-128"}, {"my-rule", "no hyphens"}, {"my rule", "IoT"},
	})
}

func TestMQTTTopic(t *testing.T) {
	runRule(t, iot.MQTTTopic, []ruleCase{
		{"demo/events", ""}, {"sensors/1/temp", ""}, {"a/b/c/d/e/f/g/h", ""}, {"thing/été", ""},
		{"/leading", ""}, {strings.Repeat("t", 256), ""},
		{"", "1-256 bytes"}, {strings.Repeat("t", 257), "1-256 bytes"}, {"\xff", "UTF-8"},
		{"sensors/+/temp", "wildcards"}, {"sensors/#", "wildcards"},
		{"$aws/things/x/shadow/update", `"$"`},
		{"a/b/c/d/e/f/g/h/i", "at most 8 levels"},
		{"a\x00b", "NUL"},
	})
}

func TestPrefixAndKMS(t *testing.T) {
	runRule(t, s3.KeyPrefix, []ruleCase{
		{"", ""}, {"incoming/", ""}, {"data/2024/", ""}, {strings.Repeat("p", 1024), ""},
		{"/incoming/", "must not start with \"/\""}, {strings.Repeat("p", 1025), "1024 bytes"}, {"\xff", "UTF-8"},
	})
	runRule(t, s3.KMSKey, []ruleCase{
		{"alias/my-key", ""}, {"alias/aws/s3", ""},
		{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws:kms:us-east-1:111122223333:alias/my-key", ""},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "KMS key ARN"},
		{"alias/", "KMS key ARN"}, {"alias/my key", "KMS key ARN"},
		{"arn:aws:s3:::bucket", "KMS key ARN"}, {"arn:aws:kms:us-east-1:111122223333:key/", "KMS key ARN"},
		{"arn:aws:kms:us-east-1:111122223333:secret/x", "KMS key ARN"},
	})
}

func TestTags(t *testing.T) {
	runRule(t, spec.TagKey, []ruleCase{
		{"team", ""}, {"cost-center", ""}, {"Project Name", ""}, {"app:tier/1=+@_.", ""}, {"équipe", ""},
		{strings.Repeat("k", 128), ""}, {strings.Repeat("é", 128), ""},
		{"", "1-128"}, {strings.Repeat("k", 129), "1-128"}, {"a*b", "AWS tag rules"}, {"tab\tkey", "AWS tag rules"},
		{"aws:createdBy", `"aws:"`}, {"AWS:x", `"aws:"`}, {"wireup:project", `"wireup:"`},
	})
	runRule(t, spec.TagValue, []ruleCase{
		{"", ""}, {"data platform", ""}, {"aws:ok-in-values", ""}, {strings.Repeat("v", 256), ""},
		{strings.Repeat("v", 257), "0-256"}, {"a;b", "AWS tag rules"}, {"\xff", "AWS tag rules"},
	})
}
