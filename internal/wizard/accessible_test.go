package wizard

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/wizard/field"
)

// TestAccessibleTypedNamesOverAPipe: in accessible mode, over a pipe as a
// screen reader's terminal would feed it, services are chosen by name or
// alias as well as by number; an ambiguous name asks again; nothing is cut
// or drawn with box glyphs; every prompt shows its default.
func TestAccessibleTypedNamesOverAPipe(t *testing.T) {
	c := loadCatalog(t)
	for _, tt := range []struct {
		name        string
		source, dst []string // answers, the last one accepted
		route       []string
	}{
		{"ids", []string{"iot"}, []string{"s3"}, []string{"iot-to-s3"}},
		{"aliases and names", []string{"Kinesis Data Streams"}, []string{"nothing-like-this", "Amazon Data Firehose"}, nil},
		{"alias kds", []string{"kds"}, []string{"firehose"}, nil},
		{"ambiguous first", []string{"amazon", "iot core"}, []string{"s3"}, []string{"iot-to-s3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lines := append(append(append([]string{}, tt.source...), tt.dst...), "", "demo", "")
			pr, pw := io.Pipe()
			go func() {
				for _, l := range lines {
					if _, err := pw.Write([]byte(l + "\n")); err != nil {
						return
					}
				}
				pw.Close()
			}()
			var out bytes.Buffer
			p := &prompter.Huh{In: pr, Out: &out, Accessible: true}
			res, err := Run(context.Background(), Params{Catalog: c, Prompter: p, Out: &out, Accessible: true}, Answers{})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, out.String())
			}
			if tt.route != nil {
				want, _ := registry.New(c, "demo", DefaultRegion, tt.route)
				if diff := cmp.Diff(want, res.Spec); diff != "" {
					t.Errorf("spec (-want +got):\n%s", diff)
				}
			} else if res.Answers.Source != "kinesis" || res.Answers.Destination != "firehose" {
				t.Errorf("source, destination = %s, %s; want kinesis, firehose\n%s", res.Answers.Source, res.Answers.Destination, out.String())
			}
			screen := out.String()
			for _, g := range []string{"┃", "▼", "…", "✓", "✗", "→"} {
				if strings.Contains(screen, g) {
					t.Errorf("accessible output has %q:\n%s", g, screen)
				}
			}
			if len(tt.source) > 1 && !strings.Contains(screen, `"amazon" matches`) {
				t.Errorf("an ambiguous name was not asked again:\n%s", screen)
			}
			if len(tt.dst) > 1 && !strings.Contains(screen, `nothing matches "nothing-like-this"`) {
				t.Errorf("a name matching nothing was not refused:\n%s", screen)
			}
			// Every prompt ends with its default: "(enter for ...)", "[...]"
			// or [y/N].
			prompts := regexp.MustCompile(`(?m)^(\w*:? ?[Ee]nter a number[^\n]*?: |Project name[^\n]*)`).FindAllString(screen, -1)
			if len(prompts) < 4 {
				t.Errorf("only %d prompts found:\n%s", len(prompts), screen)
			}
			for _, pr := range prompts {
				if !strings.Contains(pr, "(enter for ") {
					t.Errorf("prompt without its default: %q", pr)
				}
			}
		})
	}
}

// runAccessibleForm runs form in accessible mode, its answers fed line by
// line over a pipe, and returns what it printed.
func runAccessibleForm(t *testing.T, form *huh.Form, answers ...string) string {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		for _, a := range answers {
			if _, err := pw.Write([]byte(a + "\n")); err != nil {
				return
			}
		}
	}()
	defer pw.Close()
	var out bytes.Buffer
	p := &prompter.Huh{In: pr, Out: &out, Accessible: true}
	if err := p.Run(context.Background(), form); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	return out.String()
}

// TestAccessibleNotesInPlainWords: the notes accessible mode reads out (the
// services not offered, a dead end, a retired source) name routes with
// words, not arrows, and are not broken into screen-width lines.
func TestAccessibleNotesInPlainWords(t *testing.T) {
	c := loadCatalog(t)
	dst, _ := buildDestinationForm(c, "iot")
	dead, _ := buildDeadEndForm(c, "iot", "kibana")
	r := replacement(c, "datapipeline")
	if r == nil {
		t.Fatal("no replacement route for datapipeline")
	}
	repl, _ := buildReplacementForm(c, "datapipeline", *r)
	for _, tt := range []struct {
		name   string
		form   *huh.Form
		answer string
		want   string // one line of the note, whole
	}{
		{"not offered", dst, "s3", "AWS Data Pipeline is retired (2024-07-25); use AWS Glue, AWS Step Functions or Amazon MWAA. wireup generates AWS Glue to Amazon S3 (start from AWS Glue)."},
		{"dead end", dead, "", "Nearest generatable route: AWS IoT Core to "},
		{"retired source", repl, "", "wireup generates its replacement: AWS Glue to Amazon S3 — "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			screen := runAccessibleForm(t, tt.form, tt.answer)
			if strings.Contains(screen, "→") {
				t.Errorf("accessible output has an arrow:\n%s", screen)
			}
			found := false
			for _, line := range strings.Split(screen, "\n") {
				found = found || strings.Contains(line, tt.want)
			}
			if !found {
				t.Errorf("no line holds %q whole:\n%s", tt.want, screen)
			}
		})
	}
}

// TestPlainText: arrows become words wherever they are, wrapped or not.
func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"AWS IoT Core → Amazon S3":         "AWS IoT Core to Amazon S3",
		"AWS IoT Core →\n  Amazon S3":      "AWS IoT Core to\n  Amazon S3",
		"iot→s3":                           "iot to s3",
		"   ▼ iot-to-s3 · iot-rule-action": "   then iot-to-s3, iot-rule-action",
	} {
		if got := field.PlainText(in); got != want {
			t.Errorf("field.PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}
