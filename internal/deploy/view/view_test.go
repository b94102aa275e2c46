package view

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/deploy"
)

func TestPlainViewStillCreating(t *testing.T) {
	var buf bytes.Buffer
	v := New(&syncWriter{b: &buf}, Plain, 20*time.Millisecond)
	start := time.Now()
	v.Event(deploy.Event{Time: start, Type: deploy.EventStart, Op: deploy.OpCreate, ID: "stream", Kind: "kinesis.stream", Name: "s"})
	time.Sleep(70 * time.Millisecond)
	v.Event(deploy.Event{Time: time.Now(), Type: deploy.EventDone, Op: deploy.OpCreate, ID: "stream", Kind: "kinesis.stream", Name: "s", Elapsed: time.Since(start)})
	v.Event(deploy.Event{Type: deploy.EventSummary, Op: deploy.OpCreate, Counts: &deploy.Counts{Unchanged: 3}})
	v.Close()
	out := buf.String()
	for _, want := range []string{"kinesis.stream s: creating…", "kinesis.stream s: still creating… [", "kinesis.stream s: created (", "No changes: all 3 resources are up to date"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONViewOneEventPerLine(t *testing.T) {
	var buf bytes.Buffer
	v := New(&buf, JSON, 0)
	v.Event(deploy.Event{Type: deploy.EventStart, ID: "a"})
	v.Event(deploy.Event{Type: deploy.EventDone, ID: "a"})
	v.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines", len(lines))
	}
	for _, l := range lines {
		var e deploy.Event
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Error(err)
		}
	}
}

type syncWriter struct{ b *bytes.Buffer }

func (w *syncWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
