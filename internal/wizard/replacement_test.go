package wizard

import (
	"context"
	"strings"
	"testing"
)

// Data Pipeline takes no new customers: the source list offers it with
// its replacement, and choosing it leads to glue-to-s3 (a Glue job run by
// Step Functions), or back to the source list.
func TestDataPipelineOffersItsReplacement(t *testing.T) {
	c := loadCatalog(t)
	var label string
	for _, e := range sourceEntries(c) {
		if e.Opt.Value == "datapipeline" {
			label = e.Opt.Key
		}
	}
	if !strings.Contains(label, "retired; wireup generates") || !strings.Contains(label, "Glue") {
		t.Errorf("Data Pipeline's source line = %q, want its replacement named", label)
	}
	script := strings.Join([]string{
		sourceNumber(t, c, "datapipeline"),
		"1",    // replacement: generate glue-to-s3
		"demo", // project name
		"",     // review: generate
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if got := strings.Join(res.Spec.Route, "+"); got != "glue-to-s3" || res.Spec.Glue.Job == nil || res.Spec.StepFunctions == nil {
		t.Errorf("route %s, job %v, state machine %v; want glue-to-s3 with both", got, res.Spec.Glue.Job, res.Spec.StepFunctions)
	}
	text := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{"AWS Data Pipeline is retired (2024-07-25)", "Closed to new customers", "wireup generates its replacement",
		"https://aws.amazon.com/blogs/big-data/migrate-workloads-from-aws-data-pipeline/"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Back from the replacement goes to the source list, whose next choice
// completes.
func TestDataPipelineBack(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		sourceNumber(t, c, "datapipeline"),
		"2", // back: choose another source
		sourceNumber(t, c, "iot"),
		destinationNumber(t, c, "iot", "s3"),
		"", "demo", "",
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if got := strings.Join(res.Spec.Route, "+"); got != "iot-to-s3" {
		t.Errorf("route %s, want iot-to-s3", got)
	}
}
