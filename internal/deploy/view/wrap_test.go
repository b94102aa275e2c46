package view

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/deploy"
)

func TestWrapWords(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"short line", 80, "short line"},
		{"short line", 0, "short line"},
		{"sqs.queue demo-q: failed after 1.0s: AccessDenied: not allowed", 30,
			"sqs.queue demo-q: failed after\n  1.0s: AccessDenied: not\n  allowed"},
		{"✓ lambda.function demo: created (2.0s)", 20, "✓ lambda.function\n    demo: created\n    (2.0s)"},
		{"a https://docs.aws.amazon.com/a/very/long/url/that/cannot/break b", 20,
			"a\n  https://docs.aws.amazon.com/a/very/long/url/that/cannot/break\n  b"},
	} {
		if got := wrapWords(tt.in, tt.width); got != tt.want {
			t.Errorf("wrapWords(%q, %d) =\n%s\nwant\n%s", tt.in, tt.width, got, tt.want)
		}
	}
}

// On a terminal of 60 columns every finished line wraps at a space, no
// word is cut, and the spinner line never wraps.
func TestTTYViewWrapsAtWords(t *testing.T) {
	var buf bytes.Buffer
	v := NewSized(&syncWriter{b: &buf}, TTY, 0, 60)
	now := time.Now()
	long := "operation error SQS: CreateQueue, https response error StatusCode: 400, api error InvalidAttributeValue: the queue attribute is invalid"
	v.Event(deploy.Event{Time: now, Type: deploy.EventStart, Op: deploy.OpCreate, ID: "queue-with-a-rather-long-resource-id/and-another-part", Kind: "sqs.queue", Name: "q"})
	v.Event(deploy.Event{Time: now, Type: deploy.EventStart, Op: deploy.OpCreate, ID: "dead-letter-queue-with-a-long-id", Kind: "sqs.queue", Name: "dlq"})
	v.Event(deploy.Event{Time: now, Type: deploy.EventFailed, Op: deploy.OpCreate, ID: "dead-letter-queue-with-a-long-id", Kind: "sqs.queue", Name: "dlq", Elapsed: time.Second, Err: long})
	v.Close()
	out := buf.String()
	var words []string
	for _, seg := range strings.Split(out, "\r\033[K") {
		for _, line := range strings.Split(seg, "\n") {
			if n := utf8.RuneCountInString(line); n > 60 {
				t.Errorf("line of %d columns: %q", n, line)
			}
			words = append(words, strings.Fields(line)...)
		}
	}
	for _, w := range strings.Fields(long) {
		found := false
		for _, got := range words {
			found = found || got == w
		}
		if !found {
			t.Errorf("word %q was cut:\n%s", w, out)
		}
	}
}

// The Lambda handler build is a step of its own: "building…", "still
// building…" and "built (time)".
func TestPlainViewBuildStep(t *testing.T) {
	var buf bytes.Buffer
	v := New(&syncWriter{b: &buf}, Plain, 20*time.Millisecond)
	e := deploy.Event{Time: time.Now(), Type: deploy.EventStart, Op: deploy.OpBuild, ID: "build/function", Kind: "lambda handler", Name: "demo-consumer (go build ./cmd/consumer)"}
	v.Event(e)
	time.Sleep(50 * time.Millisecond)
	e.Type, e.Elapsed = deploy.EventDone, 54200*time.Millisecond
	v.Event(e)
	v.Close()
	out := buf.String()
	for _, want := range []string{"lambda handler demo-consumer (go build ./cmd/consumer): building…\n",
		"lambda handler demo-consumer (go build ./cmd/consumer): still building… [",
		"lambda handler demo-consumer (go build ./cmd/consumer): built (54.2s)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
