package registry

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// catalogAndTable loads the catalog and the capability table.
func catalogAndTable(t *testing.T) (*catalog.Catalog, targets.Table) {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	table, err := Targets()
	if err != nil {
		t.Fatal(err)
	}
	return c, table
}

// Every generatable integration has a recorded capability on each
// emulator, with a reason wherever it cannot deploy or move data.
func TestEveryGeneratableIntegrationIsRecorded(t *testing.T) {
	c, table := catalogAndTable(t)
	for _, in := range c.Integrations {
		if !in.Generate {
			continue
		}
		for _, tg := range targets.All {
			cp := table.For(tg, in.ID)
			if strings.HasPrefix(cp.DeployReason, "not measured") {
				t.Errorf("%s on %s: not recorded", in.ID, tg)
			}
			if !cp.Deploy && cp.DeployReason == "" || !cp.Data && cp.DataReason == "" {
				t.Errorf("%s on %s: %+v lacks a reason", in.ID, tg, cp)
			}
		}
	}
}

// A hop's rows live in one package, by one rule: the package whose planner
// wires the hop; for a hop of application code (from or to app), the
// package of its AWS service; for an option on a hop (a transform), the
// package of the service it is an option of. No package declares a row for
// an integration that is neither generatable nor a transform.
func TestCapabilityRowsLiveWithTheirOwner(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]string{} // integration id → the service whose package declares it
	for _, s := range serviceRows() {
		for id := range s.rows {
			in := c.Integration(id)
			switch {
			case in == nil:
				t.Errorf("%s declares a row for %s, which is not in the catalog", s.service, id)
			case !in.Generate && !in.Transform:
				t.Errorf("%s declares a row for %s, which the catalog does not mark generate: true", s.service, id)
			}
			declared[id] = s.service
		}
	}
	for _, in := range c.Integrations {
		var owner string
		switch {
		case in.Transform:
			if declared[in.ID] == "" {
				continue // an option wireup does not deploy
			}
			owner = in.From
		case !in.Generate:
			continue
		case in.From == "app":
			owner = in.To
		case in.To == "app":
			owner = in.From
		default:
			wired, err := recordedPlan(specWith(t, c, in), c)
			if err != nil {
				t.Errorf("%s: %v", in.ID, err)
				continue
			}
			owner = wired[in.ID]
		}
		if declared[in.ID] != owner {
			t.Errorf("%s: its rows are in the %q package, want %q (see the rule above)", in.ID, declared[in.ID], owner)
		}
	}
}

// S3 cannot import the lambda package (lambda imports s3), so it states
// moto's Lambda gap itself; it must say what lambda says.
func TestDeliveriesIntoAFunctionGiveLambdasReason(t *testing.T) {
	table, err := Targets()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"s3-to-lambda", "sns-to-lambda", "kinesis-to-lambda"} {
		if got := table.For(targets.Moto, id).DataReason; !strings.HasPrefix(got, lambda.MotoRunsNoFunction) {
			t.Errorf("%s on moto: %q, want lambda.MotoRunsNoFunction", id, got)
		}
	}
}

// The banner warns where wireup leaves a spec's setting off: kumo's stream
// encryption and point-in-time recovery, and the TLS-only bucket policy on
// moto, in that order.
func TestSpecNotes(t *testing.T) {
	both := &spec.Spec{Kinesis: &spec.Kinesis{Encryption: true}, DynamoDB: &spec.DynamoDB{PointInTimeRecovery: true}, S3: &spec.S3{Bucket: "b"}}
	for _, tt := range []struct {
		t    targets.Target
		s    *spec.Spec
		want []string
	}{
		{targets.Kumo, both, []string{"kinesis.encryption", "dynamodb.pointInTimeRecovery"}},
		{targets.Moto, both, []string{"s3 TLS-only bucket policy"}},
		{targets.Kumo, &spec.Spec{Kinesis: &spec.Kinesis{}, DynamoDB: &spec.DynamoDB{}, S3: &spec.S3{Bucket: "b"}}, nil},
		{targets.Kumo, &spec.Spec{}, nil},
		{targets.Moto, &spec.Spec{}, nil},
		{targets.AWS, both, nil},
		{targets.LocalStack, &spec.Spec{S3: &spec.S3{Bucket: "b"}}, nil},
	} {
		var got []string
		for _, n := range SpecNotes(tt.t, tt.s) {
			got = append(got, n.Setting)
			if n.Note == "" {
				t.Errorf("%s: the note on %s has no text", tt.t, n.Setting)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("SpecNotes(%s) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

// The SNS producer is limited on kumo (no PublishBatch), and the
// EventBridge producer on moto unless the rule's target is SQS (PutEvents
// answers HTTP 500 once a rule with another target matches).
func TestProducer(t *testing.T) {
	tests := []struct {
		t     targets.Target
		route []string
		ok    bool
	}{
		{targets.Kumo, []string{"sns-to-sqs"}, false},
		{targets.Kumo, []string{"app-to-sqs"}, true},
		{targets.Kumo, []string{"kinesis-to-lambda"}, true},
		{targets.Kumo, []string{"app-to-s3", "s3-to-sns"}, true},
		{targets.Moto, []string{"eventbridge-to-sqs", "sqs-to-lambda"}, true},
		{targets.Moto, []string{"eventbridge-to-lambda"}, false},
		{targets.Moto, []string{"eventbridge-to-firehose", "firehose-to-s3"}, false},
		{targets.Kumo, []string{"eventbridge-to-kinesis"}, true},
	}
	for _, tt := range tests {
		ok, why := Producer(tt.t, tt.route)
		if ok != tt.ok || ok != (why == "") {
			t.Errorf("Producer(%s, %v) = %v, %q; want %v with a reason when false", tt.t, tt.route, ok, why, tt.ok)
		}
	}
}

// A Firehose transform is not a route hop, but verify must count what the
// target does with it: the plan's hops name it after the route's, from the
// transform function's resource.
func TestPlanHopsCountTheTransform(t *testing.T) {
	c, table := catalogAndTable(t)
	route := []string{"app-to-firehose", "firehose-to-s3"}
	for _, transform := range []bool{false, true} {
		s, err := New(c, "demo", "us-east-1", route)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(route, ",")
		if transform {
			s.EnableTransform()
			want += ",firehose-transform-lambda"
		}
		p, err := Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(p.Hops(), ","); got != want {
			t.Errorf("transform %v: Hops = %s, want %s", transform, got, want)
		}
		got := table.Route(targets.Moto, p.Hops())
		if blocked := strings.HasPrefix(got.DataReason, "firehose-transform-lambda: "); got.Data == transform || blocked != transform {
			t.Errorf("transform %v: moto route = %+v", transform, got)
		}
	}
}
