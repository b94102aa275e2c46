package policy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Partitions wireup supports. The isolated partitions (aws-iso*) are not
// supported: their DNS suffixes and service availability differ too much to
// generate policies without testing there.
const (
	PartitionAWS   = "aws"
	PartitionChina = "aws-cn"
	PartitionGov   = "aws-us-gov"
)

// Env is the account and Region a pipeline is deployed into. Every ARN the
// package builds comes from an Env, so one Env yields ARNs of one partition.
type Env struct {
	Partition string
	Region    string
	AccountID string
}

// EnvFor returns the Env for region and account, deriving the partition from
// the Region name: cn-* is aws-cn, us-gov-* is aws-us-gov, anything else aws.
// Builders reject an Env whose Region or account is malformed.
func EnvFor(region, account string) Env {
	return Env{Partition: PartitionFor(region), Region: region, AccountID: account}
}

// PartitionFor returns the partition of region (see [EnvFor]).
func PartitionFor(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return PartitionChina
	case strings.HasPrefix(region, "us-gov-"):
		return PartitionGov
	default:
		return PartitionAWS
	}
}

// DNSSuffix returns the endpoint domain of the partition: amazonaws.com.cn in
// China, amazonaws.com elsewhere. It is used for kms:ViaService values, which
// name the calling service's endpoint.
func (e Env) DNSSuffix() string {
	if e.Partition == PartitionChina {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

var (
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
)

// Check reports whether e is usable: a well-formed Region in a supported
// partition, the partition that Region implies, and a 12-digit account ID.
func (e Env) Check() error {
	switch {
	case !regionRE.MatchString(e.Region):
		return fmt.Errorf("region %q is not a Region name like us-east-1", e.Region)
	case strings.Contains(e.Region, "-iso"):
		return fmt.Errorf("region %q is in an isolated partition, which wireup does not support", e.Region)
	case e.Partition != PartitionFor(e.Region):
		return fmt.Errorf("partition %q does not match region %q (want %q)", e.Partition, e.Region, PartitionFor(e.Region))
	case !accountRE.MatchString(e.AccountID):
		return fmt.Errorf("account ID %q is not 12 digits", e.AccountID)
	}
	return nil
}

// arn builds a regional ARN in e's partition, Region and account.
func (e Env) arn(service, resource string) string {
	return arn.ARN{Partition: e.Partition, Service: service, Region: e.Region, AccountID: e.AccountID, Resource: resource}.String()
}

// BucketARN returns the ARN of an S3 bucket. Bucket ARNs carry no Region and
// no account, which is why S3 confused-deputy conditions need
// aws:SourceAccount as well as aws:SourceArn
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
func (e Env) BucketARN(bucket string) string {
	return arn.ARN{Partition: e.Partition, Service: "s3", Resource: bucket}.String()
}

// ObjectsARN returns the ARN pattern of the objects of bucket under the
// literal key prefix: bucket/prefix*, or bucket/* for an empty prefix.
func (e Env) ObjectsARN(bucket, prefix string) string {
	return e.BucketARN(bucket) + "/" + prefix + "*"
}

// StreamARN returns the ARN of a Kinesis data stream.
func (e Env) StreamARN(stream string) string { return e.arn("kinesis", "stream/"+stream) }

// StreamConsumersARN returns the ARN pattern of every enhanced fan-out
// consumer of a Kinesis stream, the resource AWS's KCL table gives
// SubscribeToShard (https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html).
func (e Env) StreamConsumersARN(stream string) string {
	return e.arn("kinesis", "stream/"+stream+"/consumer/*")
}

// DeliveryStreamARN returns the ARN of a Firehose delivery stream.
func (e Env) DeliveryStreamARN(name string) string {
	return e.arn("firehose", "deliverystream/"+name)
}

// QueueARN returns the ARN of an SQS queue.
func (e Env) QueueARN(queue string) string { return e.arn("sqs", queue) }

// TopicARN returns the ARN of an SNS topic.
func (e Env) TopicARN(topic string) string { return e.arn("sns", topic) }

// TableARN returns the ARN of a DynamoDB table.
func (e Env) TableARN(table string) string { return e.arn("dynamodb", "table/"+table) }

// TableStreamsARN returns the ARN pattern of a DynamoDB table's streams,
// table/T/stream/*: the stream label is assigned by DynamoDB when the stream
// is enabled, so it is not known when the policy is generated; AWS's example
// uses the same pattern (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html).
func (e Env) TableStreamsARN(table string) string {
	return e.arn("dynamodb", "table/"+table+"/stream/*")
}

// FunctionARN returns the unqualified ARN of a Lambda function.
func (e Env) FunctionARN(function string) string { return e.arn("lambda", "function:"+function) }

// RoleARN returns the ARN of an IAM role. IAM is global: no Region.
func (e Env) RoleARN(role string) string {
	return arn.ARN{Partition: e.Partition, Service: "iam", AccountID: e.AccountID, Resource: "role/" + role}.String()
}

// IoTRuleARN returns the ARN of an IoT Core topic rule.
func (e Env) IoTRuleARN(rule string) string { return e.arn("iot", "rule/"+rule) }

// IoTTopicARN returns the ARN of an MQTT topic, the resource of iot:Publish.
func (e Env) IoTTopicARN(topic string) string { return e.arn("iot", "topic/"+topic) }

// SecretARN returns the ARN pattern of a Secrets Manager secret: its name
// and the six random characters Secrets Manager appends, as AWS's policy
// examples write it
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html).
func (e Env) SecretARN(name string) string { return e.arn("secretsmanager", "secret:"+name+"-??????") }

// LogGroupARN returns the ARN of a CloudWatch Logs log group.
func (e Env) LogGroupARN(group string) string { return e.arn("logs", "log-group:"+group) }

// LogStreamARN returns the ARN of one log stream of a log group.
func (e Env) LogStreamARN(group, stream string) string {
	return e.arn("logs", "log-group:"+group+":log-stream:"+stream)
}

// EventBusARN returns the ARN of an EventBridge event bus ("default" for
// the account's default bus), the resource of events:PutEvents.
func (e Env) EventBusARN(bus string) string { return e.arn("events", "event-bus/"+bus) }

// EventRuleARN returns the ARN of an EventBridge rule on the default event
// bus (a rule on a custom bus is rule/BUS/NAME):
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html#eb-arn-format
func (e Env) EventRuleARN(rule string) string { return e.arn("events", "rule/"+rule) }

// GlueARN returns the ARN of a Data Catalog resource: "catalog",
// "database/DB" or "table/DB/TABLE"
// (https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html).
func (e Env) GlueARN(resource string) string { return e.arn("glue", resource) }

// WorkGroupARN returns the ARN of an Athena workgroup
// (https://docs.aws.amazon.com/athena/latest/ug/workgroups-access.html).
func (e Env) WorkGroupARN(name string) string { return e.arn("athena", "workgroup/"+name) }

// DataCatalogARN returns the ARN of an Athena data catalog
// (https://docs.aws.amazon.com/athena/latest/ug/datacatalogs-example-policies.html).
func (e Env) DataCatalogARN(name string) string { return e.arn("athena", "datacatalog/"+name) }

// SageMakerARN returns the ARN of a SageMaker resource, such as
// "training-job/NAME"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-resources-for-iam-policies).
func (e Env) SageMakerARN(resource string) string { return e.arn("sagemaker", resource) }

// StateMachineARN returns the ARN of a Step Functions state machine
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-arn.html).
func (e Env) StateMachineARN(name string) string { return e.arn("states", "stateMachine:"+name) }

// DomainARN returns the ARN of an OpenSearch Service domain; its paths
// (indexes, APIs) are DomainARN/PATH
// (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html).
func (e Env) DomainARN(domain string) string { return e.arn("es", "domain/"+domain) }

// RootARN returns the account principal: in a resource policy it
// delegates access to the account's identity policies
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
func (e Env) RootARN() string {
	return arn.ARN{Partition: e.Partition, Service: "iam", AccountID: e.AccountID, Resource: "root"}.String()
}
