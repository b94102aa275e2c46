package spec

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// newSpec returns New's spec for the route, failing the test on error.
func newSpec(t *testing.T, route ...string) *Spec {
	t.Helper()
	s, err := New(loadCatalog(t), "demo", "us-east-1", route, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// want is one expected FieldError: Field and Value exactly, Rule by
// substring.
type want struct{ field, value, rule string }

func fieldErrors(t *testing.T, err error) []*FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Validate returned %T, want Errors", err)
	}
	var out []*FieldError
	for _, e := range es {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("Errors holds %T, want *FieldError", e)
		}
		out = append(out, fe)
	}
	return out
}

func TestValidate(t *testing.T) {
	c := loadCatalog(t)
	tests := []struct {
		name   string
		route  []string
		mutate func(s *Spec)
		want   []want
	}{
		{"version", []string{"app-to-sqs"}, func(s *Spec) { s.Version = 2 }, []want{{"version", "2", "must be 1"}}},
		{"name", []string{"app-to-sqs"}, func(s *Spec) { s.Name = "My App" }, []want{{"name", "My App", "lowercase letters"}}},
		{"region", []string{"app-to-sqs"}, func(s *Spec) { s.Region = "us-east" }, []want{{"region", "us-east", "AWS region code"}}},
		{"route unknown", []string{"app-to-sqs"}, func(s *Spec) { s.Route = []string{"app-to-nowhere"} },
			[]want{{"route[0]", "app-to-nowhere", "not an integration id"}}},
		{"route not generatable", []string{"app-to-sqs"}, func(s *Spec) { s.Route = []string{"dms-to-s3"}; s.SQS = nil },
			[]want{{"route", "dms-to-s3", "not generatable yet"}}},
		{"section missing", []string{"app-to-kinesis", "kinesis-to-lambda"}, func(s *Spec) { s.Lambda = nil },
			[]want{{"lambda", "", "section is missing"}}},
		{"section extra", []string{"app-to-sqs"}, func(s *Spec) { s.SNS = &SNS{Topic: "demo-topic"} },
			[]want{{"sns", "", "not on the route"}}},
		{"tags", []string{"app-to-sqs"}, func(s *Spec) {
			s.Tags = map[string]string{"aws:owner": "me", "wireup:project": "x", "team": "a|b", "": "v"}
		}, []want{
			{`tags[""]`, "", "1-128 characters"},
			{`tags["aws:owner"]`, "aws:owner", `must not start with "aws:"`},
			{`tags["team"]`, "a|b", "0-256 characters"},
			{`tags["wireup:project"]`, "wireup:project", `"wireup:"`},
		}},
		{"too many tags", []string{"app-to-sqs"}, func(s *Spec) {
			for i := range 49 {
				s.Tags[strings.Repeat("k", i+1)] = "v"
			}
		}, []want{{"tags", "49 tags", "at most 48 tags"}}},
		{"logs", []string{"cloudwatch-logs-to-kinesis"}, func(s *Spec) {
			s.Logs.LogGroup, s.Logs.RetentionDays, s.Logs.FilterName, s.Logs.FilterPattern, s.Logs.Role = "aws/demo", 2, "a:b", strings.Repeat("x", 1025), ""
		}, []want{
			{"logs.logGroup", "aws/demo", `must not start with "aws/"`},
			{"logs.retentionDays", "2", "must be one of 1, 3, 5, 7"},
			{"logs.filterName", "a:b", `without ":" or "*"`},
			{"logs.filterPattern", strings.Repeat("x", 1025), "at most 1024"},
			{"logs.role", "", "1-64 characters"},
		}},
		{"firehose error log retention", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Firehose.ErrorLogRetentionDays = 10 },
			[]want{{"firehose.errorLogRetentionDays", "10", "must be one of"}}},
		{"logs group chars", []string{"cloudwatch-logs-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Logs.LogGroup = "/wireup/demo app" },
			[]want{{"logs.logGroup", "/wireup/demo app", "1-512 characters"}}},
		{"logs role for lambda", []string{"cloudwatch-logs-to-lambda"}, func(s *Spec) { s.Logs.Role = "demo-logs" },
			[]want{{"logs.role", "demo-logs", "without a role"}}},
		{"logs role shared", []string{"cloudwatch-logs-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Logs.Role = "Demo-Firehose" },
			[]want{{"firehose.role", "demo-firehose", "not only in case"}}},
		{"logs section missing", []string{"cloudwatch-logs-to-lambda"}, func(s *Spec) { s.Logs = nil },
			[]want{{"logs", "", "section is missing"}}},
		{"logs mapping settings", []string{"cloudwatch-logs-to-lambda"}, func(s *Spec) { s.Lambda.BatchSize = 10 },
			[]want{{"lambda.batchSize", "10", "invokes the function directly"}}},
		{"iot", []string{"iot-to-sqs"}, func(s *Spec) {
			s.IoT.Rule, s.IoT.Topic, s.IoT.Role = "demo-rule", "demo/#", "demo iot"
		}, []want{
			{"iot.rule", "demo-rule", "no hyphens"},
			{"iot.topic", "demo/#", "wildcards"},
			{"iot.role", "demo iot", "IAM role"},
		}},
		{"iot sql topic mismatch", []string{"iot-to-sqs"}, func(s *Spec) { s.IoT.SQL = "SELECT * FROM 'other/+'" },
			[]want{{"iot.sql", "SELECT * FROM 'other/+'", `does not match iot.topic "demo/events"`}}},
		{"iot sql wildcard ok", []string{"iot-to-sqs"}, func(s *Spec) { s.IoT.SQL = "SELECT temp FROM 'demo/#' WHERE temp > 50" }, nil},
		{"iot sql no from", []string{"iot-to-sqs"}, func(s *Spec) { s.IoT.SQL = "SELECT *" },
			[]want{{"iot.sql", "SELECT *", "FROM a quoted topic filter"}}},
		{"kinesis on-demand shards", []string{"app-to-kinesis"}, func(s *Spec) { s.Kinesis.Shards = 2 },
			[]want{{"kinesis.shards", "2", "ON_DEMAND"}}},
		{"kinesis provisioned", []string{"app-to-kinesis"}, func(s *Spec) { s.Kinesis.Mode, s.Kinesis.Shards = "PROVISIONED", 4 }, nil},
		{"kinesis provisioned no shards", []string{"app-to-kinesis"}, func(s *Spec) {
			s.Kinesis.Mode, s.Kinesis.RetentionHours, s.Kinesis.Stream = "PROVISIONED", 23, "demo stream"
		}, []want{
			{"kinesis.stream", "demo stream", "Kinesis stream name"},
			{"kinesis.shards", "0", "between 1 and 500"},
			{"kinesis.retentionHours", "23", "between 24 and 8760"},
		}},
		{"kinesis mode", []string{"app-to-kinesis"}, func(s *Spec) { s.Kinesis.Mode = "on-demand" },
			[]want{{"kinesis.mode", "on-demand", "one of ON_DEMAND, PROVISIONED"}}},
		{"firehose ranges", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) {
			s.Firehose.BufferSizeMiB, s.Firehose.BufferIntervalSeconds, s.Firehose.Compression = 129, 901, "gzip"
		}, []want{
			{"firehose.bufferSizeMiB", "129", "between 1 and 128"},
			{"firehose.bufferIntervalSeconds", "901", "between 0 and 900"},
			{"firehose.compression", "gzip", "one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY"},
		}},
		{"firehose expressions need error prefix", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Firehose.ErrorPrefix = "" },
			[]want{{"firehose.errorPrefix", "", "required because firehose.prefix uses !{...}"}}},
		{"firehose static prefix", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Firehose.Prefix, s.Firehose.ErrorPrefix = "raw/", "" }, nil},
		{"firehose bad expressions", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) {
			s.Firehose.Prefix = "data/!{firehose:error-output-type}/"
			s.Firehose.ErrorPrefix = "errors/!{timestamp:yyyy}/"
		}, []want{
			{"firehose.prefix", "data/!{firehose:error-output-type}/", "only allowed in firehose.errorPrefix"},
			{"firehose.errorPrefix", "errors/!{timestamp:yyyy}/", "must include !{firehose:error-output-type}"},
		}},
		{"firehose dynamic partitioning", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) {
			s.Firehose.Prefix = "data/!{partitionKeyFromQuery:customer}/"
		}, []want{{"firehose.prefix", "data/!{partitionKeyFromQuery:customer}/", "dynamic partitioning"}}},
		{"firehose unclosed", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.Firehose.Prefix = "/data/!{timestamp:yyyy" },
			[]want{
				{"firehose.prefix", "/data/!{timestamp:yyyy", `must not start with "/"`},
				{"firehose.prefix", "/data/!{timestamp:yyyy", "unclosed"},
			}},
		{"transform", []string{"app-to-firehose", "firehose-to-s3"}, func(s *Spec) {
			s.EnableTransform()
			s.Firehose.Transform.TimeoutSeconds, s.Firehose.Transform.MemoryMiB, s.Firehose.Transform.BufferSizeMiB = 301, 64, 4
			s.Firehose.Transform.Role = s.Firehose.Role
		}, []want{
			{"firehose.transform.memoryMiB", "64", "between 128 and 10240"},
			{"firehose.transform.timeoutSeconds", "301", "at most 5 minutes"},
			{"firehose.transform.bufferSizeMiB", "4", "between 1 and 3"},
			{"firehose.transform.role", "demo-firehose", "must differ from firehose.role"},
		}},
		// IAM role names are unique regardless of case.
		{"roles differ only in case", []string{"iot-to-lambda"}, func(s *Spec) { s.IoT.Role = strings.ToUpper(s.Lambda.Role) },
			[]want{{"lambda.role", "demo-lambda", "not only in case"}}},
		{"s3 bucket", []string{"app-to-s3"}, func(s *Spec) { s.S3.Bucket = "My_Bucket" },
			[]want{{"s3.bucket", "My_Bucket", "(AWS S3 bucket naming rules)"}}},
		{"s3 events required", []string{"s3-to-sqs"}, func(s *Spec) { s.S3.Events = nil },
			[]want{{"s3.events", "", "at least one event type"}}},
		{"s3 events unknown and duplicate", []string{"s3-to-lambda"}, func(s *Spec) {
			s.S3.Events = []string{"s3:ObjectCreated:Put", "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "ObjectCreated"}
		}, []want{
			{"s3.events[2]", "s3:ObjectCreated:Put", "listed twice"},
			{"s3.events[3]", "ObjectCreated", "S3 notification event type"},
		}},
		{"s3 events on a sink", []string{"app-to-s3"}, func(s *Spec) { s.S3.Events = []string{"s3:ObjectCreated:*"} },
			[]want{{"s3.events", "s3:ObjectCreated:*", "not a route source"}}},
		{"s3 filter mismatch", []string{"app-to-s3", "s3-to-sqs"}, func(s *Spec) { s.S3.FilterPrefix = "uploads/" },
			[]want{{"s3.filterPrefix", "uploads/", `does not match s3.objectPrefix "incoming/"`}}},
		{"s3 firehose filter mismatch", []string{"firehose-to-s3", "s3-to-sqs"}, func(s *Spec) { s.S3.FilterPrefix = "incoming/" },
			[]want{{"s3.filterPrefix", "incoming/", "does not match firehose.prefix"}}},
		{"s3 kms", []string{"app-to-s3"}, func(s *Spec) { s.S3.KMSKey = "my-key" },
			[]want{{"s3.kmsKey", "my-key", "KMS key ARN"}}},
		{"s3 kms alias ok", []string{"app-to-s3"}, func(s *Spec) { s.S3.KMSKey = "alias/data" }, nil},
		{"s3 prefixes", []string{"s3-to-lambda"}, func(s *Spec) {
			s.S3.FilterSuffix = strings.Repeat("s", 1025)
			s.S3.ObjectPrefix, s.S3.FilterPrefix = "/in/", "/in/"
		}, []want{
			{"s3.filterPrefix", "/in/", `must not start with "/"`},
			{"s3.filterSuffix", strings.Repeat("s", 1025), "at most 1024 bytes"},
			{"s3.objectPrefix", "/in/", `must not start with "/"`},
		}},
		{"sqs", []string{"app-to-sqs"}, func(s *Spec) {
			s.SQS.Queue, s.SQS.VisibilityTimeoutSeconds, s.SQS.RetentionSeconds, s.SQS.MaxReceiveCount = "demo.fifo", 43201, 59, 1001
			s.SQS.DeadLetterQueue = "demo.fifo"
		}, []want{
			{"sqs.queue", "demo.fifo", "standard queues"},
			{"sqs.visibilityTimeoutSeconds", "43201", "between 0 and 43200"},
			{"sqs.retentionSeconds", "59", "between 60 and 1209600"},
			{"sqs.deadLetterQueue", "demo.fifo", "standard queues"},
			{"sqs.deadLetterQueue", "demo.fifo", "must differ from sqs.queue"},
			{"sqs.maxReceiveCount", "1001", "between 1 and 1000"},
		}},
		{"sqs no dlq", []string{"app-to-sqs"}, func(s *Spec) { s.SQS.DeadLetterQueue = "" },
			[]want{{"sqs.maxReceiveCount", "5", "without sqs.deadLetterQueue"}}},
		{"sqs subscription options without sns", []string{"app-to-sqs"}, func(s *Spec) { s.SQS.RawDelivery, s.SQS.FilterPolicy = true, `{"a":["b"]}` },
			[]want{
				{"sqs.rawDelivery", "true", "no sns-to-sqs hop"},
				{"sqs.filterPolicy", `{"a":["b"]}`, "no sns-to-sqs hop"},
			}},
		{"sqs filter policy json", []string{"sns-to-sqs"}, func(s *Spec) { s.SQS.FilterPolicy = `["a"]` },
			[]want{{"sqs.filterPolicy", `["a"]`, "JSON object"}}},
		{"sqs filter policy ok", []string{"sns-to-sqs"}, func(s *Spec) { s.SQS.FilterPolicy = `{"type": ["order"]}` }, nil},
		{"eventbridge defaults", []string{"eventbridge-to-sqs", "sqs-to-lambda"}, func(*Spec) {}, nil},
		{"eventbridge custom bus", []string{"eventbridge-to-sqs"}, func(s *Spec) { s.EventBridge.EventBus = "orders" },
			[]want{{"eventbridge.eventBus", "orders", "must be default"}}},
		{"eventbridge names", []string{"eventbridge-to-sqs"}, func(s *Spec) {
			s.EventBridge.Rule, s.EventBridge.Source, s.EventBridge.DetailType = "my rule", "aws.s3", ""
			s.EventBridge.Pattern = `{"detail-type":["sample event"]}`
		}, []want{
			{"eventbridge.rule", "my rule", "EventBridge rule name"},
			{"eventbridge.source", "aws.s3", `must not start with "aws."`},
			{"eventbridge.detailType", "", "1-128 characters"},
			{"eventbridge.pattern", `{"detail-type":["sample event"]}`, "none of the producer's events"},
		}},
		{"eventbridge pattern misses source", []string{"eventbridge-to-sqs"}, func(s *Spec) { s.EventBridge.Pattern = `{"source":["other.app"]}` },
			[]want{{"eventbridge.pattern", `{"source":["other.app"]}`, "none of the producer's events"}}},
		{"eventbridge pattern prefix match", []string{"eventbridge-to-sqs"}, func(s *Spec) { s.EventBridge.Pattern = `{"source":[{"prefix":"wireup."}]}` }, nil},
		{"eventbridge pattern not json", []string{"eventbridge-to-sqs"}, func(s *Spec) { s.EventBridge.Pattern = `{}` },
			[]want{{"eventbridge.pattern", `{}`, "JSON object with at least one field"}}},
		{"eventbridge role on sqs target", []string{"eventbridge-to-sqs"}, func(s *Spec) { s.EventBridge.Role = "demo-events" },
			[]want{{"eventbridge.role", "demo-events", "must be empty"}}},
		{"eventbridge retry policy and dead-letter queue", []string{"eventbridge-to-sqs"}, func(s *Spec) {
			s.EventBridge.MaxRetryAttempts, s.EventBridge.MaxEventAgeSeconds, s.EventBridge.DeadLetterQueue = 186, 30, s.SQS.DeadLetterQueue
		}, []want{
			{"eventbridge.maxRetryAttempts", "186", "between 0 and 185"},
			{"eventbridge.maxEventAgeSeconds", "30", "between 60 and 86400"},
			{"eventbridge.deadLetterQueue", "demo-dlq", "must differ from sqs.queue and sqs.deadLetterQueue"},
		}},
		{"eventbridge no dead-letter queue", []string{"eventbridge-to-lambda"}, func(s *Spec) { s.EventBridge.DeadLetterQueue = "" }, nil},
		{"eventbridge role missing", []string{"eventbridge-to-kinesis"}, func(s *Spec) { s.EventBridge.Role = "" },
			[]want{{"eventbridge.role", "", "is required"}}},
		{"eventbridge role taken", []string{"eventbridge-to-firehose", "firehose-to-s3"}, func(s *Spec) { s.EventBridge.Role = "DEMO-firehose" },
			[]want{{"firehose.role", "demo-firehose", "must differ from eventbridge.role, not only in case"}}},
		{"sns", []string{"s3-to-sns"}, func(s *Spec) { s.SNS.Topic, s.SNS.Encryption = "", true },
			[]want{
				{"sns.topic", "", "1-256 characters"},
				{"sns.encryption", "true", "alias/aws/sns does not let S3 publish"},
			}},
		{"dynamodb", []string{"app-to-dynamodb"}, func(s *Spec) {
			s.DynamoDB.Table, s.DynamoDB.SortKey, s.DynamoDB.BillingMode, s.DynamoDB.StreamViewType = "t", "id", "ON_DEMAND", "NEW"
		}, []want{
			{"dynamodb.table", "t", "3-255"},
			{"dynamodb.sortKey", "id", "must differ from dynamodb.partitionKey"},
			{"dynamodb.billingMode", "ON_DEMAND", "one of PAY_PER_REQUEST, PROVISIONED"},
			{"dynamodb.streamViewType", "NEW", "one of NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY"},
		}},
		{"dynamodb provisioned", []string{"app-to-dynamodb"}, func(s *Spec) { s.DynamoDB.BillingMode, s.DynamoDB.ReadCapacityUnits = "PROVISIONED", 5 },
			[]want{{"dynamodb.writeCapacityUnits", "0", "between 1 and 40000"}}},
		{"dynamodb on-demand capacity", []string{"app-to-dynamodb"}, func(s *Spec) { s.DynamoDB.WriteCapacityUnits = 5 },
			[]want{{"dynamodb.billingMode", "PAY_PER_REQUEST", "takes no readCapacityUnits"}}},
		{"dynamodb stream required", []string{"dynamodb-to-lambda"}, func(s *Spec) { s.DynamoDB.StreamViewType = "" },
			[]want{{"dynamodb.streamViewType", "", "is required because the table streams to Lambda"}}},
		{"lambda ranges", []string{"kinesis-to-lambda"}, func(s *Spec) {
			s.Lambda.MemoryMiB, s.Lambda.TimeoutSeconds, s.Lambda.BatchSize, s.Lambda.BatchWindowSecs = 127, 901, 10001, 301
			s.Lambda.StartingPosition = "AT_TIMESTAMP"
		}, []want{
			{"lambda.memoryMiB", "127", "between 128 and 10240"},
			{"lambda.timeoutSeconds", "901", "between 1 and 900"},
			{"lambda.batchSize", "10001", "between 1 and 10000"},
			{"lambda.batchWindowSeconds", "301", "between 0 and 300"},
			{"lambda.startingPosition", "AT_TIMESTAMP", "one of TRIM_HORIZON, LATEST"},
		}},
		{"lambda starting position required", []string{"dynamodb-to-lambda"}, func(s *Spec) { s.Lambda.StartingPosition = "" },
			[]want{{"lambda.startingPosition", "", "required for a dynamodb source"}}},
		{"lambda on failure", []string{"kinesis-to-lambda"}, func(s *Spec) { s.Lambda.OnFailureQueue = "arn:aws:sqs:us-east-1:111122223333:demo-failures" }, nil},
		{"lambda on failure bad", []string{"kinesis-to-lambda"}, func(s *Spec) { s.Lambda.OnFailureQueue = "arn:aws:s3:::bucket" },
			[]want{{"lambda.onFailureQueue", "arn:aws:s3:::bucket", "SQS queue name, or an SQS queue or SNS topic ARN"}}},
		{"lambda sqs", []string{"sqs-to-lambda"}, func(s *Spec) {
			s.Lambda.StartingPosition, s.Lambda.BatchSize, s.Lambda.OnFailureQueue = "LATEST", 100, "x"
			s.Lambda.TimeoutSeconds, s.SQS.VisibilityTimeoutSeconds = 61, 60
		}, []want{
			{"lambda.startingPosition", "LATEST", "must be empty for an SQS source"},
			{"lambda.batchWindowSeconds", "0", "at least 1 when lambda.batchSize is over 10"},
			{"lambda.onFailureQueue", "x", "sqs.deadLetterQueue"},
			{"sqs.visibilityTimeoutSeconds", "60", "at least lambda.timeoutSeconds (61)"},
		}},
		{"lambda sqs large batch with window", []string{"sqs-to-lambda"}, func(s *Spec) { s.Lambda.BatchSize, s.Lambda.BatchWindowSecs = 10000, 1 }, nil},
		{"lambda direct invoke", []string{"s3-to-lambda"}, func(s *Spec) {
			s.Lambda.BatchSize, s.Lambda.StartingPosition = 10, "LATEST"
		}, []want{
			{"lambda.batchSize", "10", "s3 invokes the function directly"},
			{"lambda.startingPosition", "LATEST", "s3 invokes the function directly"},
		}},
		{"lambda off route", []string{"app-to-sqs"}, func(s *Spec) {
			s.Lambda = &Lambda{Function: "f", Role: "r", MemoryMiB: 128, TimeoutSeconds: 3, BatchSize: 5}
		},
			[]want{{"lambda", "", "not on the route"}}},
		{"duplicate roles", []string{"app-to-iot", "iot-to-lambda"}, func(s *Spec) { s.Lambda.Role = s.IoT.Role },
			[]want{{"lambda.role", "demo-iot-rule", "must differ from iot.role"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSpec(t, tt.route...)
			tt.mutate(s)
			var got []want
			for _, fe := range fieldErrors(t, Validate(c, s, testRules...)) {
				got = append(got, want{fe.Field, fe.Value, fe.Rule})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(got), len(tt.want), cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})))
			}
			for i := range got {
				if got[i].field != tt.want[i].field || got[i].value != tt.want[i].value || !strings.Contains(got[i].rule, tt.want[i].rule) {
					t.Errorf("error %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestValidateMessage(t *testing.T) {
	s := newSpec(t, "app-to-s3")
	s.S3.Bucket = "My_Bucket"
	s.Region = "Mars"
	err := Validate(loadCatalog(t), s, testRules...)
	want := `invalid spec:
  region: "Mars" must be an AWS region code such as us-east-1, eu-central-2 or us-gov-west-1 (at most 20 characters)
  s3.bucket: "My_Bucket" must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit (AWS S3 bucket naming rules)`
	if err == nil || err.Error() != want {
		t.Errorf("Validate error:\n%v\nwant:\n%s", err, want)
	}
}

func TestValidateNotGeneratableUnwraps(t *testing.T) {
	s := newSpec(t, "app-to-s3")
	s.Route = []string{"dms-to-s3"}
	var ng *NotGeneratableError
	if err := Validate(loadCatalog(t), s, testRules...); !errors.As(err, &ng) || ng.IDs[0] != "dms-to-s3" {
		t.Errorf("errors.As(NotGeneratableError) failed for %v", err)
	}
	if err := Validate(loadCatalog(t), nil, testRules...); err == nil {
		t.Error("Validate(nil) = nil")
	}
}

// Validate without the services' rules refuses to pass the spec: a
// caller that forgot them (rather than calling registry.Validate) would
// otherwise skip every section's checks.
func TestValidateNeedsRules(t *testing.T) {
	s, err := New(loadCatalog(t), "demo", "us-east-1", []string{"app-to-sqs"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(loadCatalog(t), s); err == nil || !strings.Contains(err.Error(), "registry.Validate") {
		t.Errorf("Validate without rules = %v, want an error naming registry.Validate", err)
	}
}

// New without the services' defaults refuses to make a spec with no
// sections, which no service's rule would then check.
func TestNewNeedsDefaults(t *testing.T) {
	if s, err := New(loadCatalog(t), "demo", "us-east-1", []string{"app-to-sqs"}); err == nil || !strings.Contains(err.Error(), "registry.New") {
		t.Errorf("New without defaults = %v, %v, want an error naming registry.New", s, err)
	}
}
