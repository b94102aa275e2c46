package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wireup/wireup/internal/catalog"
)

// MaxTags is the most tags AWS allows on one resource. wireup adds its own
// wireup:* tags on top of these, within the same limit, so the user's tags
// must leave room for them.
const MaxTags = 50

// reservedTags is how many wireup:* tags wireup adds to every resource
// (wireup:project and wireup:route, see package plan); they count toward
// MaxTags.
const reservedTags = 2

// s3Events is the set of event types S3 can send as notifications to SQS,
// SNS and Lambda (Amazon S3 User Guide, "Event notification types and
// destinations").
var s3Events = map[string]bool{
	"s3:ObjectCreated:*": true, "s3:ObjectCreated:Put": true, "s3:ObjectCreated:Post": true,
	"s3:ObjectCreated:Copy": true, "s3:ObjectCreated:CompleteMultipartUpload": true,
	"s3:ObjectRemoved:*": true, "s3:ObjectRemoved:Delete": true, "s3:ObjectRemoved:DeleteMarkerCreated": true,
	"s3:ObjectRestore:*": true, "s3:ObjectRestore:Post": true, "s3:ObjectRestore:Completed": true,
	"s3:ObjectRestore:Delete":                   true,
	"s3:ReducedRedundancyLostObject":            true,
	"s3:Replication:*":                          true,
	"s3:Replication:OperationFailedReplication": true, "s3:Replication:OperationMissedThreshold": true,
	"s3:Replication:OperationReplicatedAfterThreshold": true, "s3:Replication:OperationNotTracked": true,
	"s3:LifecycleExpiration:*": true, "s3:LifecycleExpiration:Delete": true,
	"s3:LifecycleExpiration:DeleteMarkerCreated": true,
	"s3:LifecycleTransition":                     true,
	"s3:IntelligentTiering":                      true,
	"s3:ObjectTagging:*":                         true, "s3:ObjectTagging:Put": true, "s3:ObjectTagging:Delete": true,
	"s3:ObjectAcl:Put": true,
}

// eventSourceMapped lists the Lambda sources that Lambda polls through an
// event source mapping (batch size, starting position, batching window);
// the others (IoT, S3, SNS) invoke the function directly.
var eventSourceMapped = map[string]bool{"kinesis": true, "dynamodb": true, "sqs": true}

var sqlFromRe = regexp.MustCompile(`(?i)\bFROM\s+'([^']*)'`)

// Validate checks the spec against the catalog and AWS's naming rules,
// limits and cross-service requirements. It returns nil or Errors holding
// one *FieldError per problem, so the user fixes them all at once.
func Validate(c *catalog.Catalog, s *Spec) error {
	if s == nil {
		return Errors{&FieldError{Field: "spec", Value: "", Rule: "is empty"}}
	}
	v := &validator{c: c, s: s}
	v.top()
	v.logs()
	v.iot()
	v.eventbridge()
	v.kinesis()
	v.firehose()
	v.s3()
	v.sqs()
	v.sns()
	v.dynamodb()
	v.lambda()
	v.glue()
	v.glueJob()
	v.athena()
	v.quicksight()
	v.sagemaker()
	v.emr()
	v.opensearch()
	v.redshift()
	v.httpEndpoint()
	v.splunk()
	v.unique()
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

type validator struct {
	c       *catalog.Catalog
	s       *Spec
	errs    Errors
	routeOK bool
}

func (v *validator) add(field, value, rule string) {
	v.errs = append(v.errs, &FieldError{Field: field, Value: value, Rule: rule})
}

// name applies a name rule to a field.
func (v *validator) name(field, value string, rule func(string) error) {
	if err := rule(value); err != nil {
		v.add(field, value, err.Error())
	}
}

// between checks lo <= n <= hi; why names the limit's source.
func (v *validator) between(field string, n, lo, hi int, why string) {
	if n < lo || n > hi {
		v.add(field, strconv.Itoa(n), fmt.Sprintf("must be between %d and %d (%s)", lo, hi, why))
	}
}

// oneOf checks value is one of allowed.
func (v *validator) oneOf(field, value string, allowed ...string) {
	if !slices.Contains(allowed, value) {
		v.add(field, value, "must be one of "+strings.Join(allowed, ", "))
	}
}

// feeder returns the service whose hop ends at id, or "".
func (v *validator) feeder(id string) string { return v.s.Feeder(v.c, id) }

func (v *validator) top() {
	s := v.s
	if s.Version != Version {
		v.add("version", strconv.Itoa(s.Version), fmt.Sprintf("must be %d, the only spec version this wireup understands", Version))
	}
	v.name("name", s.Name, ProjectName)
	v.name("region", s.Region, Region)
	if s.Module != "" {
		v.name("module", s.Module, ModulePath)
	}
	if err := checkRoute(v.c, s.Route); err != nil {
		var fe *FieldError
		var ng *NotGeneratableError
		switch {
		case errors.As(err, &fe):
			v.errs = append(v.errs, fe)
		case errors.As(err, &ng):
			v.errs = append(v.errs, &FieldError{Field: "route", Value: strings.Join(ng.IDs, ", "), Rule: "is not generatable yet: " + err.Error(), Err: err})
		default:
			v.add("route", strings.Join(s.Route, ", "), err.Error())
		}
	} else {
		v.routeOK = true
		v.sections()
	}
	v.tags()
}

// sections checks that every service on the route has its section and no
// other section is present.
func (v *validator) sections() {
	s := v.s
	present := map[string]bool{
		"cloudwatch-logs": s.Logs != nil, "iot": s.IoT != nil, "eventbridge": s.EventBridge != nil, "kinesis": s.Kinesis != nil, "firehose": s.Firehose != nil, "s3": s.S3 != nil,
		"sqs": s.SQS != nil, "sns": s.SNS != nil, "dynamodb": s.DynamoDB != nil, "lambda": s.Lambda != nil,
		"glue": s.Glue != nil, "athena": s.Athena != nil, "quicksight": s.QuickSight != nil, "sagemaker": s.SageMaker != nil,
		"emr":           s.EMR != nil,
		"opensearch":    s.OpenSearch != nil,
		"redshift":      s.Redshift != nil,
		"http-endpoint": s.HTTPEndpoint != nil,
		"splunk":        s.Splunk != nil,
	}
	on := map[string]bool{}
	for _, id := range s.Services(v.c) {
		on[id] = true
	}
	// Athena reads S3 through a Data Catalog table: s3-to-athena needs
	// the glue section without Glue being a hop of its own.
	on["glue"] = on["glue"] || s.HasHop(v.c, "s3", "athena") || s.Spectrum(v.c)
	// Firehose backs up what it cannot deliver to an HTTP endpoint into
	// the project's bucket: the s3 section without S3 being a hop;
	// and every record sent to Splunk is written there too.
	on["s3"] = on["s3"] || on["http-endpoint"] || on["splunk"]
	for _, id := range []string{"cloudwatch-logs", "iot", "eventbridge", "kinesis", "firehose", "s3", "sqs", "sns", "dynamodb", "lambda", "glue", "athena", "quicksight", "sagemaker", "emr", "opensearch", "redshift", "http-endpoint", "splunk"} {
		field := id
		if id == "cloudwatch-logs" {
			field = "logs"
		}
		if id == "http-endpoint" {
			field = "httpEndpoint"
		}
		switch {
		case on[id] && !present[id]:
			v.add(field, "", fmt.Sprintf("section is missing: the route uses %s (`wireup new` writes one with defaults)", id))
		case !on[id] && present[id]:
			v.add(field, "", fmt.Sprintf("section is not used: %s is not on the route; remove the section or add a hop that uses it", id))
		}
	}
}

func (v *validator) tags() {
	if n := len(v.s.Tags); n > MaxTags-reservedTags {
		v.add("tags", strconv.Itoa(n)+" tags", fmt.Sprintf("must be at most %d tags: AWS allows %d per resource and wireup adds %d of its own", MaxTags-reservedTags, MaxTags, reservedTags))
	}
	keys := make([]string, 0, len(v.s.Tags))
	for k := range v.s.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		field := fmt.Sprintf("tags[%q]", k)
		v.name(field, k, TagKey)
		v.name(field, v.s.Tags[k], TagValue)
	}
}

func (v *validator) iot() {
	t := v.s.IoT
	if t == nil {
		return
	}
	v.name("iot.rule", t.Rule, TopicRuleName)
	v.name("iot.topic", t.Topic, MQTTTopic)
	v.name("iot.role", t.Role, RoleName)
	m := sqlFromRe.FindStringSubmatch(t.SQL)
	switch {
	case strings.TrimSpace(t.SQL) == "":
		v.add("iot.sql", t.SQL, "must be an IoT SQL statement such as SELECT * FROM 'topic/filter'")
	case m == nil:
		v.add("iot.sql", t.SQL, "must select FROM a quoted topic filter, e.g. SELECT * FROM 'my/topic' (AWS IoT SQL)")
	case MQTTTopic(t.Topic) == nil && !topicMatches(m[1], t.Topic):
		v.add("iot.sql", t.SQL, fmt.Sprintf("reads topic filter %q, which does not match iot.topic %q, so the rule would never see the producer's messages", m[1], t.Topic))
	}
}

// maxEventPattern is the longest event pattern PutRule takes
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
const maxEventPattern = 4096

func (v *validator) eventbridge() {
	e := v.s.EventBridge
	if e == nil {
		return
	}
	if e.EventBus != "default" {
		v.add("eventbridge.eventBus", e.EventBus, "must be default: wireup puts its rule on the account's default event bus and creates no custom bus")
	}
	v.name("eventbridge.rule", e.Rule, EventRuleName)
	v.name("eventbridge.source", e.Source, EventSource)
	v.name("eventbridge.detailType", e.DetailType, EventDetailType)
	if err := patternMatches(e.Pattern, e.Source, e.DetailType); err != nil {
		v.add("eventbridge.pattern", e.Pattern, err.Error())
	}
	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
	v.between("eventbridge.maxRetryAttempts", e.MaxRetryAttempts, 0, 185, "EventBridge retry policy")
	v.between("eventbridge.maxEventAgeSeconds", e.MaxEventAgeSeconds, 60, 86400, "EventBridge retry policy: 1 minute to 24 hours")
	if q := e.DeadLetterQueue; q != "" {
		v.name("eventbridge.deadLetterQueue", q, QueueName)
		if sq := v.s.SQS; sq != nil && (q == sq.Queue || q == sq.DeadLetterQueue) {
			v.add("eventbridge.deadLetterQueue", q, "must differ from sqs.queue and sqs.deadLetterQueue: it holds the events the rule's target did not take")
		}
		if l := v.s.Lambda; l != nil && q == l.OnFailureQueue {
			v.add("eventbridge.deadLetterQueue", q, "must differ from lambda.onFailureQueue")
		}
	}
	to := ""
	for _, h := range v.s.Route {
		if in := v.c.Integration(h); in != nil && in.From == "eventbridge" {
			to = in.To
		}
	}
	// Kinesis and Firehose targets take a role; SQS and Lambda targets take
	// their resource policy, and a RoleArn on them can break delivery
	// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
	switch role := to == "kinesis" || to == "firehose"; {
	case role && e.Role == "":
		v.add("eventbridge.role", "", fmt.Sprintf("is required: EventBridge writes to a %s target with a role it assumes", to))
	case role:
		v.name("eventbridge.role", e.Role, RoleName)
	case e.Role != "" && to != "":
		v.add("eventbridge.role", e.Role, fmt.Sprintf("must be empty: EventBridge delivers to a %s target under its resource policy, with no role", to))
	}
}

// patternMatches checks an event pattern: a JSON object of at most
// maxEventPattern characters, and, where it lists literal values for
// source or detail-type, one of them is the producer's (else the rule would
// match none of its events).
func patternMatches(pattern, source, detailType string) error {
	if len(pattern) > maxEventPattern {
		return fmt.Errorf("must be at most %d characters (PutRule, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html)", maxEventPattern)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(pattern), &obj); err != nil || len(obj) == 0 {
		return errors.New(`must be a JSON object with at least one field, such as {"source": ["my.app"]} (EventBridge event patterns, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html)`)
	}
	for _, f := range []struct{ key, field, want string }{{"source", "eventbridge.source", source}, {"detail-type", "eventbridge.detailType", detailType}} {
		raw, ok := obj[f.key]
		if !ok {
			continue
		}
		var values []any
		if json.Unmarshal(raw, &values) != nil {
			return fmt.Errorf("field %q must be an array of values to match (EventBridge event patterns, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html)", f.key)
		}
		literal, found := true, false
		for _, x := range values {
			s, isString := x.(string)
			literal = literal && isString
			found = found || s == f.want
		}
		if literal && !found {
			return fmt.Errorf("matches %s %v, not %s %q, so the rule would match none of the producer's events", f.key, values, f.field, f.want)
		}
	}
	return nil
}

// topicMatches reports whether the MQTT topic filter (with + and #
// wildcards) matches the topic.
func topicMatches(filter, topic string) bool {
	fs, ts := strings.Split(filter, "/"), strings.Split(topic, "/")
	for i, f := range fs {
		switch {
		case f == "#" && i == len(fs)-1:
			return true
		case i >= len(ts):
			return false
		case f == "+":
		case f != ts[i]:
			return false
		}
	}
	return len(fs) == len(ts)
}

func (v *validator) kinesis() {
	k := v.s.Kinesis
	if k == nil {
		return
	}
	v.name("kinesis.stream", k.Stream, StreamName)
	switch k.Mode {
	case "ON_DEMAND":
		if k.Shards != 0 {
			v.add("kinesis.shards", strconv.Itoa(k.Shards), "must be 0 (omitted) in ON_DEMAND mode, where Kinesis scales shards itself; set mode: PROVISIONED to choose a shard count")
		}
	case "PROVISIONED":
		v.between("kinesis.shards", k.Shards, 1, 500, "PROVISIONED streams need at least one shard; 500 is the default Kinesis shard quota")
	default:
		v.oneOf("kinesis.mode", k.Mode, "ON_DEMAND", "PROVISIONED")
	}
	v.between("kinesis.retentionHours", k.RetentionHours, 24, 8760, "Kinesis retention is 24 hours to 365 days")
}

func (v *validator) firehose() {
	f := v.s.Firehose
	if f == nil {
		return
	}
	v.name("firehose.deliveryStream", f.DeliveryStream, DeliveryStreamName)
	v.name("firehose.role", f.Role, RoleName)
	v.between("firehose.bufferSizeMiB", f.BufferSizeMiB, 1, 128, "Firehose S3 buffering hint in MiB")
	v.between("firehose.bufferIntervalSeconds", f.BufferIntervalSeconds, 0, 900, "Firehose S3 buffering hint in seconds")
	v.oneOf("firehose.compression", f.Compression, "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY")
	if f.ErrorLogRetentionDays != 0 {
		v.retention("firehose.errorLogRetentionDays", f.ErrorLogRetentionDays)
	}

	v.name("firehose.prefix", f.Prefix, Prefix)
	v.name("firehose.errorPrefix", f.ErrorPrefix, Prefix)
	prefixExprs, err := firehoseExprs(f.Prefix, false)
	if err != nil {
		v.add("firehose.prefix", f.Prefix, err.Error())
	}
	errorExprs, err := firehoseExprs(f.ErrorPrefix, true)
	if err != nil {
		v.add("firehose.errorPrefix", f.ErrorPrefix, err.Error())
	}
	if prefixExprs > 0 && f.ErrorPrefix == "" {
		v.add("firehose.errorPrefix", f.ErrorPrefix, "is required because firehose.prefix uses !{...} expressions (Firehose custom prefix rules)")
	}
	if errorExprs > 0 && !strings.Contains(f.ErrorPrefix, "!{firehose:error-output-type}") {
		v.add("firehose.errorPrefix", f.ErrorPrefix, "must include !{firehose:error-output-type} when it uses !{...} expressions (Firehose custom prefix rules)")
	}

	if t := f.Transform; t != nil {
		v.name("firehose.transform.function", t.Function, FunctionName)
		v.name("firehose.transform.role", t.Role, RoleName)
		v.between("firehose.transform.memoryMiB", t.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
		v.between("firehose.transform.timeoutSeconds", t.TimeoutSeconds, 1, 300, "Firehose waits at most 5 minutes for a record processor")
		v.between("firehose.transform.bufferSizeMiB", t.BufferSizeMiB, 1, 3, "Firehose Lambda processor buffer size in MiB")
	}
}

// firehoseExprs counts the !{namespace:value} expressions of a Firehose S3
// prefix and checks them against the Firehose custom prefix rules.
func firehoseExprs(p string, errorPrefix bool) (int, error) {
	n := 0
	for {
		i := strings.Index(p, "!{")
		if i < 0 {
			return n, nil
		}
		end := strings.IndexByte(p[i:], '}')
		if end < 0 {
			return n, errors.New(`has an unclosed "!{" expression; write !{timestamp:yyyy/MM/dd} or !{firehose:random-string}`)
		}
		expr := p[i+2 : i+end]
		p = p[i+end+1:]
		n++
		ns, val, _ := strings.Cut(expr, ":")
		switch {
		case ns == "timestamp" && val != "" && !strings.Contains(val, "!{"):
		case ns == "firehose" && val == "random-string":
		case ns == "firehose" && val == "error-output-type":
			if !errorPrefix {
				return n, errors.New("must not use !{firehose:error-output-type}; it is only allowed in firehose.errorPrefix (Firehose custom prefix rules)")
			}
		case ns == "partitionKeyFromQuery" || ns == "partitionKeyFromLambda":
			return n, fmt.Errorf("uses !{%s}, which needs Firehose dynamic partitioning; wireup does not configure it", expr)
		default:
			return n, fmt.Errorf("has an unknown expression !{%s}; Firehose supports !{timestamp:format}, !{firehose:random-string} and, in the error prefix, !{firehose:error-output-type}", expr)
		}
	}
}

func (v *validator) s3() {
	b := v.s.S3
	if b == nil {
		return
	}
	v.name("s3.bucket", b.Bucket, BucketName)
	if b.KMSKey != "" {
		v.name("s3.kmsKey", b.KMSKey, KMSKey)
	}
	v.name("s3.filterPrefix", b.FilterPrefix, Prefix)
	v.name("s3.filterSuffix", b.FilterSuffix, FilterSuffix)
	v.name("s3.objectPrefix", b.ObjectPrefix, Prefix)

	source := v.s.isSource(v.c, "s3")
	switch {
	case source && len(b.Events) == 0:
		v.add("s3.events", "", "must list at least one event type such as s3:ObjectCreated:* because the bucket notifies the next hop")
	case !source && len(b.Events) > 0:
		v.add("s3.events", strings.Join(b.Events, ", "), "must be empty: the bucket is not a route source, so nothing would receive the events")
	}
	seen := map[string]bool{}
	for i, e := range b.Events {
		field := fmt.Sprintf("s3.events[%d]", i)
		switch {
		case !s3Events[e]:
			v.add(field, e, "must be an S3 notification event type such as s3:ObjectCreated:*, s3:ObjectCreated:Put or s3:ObjectRemoved:* (Amazon S3 event notification types)")
		case seen[e]:
			v.add(field, e, "is listed twice")
		}
		seen[e] = true
	}
	if source && b.ObjectPrefix != "" && !strings.HasPrefix(b.ObjectPrefix, b.FilterPrefix) {
		v.add("s3.filterPrefix", b.FilterPrefix, fmt.Sprintf("does not match s3.objectPrefix %q, where producers write, so no notification would fire", b.ObjectPrefix))
	}
	if f := v.s.Firehose; source && f != nil && v.s.HasHop(v.c, "firehose", "s3") && !strings.HasPrefix(staticPrefix(f.Prefix), b.FilterPrefix) &&
		!strings.HasPrefix(b.FilterPrefix, staticPrefix(f.Prefix)) {
		v.add("s3.filterPrefix", b.FilterPrefix, fmt.Sprintf("does not match firehose.prefix %q, where Firehose writes, so no notification would fire", f.Prefix))
	}
}

// staticPrefix is the part of a Firehose prefix before its first expression.
func staticPrefix(p string) string {
	if i := strings.Index(p, "!{"); i >= 0 {
		return p[:i]
	}
	return p
}

func (v *validator) sqs() {
	q := v.s.SQS
	if q == nil {
		return
	}
	v.name("sqs.queue", q.Queue, QueueName)
	v.between("sqs.visibilityTimeoutSeconds", q.VisibilityTimeoutSeconds, 0, 43200, "SQS visibility timeout: 0 seconds to 12 hours")
	v.between("sqs.retentionSeconds", q.RetentionSeconds, 60, 1209600, "SQS message retention: 1 minute to 14 days")
	if q.DeadLetterQueue != "" {
		v.name("sqs.deadLetterQueue", q.DeadLetterQueue, QueueName)
		if q.DeadLetterQueue == q.Queue {
			v.add("sqs.deadLetterQueue", q.DeadLetterQueue, "must differ from sqs.queue; a queue cannot be its own dead-letter queue")
		}
		v.between("sqs.maxReceiveCount", q.MaxReceiveCount, 1, 1000, "SQS redrive policy maxReceiveCount")
	} else if q.MaxReceiveCount != 0 {
		v.add("sqs.maxReceiveCount", strconv.Itoa(q.MaxReceiveCount), "must be 0 (omitted) without sqs.deadLetterQueue; it says after how many receives a message moves there")
	}
	sub := v.s.HasHop(v.c, "sns", "sqs")
	noSub := "only applies to an SNS subscription; the route has no " + hopName(v.c, "sns", "sqs") + " hop"
	if q.RawDelivery && !sub {
		v.add("sqs.rawDelivery", "true", noSub)
	}
	if q.FilterPolicy != "" {
		var obj map[string]any
		if err := json.Unmarshal([]byte(q.FilterPolicy), &obj); err != nil || obj == nil {
			v.add("sqs.filterPolicy", q.FilterPolicy, `must be a JSON object such as {"type": ["order"]} (SNS subscription filter policy)`)
		}
		if !sub {
			v.add("sqs.filterPolicy", q.FilterPolicy, noSub)
		}
	}
}

func (v *validator) sns() {
	t := v.s.SNS
	if t == nil {
		return
	}
	v.name("sns.topic", t.Topic, TopicName)
	switch {
	case t.KMSKey != "":
		v.name("sns.kmsKey", t.KMSKey, func(k string) error { return keyARNIn(k, v.s.Region) })
		if !t.Encryption {
			v.add("sns.encryption", "false", "must be true with sns.kmsKey: the key encrypts the topic")
		}
	case t.Encryption && v.s.HasHop(v.c, "s3", "sns"):
		v.add("sns.encryption", "true", "must be false for an S3 event destination unless sns.kmsKey names a customer managed key: the AWS managed key alias/aws/sns does not let S3 publish, so notifications would fail (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html)")
	}
}

func (v *validator) dynamodb() {
	d := v.s.DynamoDB
	if d == nil {
		return
	}
	v.name("dynamodb.table", d.Table, TableName)
	v.name("dynamodb.partitionKey", d.PartitionKey, AttributeName)
	if d.SortKey != "" {
		v.name("dynamodb.sortKey", d.SortKey, AttributeName)
		if d.SortKey == d.PartitionKey {
			v.add("dynamodb.sortKey", d.SortKey, "must differ from dynamodb.partitionKey")
		}
	}
	switch d.BillingMode {
	case "PAY_PER_REQUEST":
		if d.ReadCapacityUnits != 0 || d.WriteCapacityUnits != 0 {
			v.add("dynamodb.billingMode", d.BillingMode, "takes no readCapacityUnits or writeCapacityUnits; remove them or use PROVISIONED")
		}
	case "PROVISIONED":
		v.between("dynamodb.readCapacityUnits", d.ReadCapacityUnits, 1, 40000, "PROVISIONED tables need capacity; 40000 is the default per-table quota")
		v.between("dynamodb.writeCapacityUnits", d.WriteCapacityUnits, 1, 40000, "PROVISIONED tables need capacity; 40000 is the default per-table quota")
	default:
		v.oneOf("dynamodb.billingMode", d.BillingMode, "PAY_PER_REQUEST", "PROVISIONED")
	}
	switch {
	case d.StreamViewType == "" && v.s.HasHop(v.c, "dynamodb", "lambda"):
		v.add("dynamodb.streamViewType", "", "is required because the table streams to Lambda; use one of NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY")
	case d.StreamViewType != "":
		v.oneOf("dynamodb.streamViewType", d.StreamViewType, "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")
	}
}

func (v *validator) lambda() {
	l := v.s.Lambda
	if l == nil {
		return
	}
	v.name("lambda.function", l.Function, FunctionName)
	v.name("lambda.role", l.Role, RoleName)
	v.between("lambda.memoryMiB", l.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
	v.between("lambda.timeoutSeconds", l.TimeoutSeconds, 1, 900, "AWS Lambda timeout limits")

	src := v.feeder("lambda")
	if src == "" {
		// Lambda is not on the route (or the route is broken): already
		// reported, and there is no source to check the mapping against.
		return
	}
	if !eventSourceMapped[src] {
		// IoT, S3 and SNS invoke the function directly.
		for _, f := range []struct {
			field string
			set   bool
			value string
		}{
			{"lambda.batchSize", l.BatchSize != 0, strconv.Itoa(l.BatchSize)},
			{"lambda.startingPosition", l.StartingPosition != "", l.StartingPosition},
			{"lambda.batchWindowSeconds", l.BatchWindowSecs != 0, strconv.Itoa(l.BatchWindowSecs)},
			{"lambda.onFailureQueue", l.OnFailureQueue != "", l.OnFailureQueue},
		} {
			if f.set {
				v.add(f.field, f.value, fmt.Sprintf("must be empty: %s invokes the function directly, without an event source mapping", src))
			}
		}
		return
	}
	v.between("lambda.batchSize", l.BatchSize, 1, 10000, fmt.Sprintf("Lambda event source mapping batch size for %s", src))
	v.between("lambda.batchWindowSeconds", l.BatchWindowSecs, 0, 300, "Lambda maximum batching window")
	switch src {
	case "kinesis", "dynamodb":
		if l.StartingPosition == "" {
			v.add("lambda.startingPosition", "", fmt.Sprintf("is required for a %s source; use TRIM_HORIZON (oldest record) or LATEST", src))
		} else {
			v.oneOf("lambda.startingPosition", l.StartingPosition, "TRIM_HORIZON", "LATEST")
		}
		if l.OnFailureQueue != "" {
			v.name("lambda.onFailureQueue", l.OnFailureQueue, onFailureDestination)
		}
	case "sqs":
		if l.StartingPosition != "" {
			v.add("lambda.startingPosition", l.StartingPosition, "must be empty for an SQS source; SQS has no stream position")
		}
		if l.BatchSize > 10 && l.BatchWindowSecs < 1 {
			v.add("lambda.batchWindowSeconds", strconv.Itoa(l.BatchWindowSecs), "must be at least 1 when lambda.batchSize is over 10 for an SQS source (AWS Lambda rule)")
		}
		if l.OnFailureQueue != "" {
			v.add("lambda.onFailureQueue", l.OnFailureQueue, "must be empty for an SQS source; failed messages go to sqs.deadLetterQueue")
		}
		if q := v.s.SQS; q != nil && l.TimeoutSeconds > q.VisibilityTimeoutSeconds {
			v.add("sqs.visibilityTimeoutSeconds", strconv.Itoa(q.VisibilityTimeoutSeconds),
				fmt.Sprintf("must be at least lambda.timeoutSeconds (%d): AWS refuses an SQS trigger whose queue hides messages for less time than the function may run", l.TimeoutSeconds))
		}
	}
}

// onFailureDestination checks a Kinesis or DynamoDB event source mapping's
// on-failure destination: an SQS queue name, or an SQS queue or SNS topic
// ARN.
func onFailureDestination(d string) error {
	if strings.HasPrefix(d, "arn:") {
		parts := strings.Split(d, ":")
		if len(parts) == 6 && (parts[2] == "sqs" || parts[2] == "sns") && parts[3] != "" && parts[4] != "" && parts[5] != "" {
			return nil
		}
		return errors.New("must be an SQS queue name, or an SQS queue or SNS topic ARN")
	}
	return QueueName(d)
}

// unique checks the names that must differ within one project.
func (v *validator) unique() {
	type named struct{ field, value string }
	s := v.s
	groups := map[string][]named{}
	if s.IoT != nil {
		groups["role"] = append(groups["role"], named{"iot.role", s.IoT.Role})
	}
	if s.EventBridge != nil {
		groups["role"] = append(groups["role"], named{"eventbridge.role", s.EventBridge.Role})
	}
	if s.Logs != nil {
		groups["role"] = append(groups["role"], named{"logs.role", s.Logs.Role})
	}
	if s.Firehose != nil {
		groups["role"] = append(groups["role"], named{"firehose.role", s.Firehose.Role})
		if t := s.Firehose.Transform; t != nil {
			groups["role"] = append(groups["role"], named{"firehose.transform.role", t.Role})
			groups["function"] = append(groups["function"], named{"firehose.transform.function", t.Function})
		}
	}
	if s.SageMaker != nil {
		groups["role"] = append(groups["role"], named{"sagemaker.role", s.SageMaker.Role})
	}
	if s.EMR != nil {
		groups["role"] = append(groups["role"], named{"emr.role", s.EMR.Role})
	}
	if s.Redshift != nil {
		groups["role"] = append(groups["role"], named{"redshift.role", s.Redshift.Role})
	}
	if s.Lambda != nil {
		groups["role"] = append(groups["role"], named{"lambda.role", s.Lambda.Role})
		groups["function"] = append(groups["function"], named{"lambda.function", s.Lambda.Function})
	}
	for _, kind := range []string{"role", "function"} {
		seen := map[string]string{}
		for _, n := range groups[kind] {
			if n.value == "" {
				continue
			}
			key := n.value
			if kind == "role" {
				// IAM does not distinguish role names by case: "Ingest" and
				// "ingest" are one role
				// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
				key = strings.ToLower(key)
			}
			if first, ok := seen[key]; ok {
				rule := fmt.Sprintf("must differ from %s: each %s gets only the permissions its own hop needs", first, kind)
				if kind == "role" {
					rule = fmt.Sprintf("must differ from %s, not only in case: IAM role names are not case-sensitive, and each role gets only the permissions its own hop needs", first)
				}
				v.add(n.field, n.value, rule)
				continue
			}
			seen[key] = n.field
		}
	}
}

var (
	catalogNameRe   = regexp.MustCompile(`^[a-z0-9_]{1,255}$`)
	tablePrefixRe   = regexp.MustCompile(`^[a-z0-9_]{1,128}$`)
	crawlerNameRe   = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)
	workGroupNameRe = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)
)

// catalogName is Athena's rule for database and table names: "only
// lowercase letters, numbers, and the underscore character", at most 255
// (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html).
func catalogName(s string) error {
	if !catalogNameRe.MatchString(s) {
		return errors.New("must be 1-255 lowercase letters, digits and underscores, the names Athena can query (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html)")
	}
	return nil
}

func (v *validator) glue() {
	g := v.s.Glue
	if g == nil {
		return
	}
	v.name("glue.database", g.Database, catalogName)
	if t := v.s.HasHop(v.c, "s3", "athena") || v.s.Spectrum(v.c); t != (g.Table != "") {
		v.add("glue.table", g.Table, "must be set exactly when the route has s3-to-athena or "+viaName(v.c, "s3", "redshift", "redshift-spectrum")+", whose data Athena or Spectrum reads through this table")
	}
	if g.ProjectionStart != "" && v.s.Spectrum(v.c) {
		v.add("glue.projectionStart", g.ProjectionStart, "must be empty on "+viaName(v.c, "s3", "redshift", "redshift-spectrum")+": Spectrum has no partition projection and would find no partition (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html)")
	}
	if g.Table != "" {
		v.name("glue.table", g.Table, catalogName)
	}
	lake := v.s.Lake(v.c)
	switch {
	case lake && (g.Prefix == "" || !strings.HasSuffix(g.Prefix, "/")):
		v.add("glue.prefix", g.Prefix, "must be the S3 prefix of the data, ending in / (a table and a crawler read a folder)")
	case !lake && g.Prefix != "":
		v.add("glue.prefix", g.Prefix, "must be empty: nothing on the route reads S3 through the catalog")
	case lake:
		v.name("glue.prefix", g.Prefix, Prefix)
		if f := v.s.Firehose; f != nil && staticPrefix(f.Prefix) != f.Prefix {
			v.add("firehose.prefix", f.Prefix, "must be a static prefix such as data/ on a route into Glue or Athena: Firehose then writes YYYY/MM/DD/HH/ under it, the path the table projects (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html)")
		} else if f != nil && f.Prefix != g.Prefix {
			v.add("glue.prefix", g.Prefix, fmt.Sprintf("must equal firehose.prefix %q, where the data is written", f.Prefix))
		}
	}
	if g.ProjectionStart != "" {
		if _, err := time.Parse("2006/01/02/15", g.ProjectionStart); err != nil || len(g.ProjectionStart) != 13 {
			v.add("glue.projectionStart", g.ProjectionStart, "must be an hour as yyyy/MM/dd/HH, the layout of Firehose's date path")
		}
		if !v.s.HasHop(v.c, "firehose", "s3") {
			v.add("glue.projectionStart", g.ProjectionStart, "must be empty without firehose-to-s3: only Firehose writes the date path the projection reads")
		}
	}
	crawls := v.s.HasHop(v.c, "s3", "glue") || v.s.HasHop(v.c, "dynamodb", "glue") || v.s.GlueJobs(v.c)
	c := g.Crawler
	switch {
	case crawls && c == nil:
		v.add("glue.crawler", "", "section is missing: the route crawls into the Data Catalog")
		return
	case !crawls && c != nil:
		v.add("glue.crawler", "", "section is not used: the route has no s3-to-glue, dynamodb-to-glue or glue-to-s3 hop")
		return
	case c == nil:
		return
	}
	// https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html:
	// a single-line name of 1-255; wireup also names a log stream after it.
	v.name("glue.crawler.name", c.Name, func(s string) error {
		if !crawlerNameRe.MatchString(s) {
			return errors.New("must be 1-255 letters, digits, '.', '_' and '-' (Glue crawler names; wireup names its log stream after it)")
		}
		return nil
	})
	v.name("glue.crawler.role", c.Role, RoleName)
	v.name("glue.crawler.tablePrefix", c.TablePrefix, func(s string) error {
		if !tablePrefixRe.MatchString(s) {
			return errors.New("must be 1-128 lowercase letters, digits and underscores: the tables it names must be queryable by Athena (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html)")
		}
		return nil
	})
	dynamo := v.s.HasHop(v.c, "dynamodb", "glue")
	switch {
	case dynamo && (c.ScanRate < 0.1 || c.ScanRate > 1.5):
		v.add("glue.crawler.scanRate", strconv.FormatFloat(c.ScanRate, 'g', -1, 64), "must be between 0.1 and 1.5, the share of the table's read capacity a crawl may use (https://docs.aws.amazon.com/glue/latest/webapi/API_DynamoDBTarget.html)")
	case !dynamo && c.ScanRate != 0:
		v.add("glue.crawler.scanRate", strconv.FormatFloat(c.ScanRate, 'g', -1, 64), "must be 0 (omitted): it applies only to a DynamoDB crawl")
	}
}

func (v *validator) athena() {
	a := v.s.Athena
	if a == nil {
		return
	}
	v.name("athena.workGroup", a.WorkGroup, func(s string) error {
		if !workGroupNameRe.MatchString(s) || s == "primary" {
			return errors.New("must be 1-128 letters, digits, '.', '_' and '-', not primary (https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html)")
		}
		return nil
	})
	v.name("athena.resultsBucket", a.ResultsBucket, BucketName)
	if a.ResultsPrefix == "" || !strings.HasSuffix(a.ResultsPrefix, "/") {
		v.add("athena.resultsPrefix", a.ResultsPrefix, "must be a key prefix ending in /, where query results are written and expire")
	} else {
		v.name("athena.resultsPrefix", a.ResultsPrefix, Prefix)
	}
	if b := v.s.S3; b != nil && a.ResultsBucket == b.Bucket && a.ResultsPrefix != "" {
		if g := v.s.Glue; g != nil && g.Prefix != "" && (strings.HasPrefix(a.ResultsPrefix, g.Prefix) || strings.HasPrefix(g.Prefix, a.ResultsPrefix)) {
			v.add("athena.resultsPrefix", a.ResultsPrefix, "must not overlap glue.prefix: the table would read the query results, and the results' expiry would delete the data")
		}
	}
	v.between("athena.resultsExpireDays", a.ResultsExpireDays, 1, 3650, "days before S3 expires query results; wireup's bound")
	// https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroupConfiguration.html:
	// BytesScannedCutoffPerQuery is at least 10000000 bytes.
	v.between("athena.bytesScannedCutoffMiB", a.BytesScannedCutoffMiB, 10, 1<<20, "Athena's minimum per-query scan limit is 10 MB; wireup's cap is 1 TiB (USD 5 a query)")
}

// quickSightIDRe is wireup's rule for data source and dataset ids: AWS
// takes any string unique in the account and Region
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSource.html);
// these stay readable in an ARN and a URL.
var quickSightIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// quickSightNameRe is QuickSight's user, group and namespace name rule
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeUser.html:
// [\u0020-\u00FF]+ for users; groups and namespaces are narrower, checked
// by QuickSight itself).
var quickSightNameRe = regexp.MustCompile(`^[\x{0020}-\x{00FF}]{1,256}$`)

// redshiftUserRe is Redshift's rule for a user name, lowercased
// (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).
var redshiftUserRe = regexp.MustCompile(`^[a-z_][a-z0-9_$]{0,63}$`)

// vpcConnectionRe is a QuickSight VPC connection's ARN
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_VpcConnectionProperties.html).
var vpcConnectionRe = regexp.MustCompile(`^arn:aws[a-z-]*:quicksight:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:vpcConnection/[A-Za-z0-9_-]{1,1000}$`)

func (v *validator) quicksight() {
	q := v.s.QuickSight
	if q == nil {
		return
	}
	id := func(s string) error {
		if !quickSightIDRe.MatchString(s) {
			return errors.New("must be 1-128 letters, digits, '_' and '-' (wireup's rule for ids in QuickSight ARNs and URLs)")
		}
		return nil
	}
	v.name("quicksight.dataSource", q.DataSource, id)
	warehouse := v.s.HasHop(v.c, "redshift", "quicksight")
	hasTable := v.s.Glue != nil && v.s.Glue.Table != ""
	if warehouse {
		hasTable = v.s.Redshift.CreatesTable()
	}
	switch {
	case hasTable:
		v.name("quicksight.dataSet", q.DataSet, id)
	case q.DataSet != "" && warehouse:
		v.add("quicksight.dataSet", q.DataSet, "must be empty unless the route has "+hopName(v.c, "s3", "redshift")+", "+hopName(v.c, "firehose", "redshift")+" or "+hopName(v.c, "redshift", "s3")+": the dataset reads the table the project's SQL creates")
	case q.DataSet != "":
		v.add("quicksight.dataSet", q.DataSet, "must be empty unless the route has "+hopName(v.c, "s3", "athena")+": the dataset reads that hop's Glue table (a crawler's tables exist only after a crawl: make the dataset in the console then)")
	}
	switch {
	case warehouse && !redshiftUserRe.MatchString(q.DatabaseUser):
		v.add("quicksight.databaseUser", q.DatabaseUser, "must be the Redshift user QuickSight connects as: 1-64 lowercase letters, digits, '_' or '$', a letter or '_' first (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
	case warehouse && v.s.Redshift.Firehose() && q.DatabaseUser == v.s.Redshift.FirehoseUser:
		v.add("quicksight.databaseUser", q.DatabaseUser, "must differ from redshift.firehoseUser: QuickSight's user may only read the table, Firehose's only insert into it")
	case warehouse && q.DatabaseUser == v.s.Redshift.AdminUser:
		v.add("quicksight.databaseUser", q.DatabaseUser, "must differ from redshift.adminUser: QuickSight signs in as a read-only user of its own")
	case !warehouse && q.DatabaseUser != "":
		v.add("quicksight.databaseUser", q.DatabaseUser, "must be empty unless the route has "+hopName(v.c, "redshift", "quicksight"))
	}
	switch {
	case warehouse && !v.s.Redshift.Provisioned() && v.s.Redshift.Firehose() && q.Secret == v.s.Redshift.FirehoseSecret:
		v.add("quicksight.secret", q.Secret, "must differ from redshift.firehoseSecret: each database user has a secret of its own")
	case warehouse && !v.s.Redshift.Provisioned():
		v.name("quicksight.secret", q.Secret, SecretName)
	case !warehouse && q.Secret != "":
		v.add("quicksight.secret", q.Secret, "must be empty unless the route has "+hopName(v.c, "redshift", "quicksight")+": it holds the password of QuickSight's user on a serverless workgroup")
	}
	switch {
	case q.VPCConnection != "" && !warehouse:
		v.add("quicksight.vpcConnection", q.VPCConnection, "must be empty unless the route has "+hopName(v.c, "redshift", "quicksight")+": QuickSight reaches Athena without one")
	case q.VPCConnection != "" && !vpcConnectionRe.MatchString(q.VPCConnection):
		v.add("quicksight.vpcConnection", q.VPCConnection, "must be the ARN of a QuickSight VPC connection, arn:PARTITION:quicksight:REGION:ACCOUNT:vpcConnection/ID (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_VpcConnectionProperties.html)")
	}
	v.name("quicksight.role", q.Role, RoleName)
	switch q.ImportMode {
	case "DIRECT_QUERY", "SPICE":
	default:
		v.add("quicksight.importMode", q.ImportMode, "must be DIRECT_QUERY (every visual queries Athena) or SPICE (a copy in QuickSight's store, billed per GB) (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_CreateDataSet.html)")
	}
	p := q.Principal
	switch {
	case p.User != "" && p.Group != "":
		v.add("quicksight.principal", p.User+", "+p.Group, "must name a user or a group, not both")
	case p.User != "" && !quickSightNameRe.MatchString(p.User):
		v.add("quicksight.principal.user", p.User, "must be a QuickSight user name (Manage QuickSight → Manage users)")
	case p.Group != "" && !quickSightNameRe.MatchString(p.Group):
		v.add("quicksight.principal.group", p.Group, "must be a QuickSight group name")
	}
	if p.Namespace == "" || !quickSightNameRe.MatchString(p.Namespace) {
		v.add("quicksight.principal.namespace", p.Namespace, "must be the QuickSight namespace of the principal, usually default")
	}
}

var (
	// https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateNamespace.html
	// and API_CreateWorkgroup.html: 3-64 of a-z, 0-9 and -.
	serverlessNameRe = regexp.MustCompile(`^[a-z0-9-]{3,64}$`)
	// https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html:
	// 1-63 lowercase letters, digits and hyphens, a letter first, no
	// trailing or doubled hyphen.
	clusterIDRe = regexp.MustCompile(`^[a-z]([a-z0-9]|-[a-z0-9])*$`)
	// Database and user names: a letter first, then letters, digits and _
	// (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html);
	// wireup keeps them lowercase and unquoted in the generated SQL.
	sqlNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	// The node types Redshift offers for one node
	// (https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-node-type-info).
	nodeTypeRe = regexp.MustCompile(`^(dc2\.large|ra3\.(large|xlplus))$`)
)

func (v *validator) redshift() {
	r := v.s.Redshift
	if r == nil {
		return
	}
	v.oneOf("redshift.mode", r.Mode, RedshiftServerless, RedshiftProvisioned)
	if r.Mode == RedshiftServerless {
		for _, f := range []struct{ field, value string }{{"redshift.namespace", r.Namespace}, {"redshift.workgroup", r.Workgroup}} {
			v.name(f.field, f.value, func(s string) error {
				if !serverlessNameRe.MatchString(s) {
					return errors.New("must be 3-64 lowercase letters, digits and hyphens (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html)")
				}
				return nil
			})
		}
		// https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html:
		// 4 RPUs, or 8 to 512 in steps of 8, or (in some Regions) up to 1024
		// in steps of 32.
		if b := r.BaseCapacity; b != 4 && (b < 8 || b > 512 || b%8 != 0) && (b <= 512 || b > 1024 || b%32 != 0) {
			v.add("redshift.baseCapacity", strconv.Itoa(b), "must be 4 RPUs, 8 to 512 in steps of 8, or up to 1024 in steps of 32 where the Region offers it (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html)")
		}
		v.between("redshift.usageLimitRPUHours", r.UsageLimitRPUHours, 1, 24*r.BaseCapacity, "RPU-hours a day before the workgroup is deactivated; more than a day at the base capacity is no limit")
	}
	if r.Mode == RedshiftProvisioned {
		v.name("redshift.cluster", r.Cluster, func(s string) error {
			if len(s) > 63 || !clusterIDRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html)")
			}
			return nil
		})
		v.name("redshift.nodeType", r.NodeType, func(s string) error {
			if !nodeTypeRe.MatchString(s) {
				return errors.New("must be dc2.large, ra3.large or ra3.xlplus: the node types a single-node cluster may have")
			}
			return nil
		})
	}
	for _, f := range []struct{ field, value string }{{"redshift.database", r.Database}, {"redshift.adminUser", r.AdminUser}, {"redshift.table", r.Table}} {
		v.name(f.field, f.value, func(s string) error {
			if !sqlNameRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
			}
			return nil
		})
	}
	v.name("redshift.role", r.Role, RoleName)
	prefix := func(field, p string, on bool, hop string) {
		switch {
		case on && (p == "" || !strings.HasSuffix(p, "/")):
			v.add(field, p, "must be a key prefix of the route's bucket ending in /, for "+hop)
		case !on && p != "":
			v.add(field, p, "must be empty: the route has no "+hop+" hop")
		case on:
			v.name(field, p, Prefix)
		}
	}
	prefix("redshift.copyPrefix", r.CopyPrefix, v.s.Copies(v.c), viaName(v.c, "s3", "redshift", "redshift-copy"))
	prefix("redshift.unloadPrefix", r.UnloadPrefix, v.s.HasHop(v.c, "redshift", "s3"), hopName(v.c, "redshift", "s3"))
	if g := v.s.Glue; g != nil && r.UnloadPrefix != "" && g.Prefix != "" && (strings.HasPrefix(r.UnloadPrefix, g.Prefix) || strings.HasPrefix(g.Prefix, r.UnloadPrefix)) {
		v.add("redshift.unloadPrefix", r.UnloadPrefix, "must not overlap glue.prefix: the table would read what UNLOAD writes")
	}
	spectrum := v.s.Spectrum(v.c) || v.s.HasHop(v.c, "glue", "redshift")
	switch {
	case spectrum:
		v.name("redshift.externalSchema", r.ExternalSchema, func(s string) error {
			if !sqlNameRe.MatchString(s) {
				return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
			}
			return nil
		})
	case r.ExternalSchema != "":
		v.add("redshift.externalSchema", r.ExternalSchema, "must be empty: the route has no Spectrum hop ("+viaName(v.c, "s3", "redshift", "redshift-spectrum")+" or glue-to-redshift)")
	}
	v.redshiftFirehose(r)
}

// redshiftFirehose checks the settings of the delivery stream loading the
// warehouse, which only a route with firehose-to-redshift may have.
func (v *validator) redshiftFirehose(r *Redshift) {
	if !v.s.HasHop(v.c, "firehose", "redshift") {
		for _, f := range []struct{ field, value string }{{"redshift.firehoseUser", r.FirehoseUser}, {"redshift.firehoseSecret", r.FirehoseSecret},
			{"redshift.stagingBucket", r.StagingBucket}, {"redshift.stagingPrefix", r.StagingPrefix}, {"redshift.backupPrefix", r.BackupPrefix}} {
			if f.value != "" {
				v.add(f.field, f.value, "must be empty: the route has no "+hopName(v.c, "firehose", "redshift")+" hop")
			}
		}
		if r.RetrySeconds != 0 {
			v.add("redshift.retrySeconds", strconv.Itoa(r.RetrySeconds), "must be empty: the route has no "+hopName(v.c, "firehose", "redshift")+" hop")
		}
		return
	}
	v.name("redshift.firehoseUser", r.FirehoseUser, func(s string) error {
		if !sqlNameRe.MatchString(s) {
			return errors.New("must be 1-63 lowercase letters, digits and underscores, starting with a letter (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)")
		}
		if s == r.AdminUser {
			return errors.New("must not be redshift.adminUser: Firehose gets a user that may only insert into the table")
		}
		return nil
	})
	v.name("redshift.firehoseSecret", r.FirehoseSecret, SecretName)
	v.name("redshift.stagingBucket", r.StagingBucket, BucketName)
	for _, f := range []struct{ field, value string }{{"redshift.stagingPrefix", r.StagingPrefix}, {"redshift.backupPrefix", r.BackupPrefix}} {
		if f.value == "" || !strings.HasSuffix(f.value, "/") {
			v.add(f.field, f.value, "must be a key prefix of redshift.stagingBucket ending in /")
			continue
		}
		v.name(f.field, f.value, Prefix)
	}
	if r.StagingPrefix != "" && r.BackupPrefix != "" && (strings.HasPrefix(r.StagingPrefix, r.BackupPrefix) || strings.HasPrefix(r.BackupPrefix, r.StagingPrefix)) {
		v.add("redshift.backupPrefix", r.BackupPrefix, "must not overlap redshift.stagingPrefix: COPY would load the backup again")
	}
	// RetryOptions.DurationInSeconds: 0 to 7200
	// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftRetryOptions.html).
	v.between("redshift.retrySeconds", r.RetrySeconds, 0, 7200, "seconds Firehose retries a failed COPY")
}
