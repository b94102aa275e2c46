package iam_test

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
)

// cases covers the application identity policies and every option that
// changes their output. The roles and resource policies of a hop are
// covered in the package of the service that owns them
// (internal/service/<id>/iam_test.go).
func cases() []iamtest.Case {
	return []iamtest.Case{
		{Name: "producer-kinesis", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "orders-producer", iam.Target{Kind: iam.KindKinesis, Name: "orders"}))
		}},
		{Name: "producer-firehose", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "clicks-producer", iam.Target{Kind: iam.KindFirehose, Name: "clicks"}))
		}},
		{Name: "producer-sqs-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "jobs-producer", iam.Target{Kind: iam.KindSQS, Name: "jobs", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "producer-dynamodb", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "events-writer", iam.Target{Kind: iam.KindDynamoDB, Name: "events"}))
		}},
		{Name: "producer-s3-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "uploads-writer", iam.Target{Kind: iam.KindS3, Name: "uploads-bucket", Prefix: "incoming/", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "producer-iot", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "device-sim", iam.Target{Kind: iam.KindIoT, Name: "devices/sim-1/telemetry"}, iam.Target{Kind: iam.KindIoT, Prefix: "devices/fleet-a/"}))
		}},
		{Name: "producer-logs", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "orders-producer", iam.Target{Kind: iam.KindLogs, Name: "/wireup/orders"}))
		}},
		{Name: "producer-multi", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ProducerPolicy(env, "fanout-producer",
				iam.Target{Kind: iam.KindKinesis, Name: "orders"},
				iam.Target{Kind: iam.KindSNS, Name: "order-events"},
				iam.Target{Kind: iam.KindS3, Name: "orders-archive"}))
		}},

		{Name: "consumer-s3", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "report-reader", iam.Source{Kind: iam.KindS3, Name: "reports-bucket", Prefix: "daily/"}))
		}},
		{Name: "consumer-s3-whole-bucket-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "report-reader", iam.Source{Kind: iam.KindS3, Name: "reports-bucket", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "consumer-sqs-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "jobs-worker", iam.Source{Kind: iam.KindSQS, Name: "jobs", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "consumer-sqs-s3-notified-objects", Build: func(env iam.Env) (iamtest.Output, error) {
			// s3 → sqs: the consumer reads the queue and gets the objects
			// the notifications name, under the filter prefix, never listing.
			return iamtest.Policy(iam.ConsumerPolicy(env, "uploads-reader", iam.Source{Kind: iam.KindSQS, Name: "uploads"},
				iam.Source{Kind: iam.KindS3Objects, Name: "uploads-bucket", Prefix: "incoming/", KMSKeyARN: iamtest.KeyARN(env)}))
		}},
		{Name: "integration-test-kinesis-source", Build: func(env iam.Env) (iamtest.Output, error) {
			// kinesis → lambda: the test writes to the stream and reads it back.
			return iamtest.Policy(iam.IntegrationTestPolicy(env, "orders-integration-test",
				[]iam.Target{{Kind: iam.KindKinesis, Name: "orders"}}, []iam.Source{{Kind: iam.KindKinesis, Name: "orders"}}))
		}},
		{Name: "consumer-kinesis", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "orders-reader", iam.Source{Kind: iam.KindKinesis, Name: "orders"}))
		}},
		{Name: "consumer-dynamodb", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "events-reader", iam.Source{Kind: iam.KindDynamoDB, Name: "events"}))
		}},
	}
}
