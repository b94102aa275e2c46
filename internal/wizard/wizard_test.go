package wizard

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
)

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sourceNumber is the 1-based number accessible mode shows for a source.
func sourceNumber(t *testing.T, c *catalog.Catalog, id string) string {
	t.Helper()
	for i, s := range byGroup(sources(c)) {
		if s.ID == id {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s is not offered as a source", id)
	return ""
}

// destinationNumber is the 1-based number accessible mode shows for a
// destination of source.
func destinationNumber(t *testing.T, c *catalog.Catalog, source, id string) string {
	t.Helper()
	es, _ := destinationEntries(c, source)
	for i, e := range es {
		if e.Opt.Value == id {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s is not offered as a destination of %s", id, source)
	return ""
}

func accessible(script string) (*prompter.Huh, *bytes.Buffer) {
	var out bytes.Buffer
	return &prompter.Huh{In: strings.NewReader(script), Out: &out, Accessible: true}, &out
}

func TestAccessibleWholePath(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		sourceNumber(t, c, "iot"),
		destinationNumber(t, c, "iot", "s3"),
		"",     // route: the top one
		"demo", // project name
		"",     // review: generate
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p, Out: out}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	want, err := registry.New(c, "demo", DefaultRegion, []string{"iot-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if res.Answers.Dir != "demo" {
		t.Errorf("dir = %q, want demo", res.Answers.Dir)
	}
	for _, s := range []string{"Source: where does the data come from?", "AWS IoT Core", "Destination", "Route", "AWS IoT Core to Amazon S3", "Review", "demo-us-east-1-data"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	t.Log(out.String())
}

func TestAccessibleCancelAtEachStep(t *testing.T) {
	c := loadCatalog(t)
	steps := []string{sourceNumber(t, c, "iot"), destinationNumber(t, c, "iot", "s3"), "", "demo"}
	for n := 0; n <= len(steps); n++ {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			script := ""
			for _, s := range steps[:n] {
				script += s + "\n"
			}
			p, out := accessible(script) // input ends: Ctrl-D
			_, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
			if !errors.Is(err, cmdutil.ErrCancel) {
				t.Fatalf("Run after %d answers: err = %v, want ErrCancel\n%s", n, err, out)
			}
		})
	}
}
