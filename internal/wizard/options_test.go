package wizard

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard/options"
)

// wantChanged is the iot → s3 spec after the change-options path below.
func wantChanged(t *testing.T) *spec.Spec {
	t.Helper()
	want, err := registry.New(loadCatalog(t), "demo", DefaultRegion, []string{"iot-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	want.S3.Bucket = "my-data-bucket"
	want.S3.Versioning = true
	return want
}

func TestTUIChangeOptionsRejectsInvalidBucketAsTyped(t *testing.T) {
	c := loadCatalog(t)
	p := &tuiPrompter{t: t, steps: []step{
		keys("down", "enter"),
		typed("s3", "enter"),
		keys("enter"),
		typed("demo", "enter"),
		keys("down", "enter"),                    // review: change options
		keys("enter", "enter", "enter", "enter"), // name, directory, region, module unchanged
		keys("enter", "enter", // IoT topic and rule unchanged
			"ctrl+u"), // clear the bucket name
		append(append(typed("My_Bucket"), append(waitFor("✗ must be 3-63 characters"), keys("ctrl+u")...)...),
			typed("my-data-bucket", "enter", "y")...),
		keys("enter"), // review again: generate
	}}
	// The hop options form is one form: merge its two steps.
	p.steps[6] = append(p.steps[6], p.steps[7]...)
	p.steps = append(p.steps[:7], p.steps[8:]...)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	if diff := cmp.Diff(wantChanged(t), res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	// The live rule, before enter was pressed: only the description shows ✗.
	if !strings.Contains(p.out.String(), "✗ must be 3-63 characters of lowercase letters") {
		t.Errorf("the bucket rule was not shown as the name was typed")
	}
}

func TestAccessibleChangeOptionsRejectsInvalidBucket(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		sourceNumber(t, c, "iot"),
		destinationNumber(t, c, "iot", "s3"),
		"",             // route: the top one
		"demo",         // name
		"2",            // review: change options
		"", "", "", "", // name, directory, region, module unchanged
		"", "", // IoT topic and rule unchanged
		"My_Bucket",      // refused, with the rule
		"my-data-bucket", // accepted
		"y",              // versioning
		"",               // review again: generate
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if diff := cmp.Diff(wantChanged(t), res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if !strings.Contains(out.String(), "must be 3-63 characters of lowercase letters") {
		t.Errorf("the bucket rule was not printed:\n%s", out)
	}
}

// The project step offers the Go module path (wireup.yaml's module:): a
// path typed there is kept, refused while it breaks the rule; the default
// shown (example.com/<name>) is not written.
func TestAccessibleChangeOptionsModule(t *testing.T) {
	c := loadCatalog(t)
	for _, tt := range []struct{ typed, want string }{
		{"github.com/you/demo", "github.com/you/demo"},
		{"", ""},
	} {
		lines := []string{
			sourceNumber(t, c, "iot"),
			destinationNumber(t, c, "iot", "s3"),
			"", "demo", "2", // route, name, review: change options
			"", "", "", // name, directory, region unchanged
		}
		if tt.typed != "" {
			lines = append(lines, "demo") // refused: not a module path
		}
		lines = append(lines, tt.typed,
			"", "", "", "n", // IoT topic and rule, bucket unchanged; no versioning
			"") // review again: generate
		p, out := accessible(strings.Join(lines, "\n") + "\n")
		res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
		if err != nil {
			t.Fatalf("%q: Run: %v\n%s", tt.typed, err, out)
		}
		if res.Spec.Module != tt.want || res.Answers.Module != tt.want {
			t.Errorf("%q: module = %q (answers %q), want %q\n%s", tt.typed, res.Spec.Module, res.Answers.Module, tt.want, out)
		}
		if !strings.Contains(out.String(), "Go module path [example.com/demo]") {
			t.Errorf("the module prompt does not show its default:\n%s", out)
		}
		if tt.typed != "" && !strings.Contains(out.String(), "must be a Go module path") {
			t.Errorf("the refused path did not show the rule:\n%s", out)
		}
	}
}

// TestAccessibleChangeStreamOptions: the options step offers what
// wireup.yaml has for Kinesis → Lambda (encryption, starting position,
// batch size), refuses a batch size out of range as it is typed, and the
// review then shows every chosen option.
func TestAccessibleChangeStreamOptions(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		"2",            // review: change options
		"", "", "", "", // name, directory, region, module unchanged
		"", "", "y", "", // stream, capacity mode unchanged; encrypt; retention unchanged
		"", "2", "", "", // function unchanged; LATEST; memory, timeout unchanged
		"20000", "50", // batch size: refused, then 50
		"", // review again: generate
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p, Out: out}, Answers{Route: []string{"kinesis-to-lambda"}, Name: "demo"})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	want, err := registry.New(c, "demo", DefaultRegion, []string{"kinesis-to-lambda"})
	if err != nil {
		t.Fatal(err)
	}
	want.Kinesis.Encryption = true
	want.Lambda.StartingPosition = "LATEST"
	want.Lambda.BatchSize = 50
	if diff := cmp.Diff(want, res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if !strings.Contains(out.String(), "must be a whole number of records from 1 to 10000") {
		t.Errorf("the batch size rule was not printed:\n%s", out)
	}
	review := out.String()[strings.LastIndex(out.String(), "Review of"):]
	for _, opt := range []string{"encryption on", "retention 24 h", "capacity on demand", "batch size 50", "starting position LATEST", "memory 256 MiB", "timeout 30 s"} {
		if !strings.Contains(review, opt) {
			t.Errorf("the review does not show %q:\n%s", opt, review)
		}
	}
}

// TestAccessibleFirehoseTransformAndFilters: Firehose's transform is offered
// and added with its defaults; an S3 source offers its notification's key
// filters, checked by the spec's rules.
func TestAccessibleFirehoseTransformAndFilters(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		"2",            // review: change options
		"", "", "", "", // name, directory, region, module unchanged
		"", "", "", "y", "", "", // delivery stream, prefix, compression unchanged; transform; buffers unchanged
		"", "", // bucket, versioning unchanged
		"", // review again: generate
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p, Out: out}, Answers{Route: []string{"firehose-to-s3"}, Name: "demo"})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	want, err := registry.New(c, "demo", DefaultRegion, []string{"firehose-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	want.EnableTransform()
	if diff := cmp.Diff(want, res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	review := out.String()[strings.LastIndex(out.String(), "Review of"):]
	for _, opt := range []string{"compression GZIP", "buffer ", "prefix ", "transform 256 MiB", "versioning off"} {
		if !strings.Contains(review, opt) {
			t.Errorf("the review does not show %q:\n%s", opt, review)
		}
	}

	s, err := registry.New(c, "demo", DefaultRegion, []string{"s3-to-lambda"})
	if err != nil {
		t.Fatal(err)
	}
	script = strings.Join([]string{
		"", "", // bucket, versioning unchanged
		"/bad", "uploads/", ".json", // filter prefix refused, then accepted; suffix
		"", "", "", // function, memory, timeout unchanged
	}, "\n") + "\n"
	p, out = accessible(script)
	form, opts, err := options.BuildForm(c, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(context.Background(), form); err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	got, err := opts.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if got.S3.FilterPrefix != "uploads/" || got.S3.FilterSuffix != ".json" {
		t.Errorf("filters = %q, %q, want uploads/, .json\n%s", got.S3.FilterPrefix, got.S3.FilterSuffix, out)
	}
	if !strings.Contains(out.String(), `must not start with "/"`) {
		t.Errorf("the prefix rule was not printed:\n%s", out)
	}
}
