package wizard

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/spec"
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
				want, _ := spec.New(c, "demo", DefaultRegion, tt.route)
				if diff := cmp.Diff(want, res.Spec); diff != "" {
					t.Errorf("spec (-want +got):\n%s", diff)
				}
			} else if res.Answers.Source != "kinesis" || res.Answers.Destination != "firehose" {
				t.Errorf("source, destination = %s, %s; want kinesis, firehose\n%s", res.Answers.Source, res.Answers.Destination, out.String())
			}
			screen := out.String()
			for _, g := range []string{"┃", "▼", "…", "✓", "✗"} {
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
