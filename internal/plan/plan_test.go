package plan_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/service/s3"
)

var testEnv = plan.Env{Region: "us-east-1", AccountID: "123456789012"}

func mustPlan(t *testing.T, route ...string) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	p, err := registry.Plan(s, c, testEnv)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanCoreRoutes(t *testing.T) {
	tests := []struct {
		route []string
		want  []string // resource ids in plan order
	}{
		{[]string{"s3-to-sqs"}, []string{"bucket", "dlq", "queue", "queue-policy", "bucket-notification"}},
		{[]string{"s3-to-sns", "sns-to-sqs"}, []string{"bucket", "dlq", "topic", "queue", "topic-policy", "bucket-notification", "queue-policy", "subscription"}},
		{[]string{"sns-to-sqs"}, []string{"dlq", "topic", "queue", "queue-policy", "subscription"}},
		{[]string{"app-to-kinesis"}, []string{"stream"}},
		{[]string{"app-to-firehose", "firehose-to-s3"}, []string{"bucket", "log-group/firehose", "role/firehose", "delivery-stream"}},
		{[]string{"kinesis-to-firehose", "firehose-to-s3"}, []string{"bucket", "log-group/firehose", "role/firehose", "stream", "delivery-stream"}},
		{[]string{"iot-to-kinesis"}, []string{"role/iot", "stream", "topic-rule"}},
		{[]string{"iot-to-lambda"}, []string{"role/lambda", "function", "permission/iot", "topic-rule"}},
		{[]string{"sqs-to-lambda"}, []string{"dlq", "role/lambda", "function", "queue", "event-source-mapping"}},
		{[]string{"dynamodb-to-lambda"}, []string{"failure-queue", "role/lambda", "table", "function", "event-source-mapping"}},
		{[]string{"s3-to-lambda"}, []string{"bucket", "role/lambda", "function", "permission/s3", "bucket-notification"}},
		{[]string{"eventbridge-to-sqs"}, []string{"dlq", "rule-dlq", "queue", "rule-dlq-policy", "queue-policy", "rule"}},
		{[]string{"eventbridge-to-sqs", "sqs-to-lambda"}, []string{"dlq", "role/lambda", "rule-dlq", "function", "queue", "rule-dlq-policy", "event-source-mapping", "queue-policy", "rule"}},
		{[]string{"eventbridge-to-lambda"}, []string{"role/lambda", "rule-dlq", "function", "rule-dlq-policy", "permission/eventbridge", "rule"}},
		{[]string{"eventbridge-to-kinesis"}, []string{"role/eventbridge", "rule-dlq", "stream", "rule-dlq-policy", "rule"}},
		{[]string{"eventbridge-to-firehose", "firehose-to-s3"}, []string{"bucket", "log-group/firehose", "role/eventbridge", "role/firehose", "rule-dlq", "delivery-stream", "rule-dlq-policy", "rule"}},
		{[]string{"cloudwatch-logs-to-firehose", "firehose-to-s3"}, []string{"bucket", "log-group", "log-group/firehose", "role/firehose", "role/logs", "delivery-stream", "subscription-filter"}},
		{[]string{"cloudwatch-logs-to-kinesis"}, []string{"log-group", "role/logs", "stream", "subscription-filter"}},
		{[]string{"cloudwatch-logs-to-lambda"}, []string{"log-group", "role/lambda", "function", "permission/logs", "subscription-filter"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.route, "+"), func(t *testing.T) {
			p := mustPlan(t, tt.route...)
			var got []string
			for _, r := range p.Resources {
				got = append(got, r.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
			seen := map[string]bool{}
			for _, r := range p.Resources {
				for _, d := range r.DependsOn {
					if !seen[d] {
						t.Errorf("%s comes before its dependency %s", r.ID, d)
					}
				}
				seen[r.ID] = true
				for k, ref := range r.Refs {
					id, _, _ := strings.Cut(ref, ".")
					if p.Resource(id) == nil {
						t.Errorf("%s.%s refers to missing %s", r.ID, k, ref)
					}
				}
				for _, doc := range []json.RawMessage{r.Trust, r.Policy} {
					if len(doc) > 0 && !json.Valid(doc) {
						t.Errorf("%s: invalid policy JSON", r.ID)
					}
				}
			}
		})
	}
}

// The notification must come after whatever lets S3 deliver: S3 checks the
// destination when the notification is configured
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html).
func TestPlanNotificationAfterResourcePolicy(t *testing.T) {
	for route, policy := range map[string]string{"s3-to-sqs": plan.IDQueuePolicy, "s3-to-sns": plan.IDTopicPolicy, "s3-to-lambda": plan.IDPermissionS3} {
		p := mustPlan(t, route)
		n := p.Resource(plan.IDBucketNotification)
		if n == nil || !strings.Contains(strings.Join(n.DependsOn, ","), policy) {
			t.Errorf("%s: notification does not depend on %s: %+v", route, policy, n)
		}
	}
}

func TestPlanDeterministic(t *testing.T) {
	a, _ := json.Marshal(mustPlan(t, "s3-to-sns", "sns-to-sqs"))
	b, _ := json.Marshal(mustPlan(t, "s3-to-sns", "sns-to-sqs"))
	if !bytes.Equal(a, b) {
		t.Fatal("two plans of the same spec differ")
	}
	var buf bytes.Buffer
	if err := mustPlan(t, "sqs-to-lambda").WriteText(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "sqs:ReceiveMessage") {
		t.Errorf("text plan lacks the Lambda role's queue grant:\n%s", buf.String())
	}
}

// Every bucket carries the TLS-only policy of internal/service/s3: it is part of
// the bucket, so it is in place before anything that depends on the bucket.
func TestPlanBucketTLSOnly(t *testing.T) {
	for _, route := range [][]string{{"app-to-s3"}, {"s3-to-sqs"}, {"app-to-firehose", "firehose-to-s3"}, {"iot-to-s3"}} {
		p := mustPlan(t, route...)
		b := p.Resource(plan.IDBucket)
		want, err := s3.TLSOnlyPolicy(iam.EnvFor(testEnv.Region, testEnv.AccountID), b.Name)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := want.Document.JSON()
		if !bytes.Equal(b.Policy, wantJSON) {
			t.Errorf("%v: bucket policy\n%s\nwant\n%s", route, b.Policy, wantJSON)
		}
	}
	if b := mustPlan(t, "app-to-kinesis").Resource(plan.IDBucket); b != nil {
		t.Errorf("a route without S3 plans a bucket: %+v", b)
	}
}

// Every event source mapping reports batch item failures (the generated
// handlers return them); stream mappings bisect failing batches and, with
// lambda.onFailureQueue, retry a bounded number of times and send what they
// give up on to that queue, which the deploy creates when it is a name.
func TestPlanMappingErrorHandling(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	planFor := func(t *testing.T, route string, onFailure string) (*plan.Plan, error) {
		s, err := registry.New(c, "demo", "us-east-1", []string{route})
		if err != nil {
			t.Fatal(err)
		}
		s.Lambda.OnFailureQueue = onFailure
		return registry.Plan(s, c, testEnv)
	}
	topicARN := "arn:aws:sns:us-east-1:123456789012:demo-failures"
	tests := []struct {
		route, onFailure string
		want             map[string]string // settings; "" means absent
		wantRef          string
		wantGrant        string // in the Lambda role's policy
	}{
		{"sqs-to-lambda", "", map[string]string{"functionResponseTypes": "ReportBatchItemFailures", "maximumRetryAttempts": "", "bisectBatchOnFunctionError": "", "onFailureArn": ""}, "", ""},
		{"kinesis-to-lambda", "", map[string]string{"functionResponseTypes": "ReportBatchItemFailures", "maximumRetryAttempts": "-1", "bisectBatchOnFunctionError": "true", "onFailureArn": ""}, "", ""},
		{"dynamodb-to-lambda", "demo-failed", map[string]string{"functionResponseTypes": "ReportBatchItemFailures", "maximumRetryAttempts": "5", "bisectBatchOnFunctionError": "true"}, "failure-queue.arn", `"arn:aws:sqs:us-east-1:123456789012:demo-failed"`},
		{"kinesis-to-lambda", topicARN, map[string]string{"maximumRetryAttempts": "5", "onFailureArn": topicARN}, "", `"` + topicARN + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.route+"/"+tt.onFailure, func(t *testing.T) {
			p, err := planFor(t, tt.route, tt.onFailure)
			if err != nil {
				t.Fatal(err)
			}
			esm := p.Resource(plan.IDEventSourceMapping)
			for k, v := range tt.want {
				if esm.Settings[k] != v {
					t.Errorf("settings[%s] = %q, want %q", k, esm.Settings[k], v)
				}
			}
			if got := esm.Refs["onFailureArn"]; got != tt.wantRef {
				t.Errorf("onFailureArn ref = %q, want %q", got, tt.wantRef)
			}
			q := p.Resource(plan.IDFailureQueue)
			if (q != nil) != (tt.wantRef != "") {
				t.Errorf("failure queue planned = %v, want %v", q != nil, tt.wantRef != "")
			}
			if q != nil && (q.Name != tt.onFailure || q.Kind != plan.KindQueue || q.Settings["encryption"] != "true") {
				t.Errorf("failure queue = %+v", q)
			}
			if role := p.Resource(plan.IDRoleLambda); tt.wantGrant != "" && !strings.Contains(string(role.Policy), tt.wantGrant) {
				t.Errorf("Lambda role does not grant on %s:\n%s", tt.wantGrant, role.Policy)
			}
		})
	}
	if _, err := planFor(t, "kinesis-to-lambda", "arn:aws:sqs:eu-west-1:123456789012:elsewhere"); err == nil || !strings.Contains(err.Error(), "not in us-east-1 account 123456789012") {
		t.Errorf("on-failure queue in another Region: %v", err)
	}
	// Another account is refused where the account is the real one, and
	// planned with a placeholder (the generated iam/ files), which can never
	// be the user's account.
	other := "arn:aws:sqs:us-east-1:111122223333:elsewhere"
	if _, err := planFor(t, "kinesis-to-lambda", other); err == nil || !strings.Contains(err.Error(), "not in us-east-1 account 123456789012") {
		t.Errorf("on-failure queue in another account: %v", err)
	}
	s, err := registry.New(c, "demo", "us-east-1", []string{"kinesis-to-lambda"})
	if err != nil {
		t.Fatal(err)
	}
	s.Lambda.OnFailureQueue = other
	placeholder := testEnv
	placeholder.Placeholder = true
	p, err := registry.Plan(s, c, placeholder)
	if err != nil {
		t.Fatalf("placeholder account: %v", err)
	}
	// The role grants in the account it deploys to, the placeholder here.
	grant := "arn:aws:sqs:us-east-1:123456789012:elsewhere"
	if role := p.Resource(plan.IDRoleLambda); !strings.Contains(string(role.Policy), `"`+grant+`"`) {
		t.Errorf("placeholder account: the Lambda role does not grant on %s:\n%s", grant, role.Policy)
	}
}
