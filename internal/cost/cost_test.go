package cost_test

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Every row says where its figure comes from and when it was taken, and is
// complete for its charge.
func TestTableRows(t *testing.T) {
	seen := map[string]bool{}
	for _, row := range cost.Table() {
		name := string(row.Kind) + " " + row.Item
		if !strings.HasPrefix(row.Source, "https://aws.amazon.com/") {
			t.Errorf("%s: source %q is not an AWS page", name, row.Source)
		}
		if _, err := time.Parse(time.DateOnly, row.AsOf); err != nil {
			t.Errorf("%s: as-of %q is not a date: %v", name, row.AsOf, err)
		}
		if svc, k, ok := strings.Cut(string(row.Kind), "."); !ok || svc == "" || k == "" {
			t.Errorf("%s: kind %q is not service.kind", name, row.Kind)
		}
		if row.Item == "" {
			t.Errorf("%s: no item", name)
		}
		switch row.Charge {
		case cost.Free:
			if row.USD != 0 || row.Unit != "" {
				t.Errorf("%s: a free row with a price", name)
			}
		case cost.Idle, cost.PerRun, cost.Usage, cost.PerUser:
			if row.USD <= 0 || row.Unit == "" {
				t.Errorf("%s: %s row without a price and unit", name, row.Charge)
			}
		default:
			t.Errorf("%s: unknown charge %q", name, row.Charge)
		}
		if row.Charge == cost.PerRun && row.Minimum == "" {
			t.Errorf("%s: a per-run row must say its minimum", name)
		}
		if row.Charge != cost.PerRun && (row.MinUnits != 0 || row.Minimum != "") {
			t.Errorf("%s: only per-run rows have a minimum", name)
		}
		if row.Hourly && row.Charge != cost.Idle {
			t.Errorf("%s: Hourly applies to idle rows", name)
		}
		if row.CountDefault != 0 && row.Count == "" {
			t.Errorf("%s: a count default without a count setting", name)
		}
		key := name
		for k, v := range row.When {
			key += " " + k + "=" + v
		}
		if seen[key] {
			t.Errorf("%s: two rows for the same item", key)
		}
		seen[key] = true
	}
}

// Every kind a planner can produce today has a row, so no resource a
// deploy creates is unpriced; a new service package adds its rows here.
func TestEveryDeployedKindIsPriced(t *testing.T) {
	kinds, err := registry.Kinds(aws.Config{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	priced := map[plan.Kind]bool{}
	for _, row := range cost.Table() {
		priced[row.Kind] = true
	}
	for k := range kinds {
		if !priced[k] {
			t.Errorf("kind %s has no row in the price table (internal/cost/prices.go): add its price, or a Free row", k)
		}
	}
	// The kinds the analytics packages will plan (the data-lake,
	// warehouse and compute issues), priced before their planners exist.
	for _, k := range []plan.Kind{"glue.database", "glue.table", "glue.crawler", "glue.job", "athena.workgroup", "athena.named-query",
		"redshift-serverless.namespace", "redshift-serverless.workgroup", "redshift-serverless.usage-limit", "redshift.cluster", "redshift.sql",
		"opensearch.domain", "emr-serverless.application", "sagemaker.training-job",
		"logs.log-group", "logs.subscription-filter", "events.rule", "lambda.function-url", "secretsmanager.secret"} {
		if !priced[k] {
			t.Errorf("kind %s has no row", k)
		}
	}
}

func res(id string, kind plan.Kind, settings ...string) *plan.Resource {
	r := &plan.Resource{ID: id, Kind: kind, Name: "demo-" + id, Settings: map[string]string{}}
	for i := 0; i+1 < len(settings); i += 2 {
		r.Settings[settings[i]] = settings[i+1]
	}
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestEstimate(t *testing.T) {
	tests := []struct {
		name      string
		resources []*plan.Resource
		idle      float64
		lower     bool
		gated     bool
		runMin    map[string]float64
		unpriced  []string
	}{
		{name: "free and usage-only resources need no acceptance",
			resources: []*plan.Resource{res("role", plan.KindRole), res("queue", plan.KindQueue), res("topic", plan.KindTopic),
				res("table", plan.KindTable, "billingMode", "PAY_PER_REQUEST"), res("bucket", plan.KindBucket), res("firehose", plan.KindDeliveryStream)}},
		{name: "an on-demand stream bills every stream-hour",
			resources: []*plan.Resource{res("stream", plan.KindStream, "mode", "ON_DEMAND")},
			idle:      0.04 * 730, gated: true},
		{name: "a provisioned stream bills each shard-hour",
			resources: []*plan.Resource{res("stream", plan.KindStream, "mode", "PROVISIONED", "shards", "3")},
			idle:      0.015 * 3 * 730, gated: true},
		{name: "a provisioned table without its capacity in the plan: a lower bound",
			resources: []*plan.Resource{res("table", plan.KindTable, "billingMode", "PROVISIONED")},
			lower:     true, gated: true},
		{name: "a provisioned table with its capacity",
			resources: []*plan.Resource{res("table", plan.KindTable, "billingMode", "PROVISIONED", "readCapacityUnits", "5", "writeCapacityUnits", "5")},
			idle:      (0.00065*5 + 0.00013*5) * 730, gated: true},
		{name: "a crawler and a workgroup bill a minimum per run, nothing idle",
			resources: []*plan.Resource{res("crawler", "glue.crawler"), res("workgroup", "athena.workgroup"), res("query", "athena.named-query")},
			gated:     true, runMin: map[string]float64{"crawler": 0.44 / 6, "workgroup": 5 * 10 / 1e6}},
		{name: "a serverless warehouse: per run at its base capacity",
			resources: []*plan.Resource{res("workgroup", "redshift-serverless.workgroup", "baseCapacity", "8"), res("namespace", "redshift-serverless.namespace")},
			gated:     true, runMin: map[string]float64{"workgroup": 0.375 * 8 / 60}},
		{name: "a domain bills its instance and its volume every month",
			resources: []*plan.Resource{res("domain", "opensearch.domain", "instanceType", "t3.small.search", "volumeSizeGiB", "10")},
			idle:      0.036*730 + 0.122*10, gated: true},
		{name: "a domain of a type the table does not price is unpriced, and gated",
			resources: []*plan.Resource{res("domain", "opensearch.domain", "instanceType", "m5.large.search", "volumeSizeGiB", "10")},
			idle:      0.122 * 10, gated: true, unpriced: []string{`domain: the price table has no row for opensearch.domain with instanceType="m5.large.search"`}},
		{name: "a kind without a row is unpriced, and gated",
			resources: []*plan.Resource{res("thing", "other.kind")},
			gated:     true, unpriced: []string{"thing: the price table has no row for kind other.kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cost.Estimate(&plan.Plan{Env: plan.Env{Region: "us-east-1"}, Resources: tt.resources})
			if !near(c.IdleMonthlyUSD, tt.idle) {
				t.Errorf("idle = %v a month, want %v", c.IdleMonthlyUSD, tt.idle)
			}
			if c.IdleLowerBound != tt.lower {
				t.Errorf("lower bound = %v, want %v", c.IdleLowerBound, tt.lower)
			}
			if c.NeedsAcceptance != tt.gated {
				t.Errorf("needs acceptance = %v, want %v", c.NeedsAcceptance, tt.gated)
			}
			if g := c.Gating(func(string) bool { return false }); (g != nil) != tt.gated {
				t.Errorf("Gating = %+v, want gated %v", g, tt.gated)
			}
			for _, l := range c.Lines {
				if want, ok := tt.runMin[l.Resource]; ok && l.Price.Charge == cost.PerRun && !near(l.RunMinimumUSD, want) {
					t.Errorf("%s: run minimum %v, want %v", l.Resource, l.RunMinimumUSD, want)
				}
			}
			var unpriced []string
			for _, u := range c.Unpriced {
				unpriced = append(unpriced, u.Resource+": "+u.Why)
			}
			if diff := cmp.Diff(tt.unpriced, unpriced); diff != "" {
				t.Errorf("unpriced (-want +got):\n%s", diff)
			}
			// Every resource is accounted for: priced or unpriced.
			for _, r := range tt.resources {
				found := false
				for _, l := range c.Lines {
					found = found || l.Resource == r.ID
				}
				for _, u := range c.Unpriced {
					found = found || u.Resource == r.ID
				}
				if !found {
					t.Errorf("%s is neither priced nor unpriced", r.ID)
				}
			}
		})
	}
}

// Gating leaves out what is already deployed: its cost was accepted when
// it was created.
func TestGatingSkipsDeployed(t *testing.T) {
	c := cost.Estimate(&plan.Plan{Resources: []*plan.Resource{
		res("stream", plan.KindStream, "mode", "ON_DEMAND"), res("crawler", "glue.crawler"), res("role", plan.KindRole)}})
	g := c.Gating(func(id string) bool { return id == "stream" })
	if g == nil || len(g.Lines) != 1 || g.Lines[0].Resource != "crawler" || g.IdleMonthlyUSD != 0 {
		t.Fatalf("Gating = %+v, want the crawler alone", g)
	}
	if s := g.Summary(); !strings.Contains(s, "crawler (glue.crawler) per run: at least $0.07 (10 minutes per crawl)") || strings.Contains(s, "idle") {
		t.Errorf("summary = %q", s)
	}
	if g := c.Gating(func(id string) bool { return id != "role" }); g != nil {
		t.Errorf("all deployed: Gating = %+v, want nil", g)
	}
	// Two idle lines: the summary adds their floor.
	domain := cost.Estimate(&plan.Plan{Resources: []*plan.Resource{res("domain", "opensearch.domain", "instanceType", "t3.small.search", "volumeSizeGiB", "10")}})
	want := "domain (opensearch.domain) idle ≈ $26.28/month; domain (opensearch.domain) idle ≈ $1.22/month; idle floor ≈ $27.50/month until `wireup destroy`"
	if s := domain.Gating(func(string) bool { return false }).Summary(); s != want {
		t.Errorf("summary = %q, want %q", s, want)
	}
}

// The text of the estimate, for a plan of today's kinds and one of the
// analytics kinds in another region than the table's (the plan command's
// golden test prints a real plan's).
func TestWriteTextGolden(t *testing.T) {
	stream := &plan.Plan{Env: plan.Env{Region: "us-east-1"}, Resources: []*plan.Resource{
		res("stream", plan.KindStream, "mode", "PROVISIONED", "shards", "2"), res("table", plan.KindTable, "billingMode", "PROVISIONED"),
		res("queue", plan.KindQueue), res("function", plan.KindFunction), res("permission", plan.KindPermission),
	}}
	lake := &plan.Plan{Env: plan.Env{Region: "eu-west-1"}, Resources: []*plan.Resource{
		res("bucket", plan.KindBucket), res("database", "glue.database"), res("table", "glue.table"), res("crawler", "glue.crawler"),
		res("workgroup", "athena.workgroup"), res("warehouse", "redshift-serverless.workgroup"),
		res("domain", "opensearch.domain", "instanceType", "t3.small.search"), res("job", "emr-serverless.application"),
		res("training", "sagemaker.training-job", "instanceType", "ml.m5.large"), res("role", plan.KindRole), res("thing", "other.kind"),
	}}
	for name, p := range map[string]*plan.Plan{"stream": stream, "lake": lake} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := cost.Estimate(p).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".txt")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got; -update rewrites it):\n%s", golden, diff)
			}
		})
	}
}

// A per-user price (QuickSight's subscription) is gated like an idle one,
// but it is no idle floor: destroy does not end it, and the text says so.
func TestPerUserIsGatedButNoIdleFloor(t *testing.T) {
	p := &plan.Plan{Env: plan.Env{Region: "us-east-1"}, Resources: []*plan.Resource{
		{ID: plan.IDDataSet, Kind: plan.KindDataSet, Name: "demo-events"},
		{ID: plan.IDDataSource, Kind: plan.KindDataSource, Name: "demo-athena"},
	}}
	c := cost.Estimate(p)
	if !c.NeedsAcceptance || c.IdleMonthlyUSD != 0 || len(c.Unpriced) != 0 {
		t.Fatalf("estimate %+v: want acceptance, no idle floor, every kind priced", c)
	}
	g := c.Gating(func(string) bool { return false })
	if g == nil || len(g.Lines) != 1 || g.Lines[0].Price.Charge != cost.PerUser {
		t.Fatalf("gating %+v: want the one per-user line", g)
	}
	if s := g.Summary(); !strings.Contains(s, "per user-month") || !strings.Contains(s, "destroy does not end it") {
		t.Errorf("summary %q does not say the price is per user and outlives destroy", s)
	}
	if g := c.Gating(func(id string) bool { return id == plan.IDDataSet }); g != nil {
		t.Errorf("gating after the dataset is deployed = %+v, want nil", g)
	}
}
