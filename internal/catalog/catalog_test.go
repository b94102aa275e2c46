package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLoadEmbedded(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Services) < 16 || len(c.Integrations) < 80 {
		t.Fatalf("catalog too small: %d services, %d integrations", len(c.Services), len(c.Integrations))
	}
}

// TestSeedIntegrations pins every source→destination the seed document names.
func TestSeedIntegrations(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{
		1:  {"iot>kinesis", "iot>dynamodb", "iot>sqs", "iot>sns", "iot>s3", "iot>lambda"},
		2:  {"app>kinesis", "kpl>kinesis", "kinesis-agent>kinesis", "spark>kinesis", "kafka>kinesis", "kinesis>kcl", "kinesis>app", "kinesis>firehose", "kinesis>lambda", "kinesis>kinesis-connector", "kinesis>spark"},
		3:  {"app>firehose", "kpl>firehose", "kinesis-agent>firehose", "kinesis>firehose", "cloudwatch-logs>firehose", "eventbridge>firehose", "iot>firehose", "firehose>lambda", "firehose>s3", "firehose>redshift", "firehose>opensearch", "firehose>splunk"},
		4:  {"kinesis>kda", "firehose>kda", "s3>kda", "kda>lambda", "kda>kinesis", "kda>firehose"},
		5:  {"app>sqs", "iot>sqs", "s3>sqs", "sqs>app", "sqs>lambda"},
		6:  {"snowball>s3", "firehose>s3", "redshift>s3", "athena>s3", "datapipeline>s3", "iot>s3", "dms>s3", "emr>s3", "glue>s3", "s3>lambda", "s3>sqs", "s3>sns"},
		7:  {"app>dynamodb", "dms>dynamodb", "datapipeline>dynamodb", "dynamodb>lambda", "dynamodb>kcl", "dynamodb>glue", "dynamodb>emr"},
		8:  {"dynamodb>glue", "s3>glue", "jdbc>glue", "glue>redshift", "glue>athena", "glue>emr"},
		9:  {"glue>emr", "s3>emr", "dynamodb>emr", "ranger>emr"},
		10: {"s3>machine-learning", "redshift>machine-learning"},
		11: {"s3>sagemaker"},
		12: {"s3>datapipeline", "jdbc>datapipeline", "datapipeline>emr", "dynamodb>datapipeline"},
		13: {"firehose>opensearch", "iot>opensearch", "cloudwatch-logs>opensearch", "opensearch>kibana", "iam>opensearch", "cognito>opensearch"},
		14: {"s3>athena", "glue>athena", "athena>quicksight"},
		15: {"s3>redshift", "redshift>s3", "redshift>quicksight", "redshift>postgresql"},
		16: {"jdbc>quicksight", "redshift>quicksight", "s3>quicksight", "athena>quicksight", "saas>quicksight"},
	}
	for section, edges := range want {
		for _, e := range edges {
			from, to, _ := strings.Cut(e, ">")
			found := false
			for _, in := range c.Select(Filter{From: from, To: to, IncludeRetired: true}) {
				for _, s := range in.Sections {
					found = found || s == section
				}
			}
			if !found {
				t.Errorf("section %d: no integration %s → %s", section, from, to)
			}
		}
	}
}

func TestRetiredLifecycle(t *testing.T) {
	c, _ := Load()
	for _, id := range []string{"kda", "datapipeline", "machine-learning", "snowball"} {
		s := c.Service(id)
		if s == nil || !s.Retired() || s.Lifecycle.Replacement == "" {
			t.Errorf("%s: want retired with a replacement, got %+v", id, s)
		}
	}
	for _, id := range []string{"firehose", "opensearch"} {
		if s := c.Service(id); s.Lifecycle.Status != StatusRenamed {
			t.Errorf("%s: want renamed, got %q", id, s.Lifecycle.Status)
		}
	}
	if !c.Integration("kinesis-to-kda").Retired() {
		t.Error("kinesis-to-kda should inherit the retired lifecycle of kda")
	}
	if len(c.Select(Filter{To: "kda"})) != 0 {
		t.Error("retired integrations selected without IncludeRetired")
	}
}

func TestValidationErrors(t *testing.T) {
	base := `
services:
  - {id: a, name: A, kind: service, group: ingest, description: a}
  - {id: b, name: B, kind: service, group: ingest, description: b}
integrations:
`
	var all strings.Builder
	for n := 1; n <= SeedSections; n++ {
		if n == 1 {
			continue
		}
		all.WriteString("  - {id: e" + string(rune('a'+n)) + ", from: a, to: b, mechanism: m, handling: deploy, description: d, sections: [" + itoa(n) + "]}\n")
	}
	tests := []struct {
		name, extra, want string
	}{
		{"missing section", "", "seed section 1 has no integration"},
		{"dangling", "  - {id: x, from: a, to: nope, mechanism: m, handling: deploy, description: d, sections: [1]}\n", `unknown destination service "nope"`},
		{"duplicate", "  - {id: ec, from: a, to: b, mechanism: m, handling: deploy, description: d, sections: [1]}\n", `integration "ec": duplicate id`},
		{"handling", "  - {id: x, from: a, to: b, mechanism: m, handling: magic, description: d, sections: [1]}\n", `unknown handling "magic"`},
		{"section range", "  - {id: x, from: a, to: b, mechanism: m, handling: deploy, description: d, sections: [1, 17]}\n", "out of range"},
		{"generated transform", "  - {id: x, from: a, to: b, mechanism: m, handling: deploy, description: d, sections: [1], transform: true, generate: true}\n", "generate applies to a route hop"},
		{"unknown field", "  - {id: x, from: a, to: b, mechanism: m, handling: deploy, description: d, sections: [1], colour: red}\n", "colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(base + all.String() + tt.extra))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return "1" + string(rune('0'+n-10))
}

func TestResolve(t *testing.T) {
	c, _ := Load()
	for in, want := range map[string]string{"s3": "s3", "Kinesis-Firehose": "firehose", "elasticsearch": "opensearch", " DDB ": "dynamodb"} {
		s, err := c.Resolve(in)
		if err != nil || s.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", in, s, err, want)
		}
	}
	_, err := c.Resolve("kinesys")
	if err == nil || !strings.Contains(err.Error(), "did you mean kinesis") {
		t.Fatalf("Resolve(kinesys) error = %v", err)
	}
	_, err = c.Resolve("qqqqqqqqqqqq")
	if want := `unknown service "qqqqqqqqqqqq". Run`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Resolve(qqqqqqqqqqqq) error = %v, want it to start %q", err, want)
	}
}

// TestResolveSuggestions pins the ranking of the suggestions for an unknown
// name: what the name starts first, then typos within a third of its length.
func TestResolveSuggestions(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		wantFirst string // "" for no suggestion at all
		never     []string
	}{
		{"ki", "kinesis", nil},
		{"kin", "kinesis", []string{"kibana"}},
		{"kinesys", "kinesis", nil},
		{"fire", "firehose", nil},
		{"dynamo-db", "dynamodb", nil},
		{"s4", "s3", nil},
		{"elasticsarch", "opensearch", nil},
		{"lamda", "lambda", nil},
		{" Kines ", "kinesis", nil},
		{"pipes", "", []string{"saas"}},
		{"qqqqqqqqqqqq", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Resolve(tt.name)
			var unknown *UnknownServiceError
			if !errors.As(err, &unknown) {
				t.Fatalf("Resolve(%q) error = %v, want an UnknownServiceError", tt.name, err)
			}
			got := unknown.Suggestions
			if len(got) > 3 {
				t.Errorf("%d suggestions %v, want at most 3", len(got), got)
			}
			switch {
			case tt.wantFirst == "" && len(got) > 0:
				t.Errorf("suggestions %v, want none", got)
			case tt.wantFirst != "" && (len(got) == 0 || got[0] != tt.wantFirst):
				t.Errorf("suggestions %v, want %s first", got, tt.wantFirst)
			}
			for _, n := range tt.never {
				if slices.Contains(got, n) {
					t.Errorf("suggestions %v include %s", got, n)
				}
			}
		})
	}
}
