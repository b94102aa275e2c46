package spec

import (
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// seedSpecs returns New's YAML for the multi-hop routes, the fuzzers' seeds.
func seedSpecs(f *testing.F) [][]byte {
	c := loadCatalog(f)
	var out [][]byte
	for _, m := range multiHop {
		s, err := New(c, "demo", "us-east-1", m.route)
		if err != nil {
			f.Fatal(err)
		}
		if m.transform {
			s.EnableTransform()
		}
		b, err := s.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, b := range seedSpecs(f) {
		f.Add(b)
	}
	f.Add([]byte("version: 1\nname: x\ntags: {a: b, \"\": ''}\n"))
	f.Add([]byte("name: !!binary aGVsbG8=\n"))
	f.Add([]byte("version: 0x10\nroute: [a, b]\ns3: {events: [~]}\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("name: \"\\xff\\0\"\nregion: \"\\u2028\"\ntags: {k: null, \"\\t\": \"\\xfe\"}\n"))
	f.Add([]byte("lambda: &a {function: f}\nkinesis: *a\n"))
	c := loadCatalog(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			return
		}
		_ = Validate(c, s) // must not panic on anything Parse accepts
		b, err := s.Marshal()
		if err != nil {
			t.Fatalf("Marshal of a parsed spec: %v", err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(s)): %v\n%s", err, b)
		}
		if d := cmp.Diff(s, p, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip differs (-parsed +reparsed):\n%s\n%s", d, b)
		}
		b2, err := p.Marshal()
		if err != nil || string(b2) != string(b) {
			t.Fatalf("Marshal not stable: %v\n%s\n---\n%s", err, b, b2)
		}
	})
}

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
	{"ProjectName", ProjectName, 1, 32, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' }},
	{"Region", Region, 6, 20, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' }},
	{"StreamName", StreamName, 1, 128, false, in("_.-")},
	{"DeliveryStreamName", DeliveryStreamName, 1, 64, false, in("_.-")},
	{"TableName", TableName, 3, 255, false, in("_.-")},
	{"QueueName", QueueName, 1, 80, false, in("_-")},
	{"TopicName", TopicName, 1, 256, false, in("_-")},
	{"FunctionName", FunctionName, 1, 64, false, in("_-")},
	{"RoleName", RoleName, 1, 64, false, in("+=,.@_-")},
	{"TopicRuleName", TopicRuleName, 1, 128, false, in("_")},
	{"AttributeName", AttributeName, 1, 255, false, func(r rune) bool { return r != utf8.RuneError }},
	{"MQTTTopic", MQTTTopic, 1, 256, false, func(r rune) bool { return r != utf8.RuneError && r != '+' && r != '#' && r != 0 }},
	{"Prefix", Prefix, 0, 1024, false, func(r rune) bool { return r != utf8.RuneError }},
	{"TagKey", TagKey, 1, 128, true, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.Z, unicode.N) || strings.ContainsRune("_.:/=+-@", r)
	}},
	{"TagValue", TagValue, 0, 256, true, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.Z, unicode.N) || strings.ContainsRune("_.:/=+-@", r)
	}},
	{"LogGroupName", LogGroupName, 1, 512, false, in("_-/.#")},
	{"SubscriptionFilterName", SubscriptionFilterName, 1, 512, false, func(r rune) bool { return r != utf8.RuneError && r != ':' && r != '*' }},
	{"FilterPattern", FilterPattern, 0, 1024, false, func(r rune) bool { return r != utf8.RuneError }},
	{"BucketName", BucketName, 3, 63, false, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' || r == '.' }},
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
		if KMSKey(s) == nil && !strings.HasPrefix(s, "alias/") && !strings.HasPrefix(s, "arn:") {
			t.Fatalf("KMSKey accepted %q", s)
		}
		if ProjectName(s) == nil {
			// Every default name derived from a valid project name is valid.
			for _, d := range []struct {
				rule func(string) error
				name string
			}{
				{BucketName, s + "-us-east-1-data"}, {BucketName, s + "-ap-southeast-2-data"},
				{StreamName, s + "-stream"}, {DeliveryStreamName, s + "-delivery"},
				{QueueName, s + "-queue"}, {QueueName, s + "-dlq"}, {TopicName, s + "-topic"},
				{TableName, s + "-table"}, {FunctionName, s + "-handler"}, {FunctionName, s + "-transform"},
				{RoleName, s + "-iot-rule"}, {RoleName, s + "-firehose"}, {RoleName, s + "-lambda"}, {RoleName, s + "-transform"},
				{TopicRuleName, strings.ReplaceAll(s, "-", "_") + "_rule"}, {MQTTTopic, s + "/events"},
				{LogGroupName, "/wireup/" + s}, {LogGroupName, "/aws/kinesisfirehose/" + s + "-delivery"}, {SubscriptionFilterName, s}, {RoleName, s + "-logs"},
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
		if BucketName(s) != nil {
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

// leaves returns the settable scalar, slice, map and pointer fields of v,
// depth first, so a fuzz input can pick one by index.
func leaves(v reflect.Value, out []reflect.Value) []reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = leaves(v.Elem(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			out = append(out, f)
			if f.Kind() == reflect.Pointer || f.Kind() == reflect.Struct {
				out = leaves(f, out)
			}
		}
	}
	return out
}

func FuzzValidate(f *testing.F) {
	c := loadCatalog(f)
	f.Add(uint(0), uint(0), "", 0, false)
	f.Add(uint(3), uint(20), "My_Bucket", 7, true)
	f.Add(uint(5), uint(40), "x", -1, false)
	f.Add(uint(1), uint(9), "demo/#", 1<<40, true)
	f.Fuzz(func(t *testing.T, route, field uint, str string, num int, flag bool) {
		m := multiHop[route%uint(len(multiHop))]
		s, err := New(c, "demo", "us-east-1", m.route)
		if err != nil {
			t.Fatal(err)
		}
		s.EnableTransform()
		ls := leaves(reflect.ValueOf(s), nil)
		// Mutate two fields so cross-field rules meet odd pairs.
		for _, i := range []uint{field, field / 7} {
			l := ls[i%uint(len(ls))]
			switch l.Kind() {
			case reflect.String:
				l.SetString(str)
			case reflect.Int:
				l.SetInt(int64(num))
			case reflect.Bool:
				l.SetBool(flag)
			case reflect.Slice:
				if flag {
					l.Set(reflect.Zero(l.Type()))
				} else {
					l.Set(reflect.Append(l, reflect.ValueOf(str)))
				}
			case reflect.Map:
				l.Set(reflect.ValueOf(map[string]string{str: str}))
			case reflect.Pointer:
				if flag {
					l.Set(reflect.Zero(l.Type()))
				} else if l.IsNil() {
					l.Set(reflect.New(l.Type().Elem()))
				}
			}
		}
		err1, err2 := Validate(c, s), Validate(c, s)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("Validate not deterministic:\n%v\n---\n%v", err1, err2)
		}
		var es Errors
		if err1 != nil && !errors.As(err1, &es) {
			t.Fatalf("Validate returned %T", err1)
		}
		for _, e := range es {
			var fe *FieldError
			if !errors.As(e, &fe) || fe.Field == "" || fe.Rule == "" {
				t.Fatalf("not a complete FieldError: %#v", e)
			}
		}
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(mutated)): %v\n%s", err, b)
		}
		if d := cmp.Diff(s, p, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip differs:\n%s", d)
		}
	})
}
