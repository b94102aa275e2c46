package spec

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// The rules below are plain func(string) error so the wizard's huh fields
// and flag parsing use exactly the checks Validate uses. Each error is the
// rule in words, without the value, so a caller can prefix the field and the
// value ("s3.bucket: "My_Bucket" must be ...").

var (
	projectNameRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	regionRe      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`)
	bucketRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	ipv4LikeRe    = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
	dottedNameRe  = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)
	queueNameRe   = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	roleNameRe    = regexp.MustCompile(`^[\w+=,.@-]+$`)
	topicRuleRe   = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)
	tagRe         = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	kmsAliasRe    = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)
	eventRuleRe   = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
)

// MaxProjectNameLen is the longest project name. Every default resource name
// is the project name plus a suffix, and the longest limits are the 63
// characters of an S3 bucket (name-region-data) and the 64 of an IAM role or
// Firehose delivery stream: 32 keeps all of them valid.
const MaxProjectNameLen = 32

// maxRegionLen bounds the region so the default bucket name fits 63
// characters; the longest region code AWS uses today is 15 characters.
const maxRegionLen = 20

// ProjectName checks a project name: 1-32 characters of lowercase letters,
// digits and hyphens, starting with a letter, ending with a letter or digit,
// without "--". The rule is stricter than any single AWS service so that
// every name New derives from it (bucket, stream, queue, roles, IoT rule) is
// valid too; "sthree" and "amzn-s3-demo" are refused because the bucket name
// starts with the project name and S3 reserves those prefixes.
func ProjectName(name string) error {
	if len(name) < 1 || len(name) > MaxProjectNameLen || !projectNameRe.MatchString(name) || strings.HasSuffix(name, "-") {
		return fmt.Errorf("must be 1-%d characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (it prefixes every AWS resource name)", MaxProjectNameLen)
	}
	if strings.Contains(name, "--") {
		return errors.New(`must not contain "--" (S3 reserves bucket names with "xn--" prefixes and "--" suffixes, and the bucket name starts with the project name)`)
	}
	for _, p := range []string{"sthree", "amzn-s3-demo"} {
		if name == p || strings.HasPrefix(name, p+"-") {
			return fmt.Errorf("must not start with %q (S3 reserves the bucket prefix %q, and the bucket name starts with the project name)", p, p+"-")
		}
	}
	return nil
}

// Region checks the format of an AWS region code such as us-east-1,
// eu-central-2, cn-north-1 or us-gov-west-1. It does not check that the
// region exists, so new regions work without a wireup release.
func Region(region string) error {
	if len(region) > maxRegionLen || !regionRe.MatchString(region) {
		return fmt.Errorf("must be an AWS region code such as us-east-1, eu-central-2 or us-gov-west-1 (at most %d characters)", maxRegionLen)
	}
	return nil
}

// BucketName checks the AWS S3 general purpose bucket naming rules.
func BucketName(name string) error {
	const why = "(AWS S3 bucket naming rules)"
	if len(name) < 3 || len(name) > 63 || !bucketRe.MatchString(name) {
		return errors.New("must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit " + why)
	}
	if strings.Contains(name, "..") {
		return errors.New(`must not contain two adjacent dots ".." ` + why)
	}
	if ipv4LikeRe.MatchString(name) {
		return errors.New("must not be formatted as an IP address such as 192.168.5.4 " + why)
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fmt.Errorf("must not start with %q, a prefix S3 reserves %s", p, why)
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return fmt.Errorf("must not end with %q, a suffix S3 reserves %s", s, why)
		}
	}
	return nil
}

// StreamName checks a Kinesis data stream name: 1-128 characters of letters,
// digits, underscores, dots and hyphens.
func StreamName(name string) error {
	return dotted(name, 1, 128, "Kinesis stream name")
}

// DeliveryStreamName checks a Firehose delivery stream name: 1-64
// characters of letters, digits, underscores, dots and hyphens.
func DeliveryStreamName(name string) error {
	return dotted(name, 1, 64, "Firehose delivery stream name")
}

// TableName checks a DynamoDB table name: 3-255 characters of letters,
// digits, underscores, dots and hyphens.
func TableName(name string) error {
	return dotted(name, 3, 255, "DynamoDB table name")
}

func dotted(name string, lo, hi int, what string) error {
	if len(name) < lo || len(name) > hi || !dottedNameRe.MatchString(name) {
		return fmt.Errorf("must be %d-%d characters of letters, digits, underscores, dots and hyphens (AWS %s rules)", lo, hi, what)
	}
	return nil
}

// QueueName checks an SQS standard queue name: 1-80 characters of letters,
// digits, hyphens and underscores. wireup creates standard queues only, so a
// FIFO ".fifo" name is refused with its own message.
func QueueName(name string) error {
	if strings.HasSuffix(name, ".fifo") {
		return errors.New(`must not end in ".fifo": wireup creates standard queues, and only FIFO queue names may end in ".fifo"`)
	}
	if len(name) < 1 || len(name) > 80 || !queueNameRe.MatchString(name) {
		return errors.New("must be 1-80 characters of letters, digits, hyphens and underscores (AWS SQS queue name rules)")
	}
	return nil
}

// TopicName checks an SNS standard topic name: 1-256 characters of letters,
// digits, hyphens and underscores.
func TopicName(name string) error {
	if strings.HasSuffix(name, ".fifo") {
		return errors.New(`must not end in ".fifo": wireup creates standard topics, and only FIFO topic names may end in ".fifo"`)
	}
	if len(name) < 1 || len(name) > 256 || !queueNameRe.MatchString(name) {
		return errors.New("must be 1-256 characters of letters, digits, hyphens and underscores (AWS SNS topic name rules)")
	}
	return nil
}

// AttributeName checks a DynamoDB key attribute name: 1-255 bytes of UTF-8.
func AttributeName(name string) error {
	if len(name) < 1 || len(name) > 255 || !utf8.ValidString(name) {
		return errors.New("must be 1-255 bytes of UTF-8 text (AWS DynamoDB key attribute name rules)")
	}
	return nil
}

// FunctionName checks a Lambda function name: 1-64 characters of letters,
// digits, hyphens and underscores.
func FunctionName(name string) error {
	if len(name) < 1 || len(name) > 64 || !queueNameRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits, hyphens and underscores (AWS Lambda function name rules)")
	}
	return nil
}

// RoleName checks an IAM role name: 1-64 characters of letters, digits and
// + = , . @ _ -.
func RoleName(name string) error {
	if len(name) < 1 || len(name) > 64 || !roleNameRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits and + = , . @ _ - (AWS IAM role name rules)")
	}
	return nil
}

// TopicRuleName checks an IoT Core topic rule name: 1-128 characters of
// letters, digits and underscores (no hyphens).
func TopicRuleName(name string) error {
	if len(name) < 1 || len(name) > 128 || !topicRuleRe.MatchString(name) {
		return errors.New("must be 1-128 characters of letters, digits and underscores, no hyphens (AWS IoT topic rule name rules)")
	}
	return nil
}

// MQTTTopic checks the topic a producer publishes to on AWS IoT Core: 1-256
// bytes of UTF-8, at most 8 levels (7 slashes), no wildcards, and not a
// reserved topic starting with "$".
func MQTTTopic(topic string) error {
	const why = "(AWS IoT Core topic limits)"
	switch {
	case len(topic) < 1 || len(topic) > 256 || !utf8.ValidString(topic):
		return errors.New("must be 1-256 bytes of UTF-8 text " + why)
	case strings.ContainsAny(topic, "+#"):
		return errors.New(`must not contain the wildcards "+" or "#": a producer publishes to one concrete topic ` + why)
	case strings.HasPrefix(topic, "$"):
		return errors.New(`must not start with "$", which AWS IoT reserves for its own topics ` + why)
	case strings.ContainsRune(topic, 0):
		return errors.New("must not contain the NUL character (MQTT topic rules)")
	case strings.Count(topic, "/") > 7:
		return errors.New("must have at most 8 levels, that is at most 7 slashes " + why)
	}
	return nil
}

// Prefix checks an S3 key prefix: at most 1024 bytes of UTF-8, not starting
// with "/" (a leading slash makes an empty first path segment in the key).
func Prefix(p string) error {
	switch {
	case len(p) > 1024 || !utf8.ValidString(p):
		return errors.New("must be at most 1024 bytes of UTF-8 text (AWS S3 object key limit)")
	case strings.HasPrefix(p, "/"):
		return errors.New(`must not start with "/": S3 keys have no leading slash, and one would create an empty folder name`)
	}
	return nil
}

// FilterSuffix checks an S3 event notification's key suffix filter: at most
// an object key long.
func FilterSuffix(s string) error {
	if len(s) > 1024 {
		return errors.New("must be at most 1024 bytes (AWS S3 object key limit)")
	}
	return nil
}

// keyARNIn checks a customer managed key's ARN in region: an ARN, not an
// alias, as the grants and key-policy statements wireup writes name the
// key itself, and in the Region of the resource it encrypts (KMS keys are
// regional).
func keyARNIn(key, region string) error {
	a, err := arn.Parse(key)
	id, ok := strings.CutPrefix(a.Resource, "key/")
	if err != nil || a.Service != "kms" || a.AccountID == "" || !ok || id == "" || strings.Contains(id, "/") {
		return errors.New("must be a KMS key ARN (arn:aws:kms:" + region + ":account:key/id), not an alias: the key policy statements wireup writes name the key")
	}
	if a.Region != region {
		return fmt.Errorf("must be a key in the project's Region %s, not %s: a topic can only use a key of its own Region", region, a.Region)
	}
	return nil
}

// KMSKey checks a KMS key reference for server-side encryption: a key or
// alias ARN, or an alias name such as alias/my-key.
func KMSKey(key string) error {
	const rule = "must be a KMS key ARN (arn:aws:kms:region:account:key/id), an alias ARN, or an alias name such as alias/my-key"
	if kmsAliasRe.MatchString(key) {
		return nil
	}
	a, err := arn.Parse(key)
	if err != nil || a.Service != "kms" || a.Region == "" || a.AccountID == "" {
		return errors.New(rule)
	}
	if id, ok := strings.CutPrefix(a.Resource, "key/"); ok && id != "" && !strings.Contains(id, "/") {
		return nil
	}
	if kmsAliasRe.MatchString(a.Resource) {
		return nil
	}
	return errors.New(rule)
}

// TagKey checks a resource tag key: 1-128 Unicode characters of letters,
// digits, spaces and _ . : / = + - @, not starting with "aws:" (reserved by
// AWS) or "wireup:" (reserved for the tags wireup adds itself).
func TagKey(k string) error {
	if n := utf8.RuneCountInString(k); n < 1 || n > 128 || !tagRe.MatchString(k) {
		return errors.New("must be 1-128 characters of letters, digits, spaces and _ . : / = + - @ (AWS tag rules)")
	}
	lk := strings.ToLower(k)
	if strings.HasPrefix(lk, "aws:") {
		return errors.New(`must not start with "aws:", which AWS reserves (AWS tag rules)`)
	}
	if strings.HasPrefix(lk, "wireup:") {
		return errors.New(`must not start with "wireup:", which wireup reserves for the tags it adds itself`)
	}
	return nil
}

// TagValue checks a resource tag value: 0-256 Unicode characters of
// letters, digits, spaces and _ . : / = + - @.
func TagValue(v string) error {
	if utf8.RuneCountInString(v) > 256 || !tagRe.MatchString(v) {
		return errors.New("must be 0-256 characters of letters, digits, spaces and _ . : / = + - @ (AWS tag rules)")
	}
	return nil
}

// EventRuleName checks an EventBridge rule name: 1-64 characters of
// letters, digits, dots, hyphens and underscores
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
func EventRuleName(name string) error {
	if len(name) < 1 || len(name) > 64 || !eventRuleRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits, dots, hyphens and underscores (AWS EventBridge rule name rules, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html)")
	}
	return nil
}

// EventSource checks the source a producer puts on its EventBridge events:
// 1-256 characters without control characters, not starting with "aws."
// (reserved for AWS services: PutEvents refuses it)
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html).
func EventSource(src string) error {
	switch {
	case len(src) < 1 || len(src) > 256 || !utf8.ValidString(src) || strings.ContainsFunc(src, unicode.IsControl):
		return errors.New("must be 1-256 characters of text without control characters (AWS EventBridge event source, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html)")
	case strings.HasPrefix(strings.ToLower(src), "aws."):
		return errors.New(`must not start with "aws.", which EventBridge reserves for events from AWS services (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html)`)
	}
	return nil
}

// EventDetailType checks the detail-type a producer puts on its
// EventBridge events: 1-128 characters without control characters
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
func EventDetailType(dt string) error {
	if len(dt) < 1 || len(dt) > 128 || !utf8.ValidString(dt) || strings.ContainsFunc(dt, unicode.IsControl) {
		return errors.New("must be 1-128 characters of text without control characters (AWS EventBridge detail-type, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html)")
	}
	return nil
}
