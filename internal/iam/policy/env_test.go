package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnvFor(t *testing.T) {
	tests := []struct {
		region, partition, dns string
	}{
		{"us-east-1", "aws", "amazonaws.com"},
		{"eu-central-2", "aws", "amazonaws.com"},
		{"ap-southeast-5", "aws", "amazonaws.com"},
		{"cn-north-1", "aws-cn", "amazonaws.com.cn"},
		{"cn-northwest-1", "aws-cn", "amazonaws.com.cn"},
		{"us-gov-west-1", "aws-us-gov", "amazonaws.com"},
		{"us-gov-east-1", "aws-us-gov", "amazonaws.com"},
	}
	for _, tt := range tests {
		env := EnvFor(tt.region, "123456789012")
		if env.Partition != tt.partition || env.DNSSuffix() != tt.dns {
			t.Errorf("EnvFor(%q) = %s, %s; want %s, %s", tt.region, env.Partition, env.DNSSuffix(), tt.partition, tt.dns)
		}
		if err := env.Check(); err != nil {
			t.Errorf("EnvFor(%q).Check() = %v", tt.region, err)
		}
	}
}

func TestEnvCheckRejects(t *testing.T) {
	tests := []struct {
		env  Env
		want string
	}{
		{EnvFor("", "123456789012"), "not a Region name"},
		{EnvFor("US-EAST-1", "123456789012"), "not a Region name"},
		{EnvFor("us-iso-east-1", "123456789012"), "isolated partition"},
		{Env{Partition: "aws", Region: "cn-north-1", AccountID: "123456789012"}, "does not match region"},
		{EnvFor("us-east-1", "12345"), "not 12 digits"},
	}
	for _, tt := range tests {
		err := tt.env.Check()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v.Check() = %v, want error containing %q", tt.env, err, tt.want)
		}
	}
}

func TestARNs(t *testing.T) {
	type arns struct {
		Bucket, Objects, Stream, Consumers, DeliveryStream, Queue, Topic, Table, TableStreams,
		Function, Role, Rule, IoTTopic, LogGroup, LogStream string
	}
	build := func(e Env) arns {
		return arns{
			e.BucketARN("b"), e.ObjectsARN("b", "p/"), e.StreamARN("s"), e.StreamConsumersARN("s"),
			e.DeliveryStreamARN("d"), e.QueueARN("q"), e.TopicARN("t"), e.TableARN("tb"), e.TableStreamsARN("tb"),
			e.FunctionARN("f"), e.RoleARN("r"), e.IoTRuleARN("ru"), e.IoTTopicARN("a/b"),
			e.LogGroupARN("/aws/lambda/f"), e.LogStreamARN("g", "s"),
		}
	}
	tests := []struct {
		env  Env
		want arns
	}{
		{EnvFor("us-east-1", "123456789012"), arns{
			"arn:aws:s3:::b", "arn:aws:s3:::b/p/*",
			"arn:aws:kinesis:us-east-1:123456789012:stream/s", "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/*",
			"arn:aws:firehose:us-east-1:123456789012:deliverystream/d",
			"arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sns:us-east-1:123456789012:t",
			"arn:aws:dynamodb:us-east-1:123456789012:table/tb", "arn:aws:dynamodb:us-east-1:123456789012:table/tb/stream/*",
			"arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:iam::123456789012:role/r",
			"arn:aws:iot:us-east-1:123456789012:rule/ru", "arn:aws:iot:us-east-1:123456789012:topic/a/b",
			"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
		}},
		{EnvFor("cn-north-1", "123456789012"), arns{
			"arn:aws-cn:s3:::b", "arn:aws-cn:s3:::b/p/*",
			"arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s", "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s/consumer/*",
			"arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/d",
			"arn:aws-cn:sqs:cn-north-1:123456789012:q", "arn:aws-cn:sns:cn-north-1:123456789012:t",
			"arn:aws-cn:dynamodb:cn-north-1:123456789012:table/tb", "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/tb/stream/*",
			"arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "arn:aws-cn:iam::123456789012:role/r",
			"arn:aws-cn:iot:cn-north-1:123456789012:rule/ru", "arn:aws-cn:iot:cn-north-1:123456789012:topic/a/b",
			"arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/lambda/f", "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g:log-stream:s",
		}},
		{EnvFor("us-gov-west-1", "123456789012"), arns{
			"arn:aws-us-gov:s3:::b", "arn:aws-us-gov:s3:::b/p/*",
			"arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s", "arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s/consumer/*",
			"arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d",
			"arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t",
			"arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/tb", "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/tb/stream/*",
			"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", "arn:aws-us-gov:iam::123456789012:role/r",
			"arn:aws-us-gov:iot:us-gov-west-1:123456789012:rule/ru", "arn:aws-us-gov:iot:us-gov-west-1:123456789012:topic/a/b",
			"arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:/aws/lambda/f", "arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g:log-stream:s",
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, build(tt.env)); diff != "" {
			t.Errorf("%s ARNs (-want +got):\n%s", tt.env.Partition, diff)
		}
	}
}
