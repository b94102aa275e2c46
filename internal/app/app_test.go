package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want cmdutil.ExitCode
	}{
		{[]string{"version"}, cmdutil.ExitOK},
		{[]string{"routes", "--from", "iot", "--to", "s3"}, cmdutil.ExitOK},
		{[]string{"routes", "--from", "iot"}, cmdutil.ExitUsage},
		{[]string{"routes", "--from", "iot", "--to", "nope"}, cmdutil.ExitUsage},
		{[]string{"catalog", "--bogus"}, cmdutil.ExitUsage},
		{[]string{"bogus"}, cmdutil.ExitUsage},
		{[]string{"routes", "--from", "kinesis", "--to", "kda"}, cmdutil.ExitFailure},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			if got := Run(context.Background(), tt.args, NewFactory(ios)); got != tt.want {
				t.Fatalf("exit code %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCancelExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := exitCode(ctx, context.Canceled); got != cmdutil.ExitCancel {
		t.Fatalf("exit code %d, want %d", got, cmdutil.ExitCancel)
	}
}

// BenchmarkRoutesCommand measures `wireup routes --from iot --to s3` end to
// end in-process: catalog load and validation, route search, output.
func BenchmarkRoutesCommand(b *testing.B) {
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		ios.Out = io.Discard
		if code := Run(context.Background(), []string{"routes", "--from", "iot", "--to", "s3"}, NewFactory(ios)); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// TestCatalogJSONHoldsEverything checks that `wireup catalog --json` emits
// every integration of the catalog, retired ones included, with its fields.
func TestCatalogJSONHoldsEverything(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	f := NewFactory(ios)
	if code := Run(context.Background(), []string{"catalog", "--json"}, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Services     []struct{ ID string }
		Integrations []struct {
			ID, From, To, Mechanism, Handling, Description string
			Sections                                       []int
			Lifecycle                                      struct{ Status string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	c, _ := f.Catalog()
	if len(got.Integrations) != len(c.Integrations) || len(got.Services) != len(c.Services) {
		t.Fatalf("json has %d integrations and %d services, catalog %d and %d",
			len(got.Integrations), len(got.Services), len(c.Integrations), len(c.Services))
	}
	sections := map[int]bool{}
	for _, in := range got.Integrations {
		if in.ID == "" || in.From == "" || in.To == "" || in.Mechanism == "" || in.Handling == "" || in.Description == "" || in.Lifecycle.Status == "" {
			t.Errorf("incomplete integration in JSON: %+v", in)
		}
		for _, s := range in.Sections {
			sections[s] = true
		}
	}
	if len(sections) != 16 {
		t.Errorf("JSON covers %d seed sections, want 16", len(sections))
	}
}

func TestCancelMessage(t *testing.T) {
	var b strings.Builder
	printError(&b, cmdutil.ErrCancel, cmdutil.ExitCancel)
	if b.String() != "Cancelled; nothing was changed.\n" {
		t.Errorf("bare cancel: %q", b.String())
	}
	b.Reset()
	err := fmt.Errorf("deploy interrupted; run `wireup deploy` again to finish: %w", context.Canceled)
	printError(&b, err, cmdutil.ExitCancel)
	if !strings.Contains(b.String(), "run `wireup deploy` again") || strings.Contains(b.String(), "nothing was changed") {
		t.Errorf("interrupted deploy: %q", b.String())
	}
}
