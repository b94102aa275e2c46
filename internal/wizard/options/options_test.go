package options

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
)

// TestEditLeavesTheSpecAlone: the form edits a copy, its numbers are
// checked by their range as typed, and Apply parses them into the copy
// (a provisioned stream gets the one shard its label promises), while the
// spec it started from keeps its values, as a cancelled edit needs.
func TestEditLeavesTheSpecAlone(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", []string{"app-to-kinesis"})
	if err != nil {
		t.Fatal(err)
	}
	before := *s.Kinesis
	form, edit, err := BuildForm(c, s)
	if err != nil || form == nil {
		t.Fatalf("BuildForm = %v, %v", form, err)
	}
	script := strings.Join([]string{
		"",   // stream name unchanged
		"2",  // provisioned
		"",   // encryption unchanged
		"7",  // retention refused: under 24 hours
		"48", // accepted
	}, "\n") + "\n"
	var out bytes.Buffer
	p := &prompter.Huh{In: strings.NewReader(script), Out: &out, Accessible: true}
	if err := p.Run(context.Background(), form); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	got, err := edit.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if k := got.Kinesis; k.Mode != "PROVISIONED" || k.Shards != 1 || k.RetentionHours != 48 || k.Stream != before.Stream {
		t.Errorf("edited kinesis = %+v, want PROVISIONED, 1 shard, 48 hours, stream %s\n%s", *k, before.Stream, out.String())
	}
	if *s.Kinesis != before {
		t.Errorf("the spec changed under the edit: %+v, was %+v", *s.Kinesis, before)
	}
	if !strings.Contains(out.String(), "must be a whole number of hours from 24 to 8760") {
		t.Errorf("the retention rule was not printed:\n%s", out.String())
	}
}
