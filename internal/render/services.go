package render

import (
	"strings"

	"github.com/wireup/wireup/internal/spec"
)

// service is what the generator knows about one service: which roles it has
// templates for, its SDK module and its settings. Adding a service to the
// generator means one entry here plus its templates.
type service struct {
	fn      string // Go identifier part used by templates: consumer.Read<fn>
	produce bool   // templates/producer/<id>.go.tmpl
	read    bool   // templates/consumer/<id>.go.tmpl
	polls   bool   // its reader waits between polls: templates/consumer/poll.go.tmpl
	handle  bool   // templates/handler/<id>.go.tmpl
	// modules are the SDK modules the service's templates import, besides
	// the base set every project needs.
	modules []string
}

var services = map[string]*service{
	"kinesis":  {fn: "Kinesis", produce: true, read: true, polls: true, handle: true, modules: []string{modKinesis}},
	"firehose": {fn: "Firehose", produce: true, modules: []string{modFirehose}},
	"sqs":      {fn: "SQS", produce: true, read: true, handle: true, modules: []string{modSQS, modSTS}},
	"sns":      {fn: "SNS", produce: true, handle: true, modules: []string{modSNS, modSTS}},
	"s3":       {fn: "S3", produce: true, read: true, polls: true, handle: true, modules: []string{modS3}},
	"dynamodb": {fn: "DynamoDB", produce: true, read: true, polls: true, handle: true, modules: []string{modDynamoDB}},
	"iot":      {fn: "IoT", produce: true, handle: true, modules: []string{modIoT}},
	"lambda":   {fn: "Lambda"},
}

// settings lists the environment variables of the generated config package,
// with the spec's names as defaults.
func settings(s *spec.Spec, p *Project) []Setting {
	out := []Setting{{Env: "AWS_REGION", Field: "Region", Default: s.Region, Doc: "the Region of every resource"}}
	add := func(env, field, def, doc string) {
		out = append(out, Setting{Env: env, Field: field, Default: def, Doc: doc})
	}
	if s.IoT != nil {
		add("IOT_TOPIC", "IoTTopic", s.IoT.Topic, "the MQTT topic the IoT rule selects from")
		add("IOT_DATA_ENDPOINT", "IoTDataEndpoint", "", "the IoT data endpoint; empty: AWS_ENDPOINT_URL or iot:DescribeEndpoint")
	}
	if s.Kinesis != nil {
		add("KINESIS_STREAM", "KinesisStream", s.Kinesis.Stream, "the Kinesis data stream")
	}
	if s.Firehose != nil {
		add("FIREHOSE_DELIVERY_STREAM", "FirehoseDeliveryStream", s.Firehose.DeliveryStream, "the Firehose delivery stream")
	}
	if s.S3 != nil {
		add("S3_BUCKET", "S3Bucket", s.S3.Bucket, "the S3 bucket")
		add("S3_PREFIX", "S3Prefix", s3Prefix(s), "the key prefix objects are written to and read from")
	}
	if s.SQS != nil {
		add("SQS_QUEUE", "SQSQueue", s.SQS.Queue, "the SQS queue (SQS_QUEUE_URL overrides the URL)")
	}
	if s.SNS != nil {
		add("SNS_TOPIC", "SNSTopic", s.SNS.Topic, "the SNS topic (SNS_TOPIC_ARN overrides the ARN)")
	}
	if s.DynamoDB != nil {
		add("DYNAMODB_TABLE", "DynamoDBTable", s.DynamoDB.Table, "the DynamoDB table")
		add("DYNAMODB_PARTITION_KEY", "DynamoDBPartitionKey", s.DynamoDB.PartitionKey, "the table's partition key attribute")
		add("DYNAMODB_SORT_KEY", "DynamoDBSortKey", s.DynamoDB.SortKey, "the table's sort key attribute, if any")
	}
	if s.Lambda != nil {
		add("LAMBDA_FUNCTION", "LambdaFunction", s.Lambda.Function, "the Lambda function running cmd/handler")
	}
	return out
}

// s3Prefix is where objects are written and read: the producer's prefix, or
// the literal start of the Firehose prefix (before any !{...} expression).
func s3Prefix(s *spec.Spec) string {
	switch {
	case s.S3.ObjectPrefix != "":
		return s.S3.ObjectPrefix
	case s.Firehose != nil:
		p := s.Firehose.Prefix
		if i := strings.Index(p, "!{"); i >= 0 {
			p = p[:i]
		}
		return p
	}
	return ""
}
