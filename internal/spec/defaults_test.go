package spec

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/catalog"
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// generatableIDs returns every generatable integration id, sorted.
func generatableIDs(c *catalog.Catalog) []string {
	var ids []string
	for _, in := range c.Integrations {
		if in.Generate {
			ids = append(ids, in.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// multiHop are the long routes the generator and deployer must handle.
var multiHop = []struct {
	route     []string
	transform bool
}{
	{route: []string{"app-to-iot", "iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}},
	{route: []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}},
	{route: []string{"app-to-kinesis", "kinesis-to-lambda"}},
	{route: []string{"s3-to-sns", "sns-to-sqs"}},
	{route: []string{"app-to-firehose", "firehose-to-s3"}, transform: true},
	{route: []string{"s3-to-sns", "sns-to-sqs", "sqs-to-lambda"}},
	{route: []string{"app-to-s3", "s3-to-sqs", "sqs-to-lambda"}},
	{route: []string{"iot-to-firehose", "firehose-to-s3", "s3-to-lambda"}},
	{route: []string{"app-to-dynamodb", "dynamodb-to-lambda"}},
	{route: []string{"iot-to-sqs", "sqs-to-app"}},
	{route: []string{"app-to-iot", "iot-to-sns", "sns-to-sqs", "sqs-to-lambda"}},
	{route: []string{"app-to-kinesis", "kinesis-to-firehose", "firehose-to-s3", "s3-to-sns", "sns-to-sqs", "sqs-to-lambda"}, transform: true},
}

func TestNewValidForEveryRoute(t *testing.T) {
	c := loadCatalog(t)
	type tc struct {
		route     []string
		transform bool
	}
	var cases []tc
	for _, id := range generatableIDs(c) {
		if c.Integration(id).StartsRoute() { // the others: TestNewRefusesContinuationStart
			cases = append(cases, tc{route: []string{id}})
		}
	}
	for _, m := range multiHop {
		cases = append(cases, tc{m.route, m.transform})
	}
	names := []struct{ name, region string }{
		{"demo", "us-east-1"},
		{"a", "cn-north-1"},
		{strings.Repeat("x", MaxProjectNameLen-3) + "-9z", "us-gov-west-1"},
		{"orders2", "eu-central-2"},
		{"p" + strings.Repeat("0", MaxProjectNameLen-1), "us-isob-east-1"},
	}
	for _, tt := range cases {
		for _, n := range names {
			t.Run(strings.Join(tt.route, ",")+"/"+n.name, func(t *testing.T) {
				s, err := New(c, n.name, n.region, tt.route, testDefaults...)
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if tt.transform {
					s.EnableTransform()
				}
				if err := Validate(c, s, testRules...); err != nil {
					t.Fatalf("Validate(New(..., testDefaults...)):\n%v", err)
				}
				a, err := s.Marshal()
				if err != nil {
					t.Fatal(err)
				}
				p, err := Parse(a)
				if err != nil {
					t.Fatalf("Parse(Marshal(New)): %v\n%s", err, a)
				}
				if d := cmp.Diff(s, p, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("Parse(Marshal(s)) differs (-new +parsed):\n%s", d)
				}
				b, err := p.Marshal()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("Marshal not deterministic:\n%s\n---\n%s", a, b)
				}
				if err := Validate(c, p, testRules...); err != nil {
					t.Errorf("Validate(parsed): %v", err)
				}
			})
		}
	}
}

// TestNewEveryConnectedRoute walks every connected route of generatable hops
// up to six hops and checks New produces a valid spec or refuses the route.
func TestNewEveryConnectedRoute(t *testing.T) {
	c := loadCatalog(t)
	ids := generatableIDs(c)
	var walk func(route []string)
	n := 0
	walk = func(route []string) {
		if len(route) > 0 {
			n++
			s, err := New(c, "demo", "us-east-1", route, testDefaults...)
			if err != nil {
				if checkRoute(c, route) == nil {
					t.Errorf("New(%v): %v", route, err)
				}
				return // repeated service: not extendable either
			}
			if err := Validate(c, s, testRules...); err != nil {
				t.Errorf("Validate(New(%v, testDefaults...)):\n%v", route, err)
			}
			if s.Firehose != nil {
				s.EnableTransform()
				if err := Validate(c, s, testRules...); err != nil {
					t.Errorf("Validate(New(%v)+transform):\n%v", route, err)
				}
			}
		}
		if len(route) == 6 {
			return
		}
		for _, id := range ids {
			if len(route) > 0 && c.Integration(route[len(route)-1]).To != c.Integration(id).From {
				continue
			}
			walk(append(slices.Clone(route), id))
		}
	}
	walk(nil)
	t.Logf("%d routes", n)
}

func TestNewRefuses(t *testing.T) {
	c := loadCatalog(t)
	tests := []struct {
		route []string
		want  string
	}{
		{nil, "route: \"[]\" needs at least one integration id"},
		{[]string{"nope"}, `route[0]: "nope" is not an integration id`},
		{[]string{"app-to-sqs", "kinesis-to-lambda"}, `route[1]: "kinesis-to-lambda" does not start where app-to-sqs ends (sqs)`},
		{[]string{"app-to-sqs", "sqs-to-app", "app-to-sqs"}, `route[2]: "app-to-sqs" visits sqs a second time`},
		{[]string{"dms-to-s3"}, "generation is not available yet for dms-to-s3"},
	}
	for _, tt := range tests {
		_, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%v) = %v, want error containing %q", tt.route, err, tt.want)
		}
	}
	_, err := New(c, "Demo App", "mars-1", []string{"app-to-sqs"}, testDefaults...)
	want := `invalid spec:
  name: "Demo App" must be 1-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (it prefixes every AWS resource name)
  region: "mars-1" must be an AWS region code such as us-east-1, eu-central-2 or us-gov-west-1 (at most 20 characters)`
	if err == nil || err.Error() != want {
		t.Errorf("New(bad name, bad region) = %v, want\n%s", err, want)
	}
}

func TestUngeneratable(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		route []string
		want  []string
	}{
		{[]string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}, nil},
		{[]string{"kinesis-to-kda", "kda-to-lambda"}, []string{"kinesis-to-kda", "kda-to-lambda"}},
		{[]string{"app-to-kinesis", "kinesis-to-kda"}, []string{"kinesis-to-kda"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, c.Ungeneratable(tt.route)); diff != "" {
			t.Errorf("Ungeneratable(%v) (-want +got):\n%s", tt.route, diff)
		}
	}
}

// A hop whose source holds no data of its own cannot start a route: the
// refusal names it and a route that starts where data enters, which is
// itself a route New accepts.
func TestNewRefusesContinuationStart(t *testing.T) {
	c := loadCatalog(t)
	for _, in := range c.Integrations {
		if !in.Generate || in.StartsRoute() {
			continue
		}
		_, err := New(c, "demo", "us-east-1", []string{in.ID}, testDefaults...)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "route[0]" || !strings.Contains(fe.Rule, "cannot start a route") {
			t.Errorf("New([%s]) = %v, want a route[0] error saying it cannot start a route", in.ID, err)
			continue
		}
		if _, start, ok := strings.Cut(fe.Rule, "wireup new --route "); ok {
			route := strings.Split(strings.TrimSuffix(start, "`"), ",")
			if _, err := New(c, "demo", "us-east-1", route, testDefaults...); err != nil {
				t.Errorf("%s: the suggested route %v is refused: %v", in.ID, route, err)
			}
		}
	}
}
