package iam

import "fmt"

// output is what every builder returns.
type output interface {
	JSON() ([]byte, error)
	Validate(Env) error
}

// testcase is one builder call, parameterized by Env so that every case runs
// in every partition.
type testcase struct {
	name  string
	build func(Env) (output, error)
}

// Test environments, one per partition.
var testEnvs = []Env{
	EnvFor("us-east-1", "123456789012"),
	EnvFor("cn-north-1", "123456789012"),
	EnvFor("us-gov-west-1", "123456789012"),
}

func keyARN(env Env) string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab", env.Partition, env.Region, env.AccountID)
}

func role(r Role, err error) (output, error)                     { return r, err }
func policy(p Policy, err error) (output, error)                 { return p, err }
func resourcePolicy(r ResourcePolicy, err error) (output, error) { return r, err }

// allCases covers every builder and every option that changes the output.
func allCases() []testcase {
	iot := func(name string, t Target, batch bool) testcase {
		return testcase{"iot-" + name, func(env Env) (output, error) {
			if t.KMSKeyARN != "" {
				t.KMSKeyARN = keyARN(env)
			}
			return role(IoTRuleRole(env, IoTRuleInput{RuleName: "telemetry_rule", RoleName: "wireup-iot-telemetry", Target: t, BatchMode: batch}))
		}}
	}
	withKey := "set per env"
	return []testcase{
		iot("kinesis", Target{Kind: KindKinesis, Name: "telemetry"}, false),
		iot("kinesis-kms", Target{Kind: KindKinesis, Name: "telemetry", KMSKeyARN: withKey}, false),
		iot("firehose", Target{Kind: KindFirehose, Name: "telemetry-to-s3"}, false),
		iot("firehose-batch", Target{Kind: KindFirehose, Name: "telemetry-to-s3"}, true),
		iot("sqs-kms", Target{Kind: KindSQS, Name: "telemetry-queue", KMSKeyARN: withKey}, false),
		iot("sns", Target{Kind: KindSNS, Name: "alerts"}, false),
		iot("sns-kms", Target{Kind: KindSNS, Name: "alerts", KMSKeyARN: withKey}, false),
		iot("s3", Target{Kind: KindS3, Name: "telemetry-archive", Prefix: "raw/"}, false),
		iot("dynamodb", Target{Kind: KindDynamoDB, Name: "device-state"}, false),
		{"iot-lambda-permission", func(env Env) (output, error) {
			return resourcePolicy(LambdaPermissionForIoT(env, IoTLambdaInput{RuleName: "telemetry_rule", FunctionName: "handle-telemetry"}))
		}},

		{"producer-kinesis", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "orders-producer", Target{Kind: KindKinesis, Name: "orders"}))
		}},
		{"producer-firehose", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "clicks-producer", Target{Kind: KindFirehose, Name: "clicks"}))
		}},
		{"producer-sqs-kms", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "jobs-producer", Target{Kind: KindSQS, Name: "jobs", KMSKeyARN: keyARN(env)}))
		}},
		{"producer-dynamodb", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "events-writer", Target{Kind: KindDynamoDB, Name: "events"}))
		}},
		{"producer-s3-kms", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "uploads-writer", Target{Kind: KindS3, Name: "uploads-bucket", Prefix: "incoming/", KMSKeyARN: keyARN(env)}))
		}},
		{"producer-iot", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "device-sim", Target{Kind: KindIoT, Name: "devices/sim-1/telemetry"}, Target{Kind: KindIoT, Prefix: "devices/fleet-a/"}))
		}},
		{"producer-multi", func(env Env) (output, error) {
			return policy(ProducerPolicy(env, "fanout-producer",
				Target{Kind: KindKinesis, Name: "orders"},
				Target{Kind: KindSNS, Name: "order-events"},
				Target{Kind: KindS3, Name: "orders-archive"}))
		}},

		{"consumer-s3", func(env Env) (output, error) {
			return policy(ConsumerPolicy(env, "report-reader", Source{Kind: KindS3, Name: "reports-bucket", Prefix: "daily/"}))
		}},
		{"consumer-s3-whole-bucket-kms", func(env Env) (output, error) {
			return policy(ConsumerPolicy(env, "report-reader", Source{Kind: KindS3, Name: "reports-bucket", KMSKeyARN: keyARN(env)}))
		}},
		{"consumer-sqs-kms", func(env Env) (output, error) {
			return policy(ConsumerPolicy(env, "jobs-worker", Source{Kind: KindSQS, Name: "jobs", KMSKeyARN: keyARN(env)}))
		}},
		{"consumer-kinesis", func(env Env) (output, error) {
			return policy(ConsumerPolicy(env, "orders-reader", Source{Kind: KindKinesis, Name: "orders"}))
		}},
		{"consumer-dynamodb", func(env Env) (output, error) {
			return policy(ConsumerPolicy(env, "events-reader", Source{Kind: KindDynamoDB, Name: "events"}))
		}},

		{"firehose-direct", func(env Env) (output, error) {
			return role(FirehoseDeliveryRole(env, FirehoseInput{DeliveryStreamName: "clicks", RoleName: "wireup-firehose-clicks", BucketName: "clicks-lake"}))
		}},
		{"firehose-full", func(env Env) (output, error) {
			return role(FirehoseDeliveryRole(env, FirehoseInput{
				DeliveryStreamName:    "orders-to-s3",
				RoleName:              "wireup-firehose-orders",
				BucketName:            "orders-lake",
				Prefix:                "orders/!{timestamp:yyyy/MM/dd}/",
				ErrorPrefix:           "errors/!{firehose:error-output-type}/",
				SourceStreamName:      "orders",
				TransformFunctionName: "orders-transform",
				KMSKeyARN:             keyARN(env),
			}))
		}},

		{"lambda-kinesis", func(env Env) (output, error) {
			return role(LambdaExecutionRole(env, LambdaInput{
				FunctionName: "process-orders", RoleName: "wireup-lambda-process-orders",
				Sources:   []Source{{Kind: KindKinesis, Name: "orders"}},
				OnFailure: &Target{Kind: KindSQS, Name: "orders-failed"},
			}))
		}},
		{"lambda-kinesis-efo-kms", func(env Env) (output, error) {
			return role(LambdaExecutionRole(env, LambdaInput{
				FunctionName: "process-orders", RoleName: "wireup-lambda-process-orders",
				Sources:   []Source{{Kind: KindKinesis, Name: "orders", EnhancedFanOut: true, KMSKeyARN: keyARN(env)}},
				OnFailure: &Target{Kind: KindSQS, Name: "orders-failed", KMSKeyARN: keyARN(env)},
			}))
		}},
		{"lambda-sqs", func(env Env) (output, error) {
			return role(LambdaExecutionRole(env, LambdaInput{
				FunctionName: "work-jobs", RoleName: "wireup-lambda-work-jobs",
				Sources: []Source{{Kind: KindSQS, Name: "jobs"}},
			}))
		}},
		{"lambda-dynamodb-stream", func(env Env) (output, error) {
			return role(LambdaExecutionRole(env, LambdaInput{
				FunctionName: "on-device-change", RoleName: "wireup-lambda-on-device-change",
				Sources:   []Source{{Kind: KindDynamoDBStream, Name: "device-state"}},
				OnFailure: &Target{Kind: KindSNS, Name: "device-change-failures"},
			}))
		}},
		{"lambda-s3-handler", func(env Env) (output, error) {
			return role(LambdaExecutionRole(env, LambdaInput{
				FunctionName: "index-upload", RoleName: "wireup-lambda-index-upload",
				Reads:  []Source{{Kind: KindS3, Name: "uploads-bucket", Prefix: "incoming/"}},
				Writes: []Target{{Kind: KindDynamoDB, Name: "upload-index"}},
			}))
		}},

		{"s3-sqs", func(env Env) (output, error) {
			return resourcePolicy(QueuePolicyForS3(env, S3Notification{Bucket: "uploads-bucket", Destination: "upload-events"}))
		}},
		{"s3-sqs-kms", func(env Env) (output, error) {
			return resourcePolicy(QueuePolicyForS3(env, S3Notification{Bucket: "uploads-bucket", Destination: "upload-events", KMSKeyARN: keyARN(env)}))
		}},
		{"s3-sns", func(env Env) (output, error) {
			return resourcePolicy(TopicPolicyForS3(env, S3Notification{Bucket: "uploads-bucket", Destination: "upload-topic"}))
		}},
		{"s3-sns-kms", func(env Env) (output, error) {
			return resourcePolicy(TopicPolicyForS3(env, S3Notification{Bucket: "uploads-bucket", Destination: "upload-topic", KMSKeyARN: keyARN(env)}))
		}},
		{"s3-lambda", func(env Env) (output, error) {
			return resourcePolicy(LambdaPermissionForS3(env, S3Notification{Bucket: "uploads-bucket", Destination: "index-upload"}))
		}},
		{"sns-lambda", func(env Env) (output, error) {
			return resourcePolicy(LambdaPermissionForSNS(env, SNSLambda{Topic: "upload-topic", Function: "index-upload"}))
		}},
		{"sns-sqs", func(env Env) (output, error) {
			return resourcePolicy(QueuePolicyForSNS(env, SNSSubscription{Topic: "upload-topic", Queue: "upload-indexer"}))
		}},
		{"s3-bucket-tls-only", func(env Env) (output, error) {
			return resourcePolicy(BucketTLSOnlyPolicy(env, "uploads-bucket"))
		}},
		{"sns-sqs-kms", func(env Env) (output, error) {
			return resourcePolicy(QueuePolicyForSNS(env, SNSSubscription{Topic: "upload-topic", Queue: "upload-indexer", KMSKeyARN: keyARN(env)}))
		}},
	}
}

// goldenInOtherPartitions lists the cases whose aws-cn and aws-us-gov output
// is also pinned in golden files (all cases are checked for invariants in
// every partition).
var goldenInOtherPartitions = map[string]bool{
	"firehose-full":          true,
	"iot-sqs-kms":            true,
	"lambda-kinesis-efo-kms": true,
	"s3-sqs-kms":             true,
	"s3-lambda":              true,
	"s3-bucket-tls-only":     true,
}
