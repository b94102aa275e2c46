package iam

import (
	"strings"
	"testing"
)

func TestSidName(t *testing.T) {
	for in, want := range map[string]string{
		"orders":          "Orders",
		"orders-stream.1": "OrdersStream1",
		"telemetry_rule":  "TelemetryRule",
		"devices/fleet-a": "DevicesFleetA",
		"ÄÖ-x":            "X",
	} {
		if got := sidName(in); got != want {
			t.Errorf("sidName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuilderErrors: bad input is rejected with a message naming the problem,
// never turned into a broader policy. The service packages' iam_test.go
// hold the same table for their builders.
func TestBuilderErrors(t *testing.T) {
	env := EnvFor("us-east-1", "123456789012")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"bad env", errOf(ProducerPolicy(EnvFor("us-east-1", "1"), "p", Target{Kind: KindSQS, Name: "q"})), "12 digits"},
		{"no targets", errOf(ProducerPolicy(env, "p")), "no resources"},
		{"bad policy name", errOf(ProducerPolicy(env, "my policy", Target{Kind: KindSQS, Name: "q"})), "policy name"},
		{"unknown kind", errOf(ProducerPolicy(env, "p", Target{Kind: "kafka", Name: "q"})), "not supported"},
		{"arn as name", errOf(ProducerPolicy(env, "p", Target{Kind: KindSQS, Name: env.QueueARN("q")})), "pass the plain name"},
		{"wildcard name", errOf(ProducerPolicy(env, "p", Target{Kind: KindKinesis, Name: "orders*"})), "not allowed"},
		{"s3 wildcard prefix", errOf(ProducerPolicy(env, "p", Target{Kind: KindS3, Name: "b", Prefix: "raw/*"})), "literal"},
		{"s3 template prefix", errOf(ProducerPolicy(env, "p", Target{Kind: KindS3, Name: "b", Prefix: "${topic()}/"})), "literal"},
		{"prefix on queue", errOf(ProducerPolicy(env, "p", Target{Kind: KindSQS, Name: "q", Prefix: "x"})), "only meaningful"},
		{"iot both", errOf(ProducerPolicy(env, "p", Target{Kind: KindIoT, Name: "a", Prefix: "b/"})), "exactly one"},
		{"iot mqtt wildcard", errOf(ProducerPolicy(env, "p", Target{Kind: KindIoT, Name: "devices/+/t"})), "MQTT wildcards"},
		{"alias key", errOf(ProducerPolicy(env, "p", Target{Kind: KindSQS, Name: "q", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/my"})), "not a key ARN"},
		{"key other region", errOf(ProducerPolicy(env, "p", Target{Kind: KindSQS, Name: "q", KMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/abc"})), "not in aws/us-east-1"},
		{"key other partition", errOf(ProducerPolicy(env, "p", Target{Kind: KindSQS, Name: "q", KMSKeyARN: "arn:aws-cn:kms:us-east-1:123456789012:key/abc"})), "not in aws/us-east-1"},
		{"consumer efo", errOf(ConsumerPolicy(env, "c", Source{Kind: KindKinesis, Name: "s", EnhancedFanOut: true})), "enhanced fan-out"},
		{"consumer firehose", errOf(ConsumerPolicy(env, "c", Source{Kind: KindFirehose, Name: "d"})), "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}

func errOf[T any](_ T, err error) error { return err }
