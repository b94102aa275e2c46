// Package options is the wizard's options step: one form that asks for the
// options of each resource on the route, a group per service, starting from
// the spec's values and checked by the spec's own rules as they are typed.
// It edits a copy of the spec, so a cancelled edit leaves the original alone.
package options

import (
	"fmt"
	"strconv"

	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard/field"
)

// Edit holds a copy of the spec being edited and the text of its
// numeric fields (huh inputs edit strings).
type Edit struct {
	spec  *spec.Spec
	ints  []*intField
	keeps []func() // put back the values of fields left empty
	// transform is the answer to "transform records with a Lambda
	// function?" when Firehose is on the route.
	transform bool
}

type intField struct {
	text   string
	target *int
}

// Apply parses the numeric fields into the copy and returns it.
func (o *Edit) Apply() (*spec.Spec, error) {
	for _, keep := range o.keeps {
		keep()
	}
	for _, f := range o.ints {
		n, err := strconv.Atoi(f.text)
		if err != nil {
			return nil, fmt.Errorf("parse option: %w", err)
		}
		*f.target = n
	}
	if k := o.spec.Kinesis; k != nil && k.Mode == "PROVISIONED" && k.Shards == 0 {
		k.Shards = 1 // the label promises one shard
	}
	if f := o.spec.Firehose; f != nil {
		if !o.transform {
			f.Transform = nil
		} else {
			o.spec.EnableTransform() // keeps a transform already there
		}
	}
	return o.spec, nil
}

// intRange is the rule for a whole number between lo and hi.
func intRange(lo, hi int, unit string) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("must be a whole number of %s from %d to %d", unit, lo, hi)
		}
		return nil
	}
}

// BuildForm asks for each resource's options, one group per
// service on the route, starting from the spec's values (its defaults) and
// validated as they are typed by the spec's own rules. It edits a copy.
func BuildForm(c *catalog.Catalog, s *spec.Spec) (*huh.Form, *Edit, error) {
	cp := clone(s)
	o := &Edit{spec: cp, transform: s.Firehose != nil && s.Firehose.Transform != nil}
	text := func(title string, v *string, rule func(string) error) huh.Field {
		in, keep := field.LiveInput(title, v, rule)
		o.keeps = append(o.keeps, keep)
		return in
	}
	type numSpec struct {
		title  string
		v      *int
		lo, hi int
		unit   string
	}
	var groups []*huh.Group
	addGroup := func(title string, fields []huh.Field, nums []numSpec) {
		for _, n := range nums {
			f := &intField{text: strconv.Itoa(*n.v), target: n.v}
			o.ints = append(o.ints, f)
			fields = append(fields, text(n.title, &f.text, intRange(n.lo, n.hi, n.unit)))
		}
		groups = append(groups, huh.NewGroup(fields...).Title(title))
	}
	if x := cp.IoT; x != nil {
		addGroup("AWS IoT Core", []huh.Field{
			text("MQTT topic devices publish to", &x.Topic, iot.MQTTTopic),
			text("Topic rule name", &x.Rule, iot.TopicRuleName),
		}, nil)
	}
	if x := cp.Kinesis; x != nil {
		addGroup("Amazon Kinesis Data Streams", []huh.Field{
			text("Stream name", &x.Stream, kinesis.StreamName),
			field.NewChoice("Capacity mode", &x.Mode,
				huh.NewOption("On demand (scales by itself)", "ON_DEMAND"),
				huh.NewOption("Provisioned (1 shard)", "PROVISIONED")),
			huh.NewConfirm().Title("Encrypt the stream (SSE, AWS managed key alias/aws/kinesis)").Value(&x.Encryption),
		}, []numSpec{{"Retention (hours)", &x.RetentionHours, 24, 8760, "hours"}})
	}
	if x := cp.Firehose; x != nil {
		addGroup("Amazon Data Firehose", []huh.Field{
			text("Delivery stream name", &x.DeliveryStream, firehose.DeliveryStreamName),
			text("S3 prefix", &x.Prefix, s3.KeyPrefix),
			field.NewChoice("Compression", &x.Compression,
				huh.NewOptions("GZIP", "UNCOMPRESSED", "ZIP", "Snappy", "HADOOP_SNAPPY")...),
			huh.NewConfirm().Title("Transform records with a Lambda function (generated)").Value(&o.transform),
		}, []numSpec{
			{"Buffer size (MiB)", &x.BufferSizeMiB, 1, 128, "MiB"},
			{"Buffer interval (seconds)", &x.BufferIntervalSeconds, 0, 900, "seconds"},
		})
	}
	if x := cp.S3; x != nil {
		fields := []huh.Field{
			text("Bucket name", &x.Bucket, s3.BucketName),
			huh.NewConfirm().Title("Versioning").Value(&x.Versioning),
		}
		if len(x.Events) > 0 {
			// The bucket is the source: which new objects notify the next hop.
			fields = append(fields,
				text("Notify for keys starting with (filter prefix)", &x.FilterPrefix, field.Optional(s3.KeyPrefix)),
				text("Notify for keys ending with (filter suffix)", &x.FilterSuffix, field.Optional(s3.FilterSuffix)))
		}
		addGroup("Amazon S3", fields, nil)
	}
	if x := cp.SQS; x != nil {
		addGroup("Amazon SQS", []huh.Field{
			text("Queue name", &x.Queue, sqs.QueueName),
			text("Dead-letter queue name", &x.DeadLetterQueue, sqs.QueueName),
		}, []numSpec{{"Visibility timeout (seconds)", &x.VisibilityTimeoutSeconds, 0, 43200, "seconds"}})
	}
	if x := cp.SNS; x != nil {
		addGroup("Amazon SNS", []huh.Field{text("Topic name", &x.Topic, sns.TopicName)}, nil)
	}
	if x := cp.DynamoDB; x != nil {
		addGroup("Amazon DynamoDB", []huh.Field{
			text("Table name", &x.Table, dynamodb.TableName),
			text("Partition key attribute", &x.PartitionKey, dynamodb.AttributeName),
		}, nil)
	}
	if x := cp.Lambda; x != nil {
		fields := []huh.Field{text("Function name", &x.Function, lambda.FunctionName)}
		if x.StartingPosition != "" {
			// A stream source (Kinesis, DynamoDB): where the mapping starts.
			fields = append(fields, field.NewChoice("Starting position", &x.StartingPosition,
				huh.NewOption("TRIM_HORIZON (the oldest record kept)", "TRIM_HORIZON"),
				huh.NewOption("LATEST (records written from now on)", "LATEST")))
		}
		nums := []numSpec{
			{"Memory (MiB)", &x.MemoryMiB, 128, 10240, "MiB"},
			{"Timeout (seconds)", &x.TimeoutSeconds, 1, 900, "seconds"},
		}
		if x.BatchSize != 0 {
			// An event source mapping: records per invocation. Over 10 from
			// SQS needs a batching window, which the spec keeps at its default.
			hi := 10000
			if x.BatchWindowSecs < 1 && cp.HasHop(c, "sqs", "lambda") {
				hi = 10
			}
			nums = append(nums, numSpec{"Batch size (records per invocation)", &x.BatchSize, 1, hi, "records"})
		}
		addGroup("AWS Lambda", fields, nums)
	}
	if len(groups) == 0 {
		return nil, o, nil
	}
	return huh.NewForm(groups...).WithKeyMap(field.KeyMap()), o, nil
}

// clone deep-copies a spec so a cancelled edit leaves the original alone.
func clone(s *spec.Spec) *spec.Spec {
	cp := *s
	cp.Route = append([]string(nil), s.Route...)
	if s.Tags != nil {
		cp.Tags = make(map[string]string, len(s.Tags))
		for k, v := range s.Tags {
			cp.Tags[k] = v
		}
	}
	if s.IoT != nil {
		x := *s.IoT
		cp.IoT = &x
	}
	if s.Kinesis != nil {
		x := *s.Kinesis
		cp.Kinesis = &x
	}
	if s.Firehose != nil {
		x := *s.Firehose
		if x.Transform != nil {
			t := *x.Transform
			x.Transform = &t
		}
		cp.Firehose = &x
	}
	if s.S3 != nil {
		x := *s.S3
		x.Events = append([]string(nil), s.S3.Events...)
		if s.S3.Events == nil {
			x.Events = nil
		}
		cp.S3 = &x
	}
	if s.SQS != nil {
		x := *s.SQS
		cp.SQS = &x
	}
	if s.SNS != nil {
		x := *s.SNS
		cp.SNS = &x
	}
	if s.DynamoDB != nil {
		x := *s.DynamoDB
		cp.DynamoDB = &x
	}
	if s.Lambda != nil {
		x := *s.Lambda
		cp.Lambda = &x
	}
	return &cp
}
