package spec_test

import (
	"net"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/logs"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

// nameRule describes a name rule by independent invariants: byte (or rune)
// length bounds and the characters allowed.
type nameRule struct {
	name   string
	fn     func(string) error
	lo, hi int
	runes  bool // count Unicode characters instead of bytes
	ok     func(r rune) bool
}

func asciiAlnum(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func in(set string) func(rune) bool {
	return func(r rune) bool { return asciiAlnum(r) || strings.ContainsRune(set, r) }
}

var nameRules = []nameRule{
	{"ProjectName", spec.ProjectName, 1, 32, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' }},
	{"Region", spec.Region, 6, 20, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' }},
	{"StreamName", kinesis.StreamName, 1, 128, false, in("_.-")},
	{"DeliveryStreamName", firehose.DeliveryStreamName, 1, 64, false, in("_.-")},
	{"TableName", dynamodb.TableName, 3, 255, false, in("_.-")},
	{"QueueName", sqs.QueueName, 1, 80, false, in("_-")},
	{"TopicName", sns.TopicName, 1, 256, false, in("_-")},
	{"FunctionName", lambda.FunctionName, 1, 64, false, in("_-")},
	{"RoleName", spec.RoleName, 1, 64, false, in("+=,.@_-")},
	{"TopicRuleName", iot.TopicRuleName, 1, 128, false, in("_")},
	{"AttributeName", dynamodb.AttributeName, 1, 255, false, func(r rune) bool { return r != utf8.RuneError }},
	{"MQTTTopic", iot.MQTTTopic, 1, 256, false, func(r rune) bool { return r != utf8.RuneError && r != '+' && r != '#' && r != 0 }},
	{"Prefix", s3.KeyPrefix, 0, 1024, false, func(r rune) bool { return r != utf8.RuneError }},
	{"TagKey", spec.TagKey, 1, 128, true, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.Z, unicode.N) || strings.ContainsRune("_.:/=+-@", r)
	}},
	{"TagValue", spec.TagValue, 0, 256, true, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.Z, unicode.N) || strings.ContainsRune("_.:/=+-@", r)
	}},
	{"LogGroupName", spec.LogGroupName, 1, 512, false, in("_-/.#")},
	{"SubscriptionFilterName", logs.SubscriptionFilterName, 1, 512, false, func(r rune) bool { return r != utf8.RuneError && r != ':' && r != '*' }},
	{"FilterPattern", logs.FilterPattern, 0, 1024, false, func(r rune) bool { return r != utf8.RuneError }},
	{"BucketName", s3.BucketName, 3, 63, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' || r == '.' }},
}

// checkAccepted fails if the rule accepted s although it breaks the rule's
// invariants.
func checkAccepted(t *testing.T, r nameRule, s string) {
	t.Helper()
	n := len(s)
	if r.runes {
		n = utf8.RuneCountInString(s)
	}
	if n < r.lo || n > r.hi {
		t.Fatalf("%s accepted %q of length %d, outside %d-%d", r.name, s, n, r.lo, r.hi)
	}
	if !utf8.ValidString(s) {
		t.Fatalf("%s accepted invalid UTF-8 %q", r.name, s)
	}
	for _, c := range s {
		if !r.ok(c) {
			t.Fatalf("%s accepted %q with character %q", r.name, s, c)
		}
	}
}

func FuzzNameRules(f *testing.F) {
	for _, s := range []string{"demo", "my-bucket.example", "demo/events", "alias/x", "aws:tag", "Ünïcode", "a_b", "x.fifo", "us-gov-west-1", "192.168.0.1", "", "\xff", "$aws/x", "a/b/c/d/e/f/g/h/i"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range nameRules {
			if err := r.fn(s); err == nil {
				checkAccepted(t, r, s)
			} else if err.Error() == "" {
				t.Fatalf("%s(%q) returned an empty error", r.name, s)
			}
		}
		if s3.KMSKey(s) == nil && !strings.HasPrefix(s, "alias/") && !strings.HasPrefix(s, "arn:") {
			t.Fatalf("KMSKey accepted %q", s)
		}
		if spec.ProjectName(s) == nil {
			// Every default name derived from a valid project name is valid.
			for _, d := range []struct {
				rule func(string) error
				name string
			}{
				{s3.BucketName, s + "-us-east-1-data"}, {s3.BucketName, s + "-ap-southeast-2-data"},
				{kinesis.StreamName, s + "-stream"}, {firehose.DeliveryStreamName, s + "-delivery"},
				{sqs.QueueName, s + "-queue"}, {sqs.QueueName, s + "-dlq"}, {sns.TopicName, s + "-topic"},
				{dynamodb.TableName, s + "-table"}, {lambda.FunctionName, s + "-handler"}, {lambda.FunctionName, s + "-transform"},
				{spec.RoleName, s + "-iot-rule"}, {spec.RoleName, s + "-firehose"}, {spec.RoleName, s + "-lambda"}, {spec.RoleName, s + "-transform"},
				{iot.TopicRuleName, strings.ReplaceAll(s, "-", "_") + "_rule"}, {iot.MQTTTopic, s + "/events"},
				{spec.LogGroupName, "/wireup/" + s}, {spec.LogGroupName, "/aws/kinesisfirehose/" + s + "-delivery"}, {logs.SubscriptionFilterName, s}, {spec.RoleName, s + "-logs"},
			} {
				if err := d.rule(d.name); err != nil {
					t.Fatalf("project name %q derives invalid %q: %v", s, d.name, err)
				}
			}
		}
	})
}

func FuzzBucketName(f *testing.F) {
	for _, s := range []string{"docexamplebucket1", "my.bucket", "my..bucket", "192.168.5.4", "xn--x", "sthree-x", "b--x-s3", "b.mrap", "A-B", "ab", "a-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s3.BucketName(s) != nil {
			return
		}
		checkAccepted(t, nameRules[len(nameRules)-1], s)
		first, last := s[0], s[len(s)-1]
		if first == '.' || first == '-' || last == '.' || last == '-' {
			t.Fatalf("accepted %q: must start and end with a letter or digit", s)
		}
		if strings.Contains(s, "..") || net.ParseIP(s) != nil {
			t.Fatalf("accepted %q: adjacent dots or IP address", s)
		}
		for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
			if strings.HasPrefix(s, p) {
				t.Fatalf("accepted %q with reserved prefix %q", s, p)
			}
		}
		for _, x := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
			if strings.HasSuffix(s, x) {
				t.Fatalf("accepted %q with reserved suffix %q", s, x)
			}
		}
	})
}
