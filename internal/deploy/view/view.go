// Package view renders deploy engine events: a spinner line on a terminal,
// plain "still creating… [10s]" lines in logs and CI, or one JSON event per
// line for machines. Views only read events; the engine never prints.
package view

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/deploy"
)

// View is an Observer that must be closed to flush its output.
type View interface {
	deploy.Observer
	Close()
}

// Mode selects the view.
type Mode int

// Modes.
const (
	Plain Mode = iota // line per event, periodic "still creating" lines
	TTY               // completed lines plus one redrawn spinner line
	JSON              // one event per line
)

// New returns the view for mode writing to w. interval is how often plain
// views repeat "still …" lines (0 means 10 s).
func New(w io.Writer, mode Mode, interval time.Duration) View {
	return NewSized(w, mode, interval, 0)
}

// NewSized is New for a terminal width columns wide (TTY mode): finished
// lines wrap at word boundaries to fit it, continuing indented, and the
// spinner line is cut to it (a spinner line that wrapped could not be
// redrawn in place). 0 leaves lines as they are.
func NewSized(w io.Writer, mode Mode, interval time.Duration, width int) View {
	switch mode {
	case JSON:
		return &jsonView{enc: json.NewEncoder(w)}
	case TTY:
		v := &liveView{w: w, inflight: map[string]inflight{}, done: make(chan struct{}), tick: 100 * time.Millisecond, tty: true, width: width}
		go v.loop()
		return v
	}
	if interval <= 0 {
		interval = 10 * time.Second
	}
	v := &liveView{w: w, inflight: map[string]inflight{}, done: make(chan struct{}), tick: interval}
	go v.loop()
	return v
}

type jsonView struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (v *jsonView) Event(e deploy.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	_ = v.enc.Encode(e)
}

func (v *jsonView) Close() {}

type inflight struct {
	ev    deploy.Event
	start time.Time
}

type liveView struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	tick     time.Duration
	inflight map[string]inflight
	done     chan struct{}
	once     sync.Once
	frame    int
	drawn    bool
	width    int // terminal columns; 0: unknown, lines are not wrapped
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func verb(op deploy.Op, past bool) string {
	switch {
	case op == deploy.OpCreate && past:
		return "created"
	case op == deploy.OpCreate:
		return "creating"
	case op == deploy.OpUpdate && past:
		return "updated"
	case op == deploy.OpUpdate:
		return "updating"
	case op == deploy.OpDelete && past:
		return "deleted"
	case op == deploy.OpDelete:
		return "deleting"
	case op == deploy.OpBuild && past:
		return "built"
	case op == deploy.OpBuild:
		return "building"
	case past:
		return "checked"
	}
	return "checking"
}

func label(e deploy.Event) string { return e.Kind + " " + e.Name }

func secs(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// clear erases the spinner line before a permanent line is printed.
func (v *liveView) clear() {
	if v.tty && v.drawn {
		fmt.Fprint(v.w, "\r\033[K")
		v.drawn = false
	}
}

func (v *liveView) Event(e deploy.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.clear()
	line, show := "", true
	switch e.Type {
	case deploy.EventStart:
		v.inflight[e.ID] = inflight{ev: e, start: e.Time}
		line = fmt.Sprintf("%s: %s…", label(e), verb(e.Op, false))
		show = !v.tty && e.Op != deploy.OpCheck
	case deploy.EventRetry:
		line = fmt.Sprintf("%s: retrying: %s", e.ID, e.Message)
	case deploy.EventProgress:
		line = fmt.Sprintf("%s: %s", e.ID, e.Message)
	case deploy.EventDone:
		delete(v.inflight, e.ID)
		line = fmt.Sprintf("%s%s: %s (%s)", mark(v.tty, "✓"), label(e), verb(e.Op, true), secs(e.Elapsed))
	case deploy.EventUnchanged:
		delete(v.inflight, e.ID)
		line = fmt.Sprintf("%s%s: unchanged", mark(v.tty, "="), label(e))
	case deploy.EventFailed:
		delete(v.inflight, e.ID)
		line = fmt.Sprintf("%s%s: failed after %s: %s", mark(v.tty, "✗"), label(e), secs(e.Elapsed), e.Err)
	case deploy.EventSkipped:
		delete(v.inflight, e.ID)
		line = fmt.Sprintf("%s%s: %s", mark(v.tty, "-"), label(e), e.Message)
	case deploy.EventSummary:
		line = summary(e)
	default:
		show = false
	}
	if show {
		fmt.Fprintln(v.w, wrapWords(line, v.width))
	}
	v.draw()
}

// wrapWords breaks s at spaces so that no line is wider than width
// columns, continuing on lines indented by two spaces (four after a ✓-style
// mark); a word longer than a line is kept whole. width 0 wraps nothing.
func wrapWords(s string, width int) string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	indent := "  "
	if r, _ := utf8.DecodeRuneInString(s); r > utf8.RuneSelf {
		indent = "    "
	}
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = len(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// mark prefixes a finished line with a symbol on a terminal only.
func mark(tty bool, m string) string {
	if tty {
		return m + " "
	}
	return ""
}

func summary(e deploy.Event) string {
	c := e.Counts
	if c == nil {
		return ""
	}
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	if e.Op == deploy.OpDelete {
		add(c.Deleted, "deleted")
	} else {
		if c.Created+c.Updated == 0 && c.Failed == 0 && c.Skipped == 0 {
			return fmt.Sprintf("No changes: all %d resources are up to date (%s).", c.Unchanged, secs(e.Elapsed))
		}
		add(c.Created, "created")
		add(c.Updated, "updated")
		add(c.Unchanged, "unchanged")
	}
	add(c.Failed, "failed")
	add(c.Skipped, "skipped")
	return fmt.Sprintf("Done in %s: %s.", secs(e.Elapsed), strings.Join(parts, ", "))
}

// draw redraws the spinner line (TTY only); v.mu is held.
func (v *liveView) draw() {
	if !v.tty || len(v.inflight) == 0 {
		return
	}
	ids := make([]string, 0, len(v.inflight))
	var oldest time.Time
	for id, f := range v.inflight {
		ids = append(ids, id)
		if oldest.IsZero() || f.start.Before(oldest) {
			oldest = f.start
		}
	}
	sort.Strings(ids)
	line := fmt.Sprintf("%s %s [%ds]", spinner[v.frame%len(spinner)], strings.Join(ids, ", "), int(time.Since(oldest).Seconds()))
	if r := []rune(line); v.width > 1 && len(r) > v.width-1 {
		line = string(r[:v.width-2]) + "…"
	}
	fmt.Fprint(v.w, "\r\033[K"+line)
	v.drawn = true
}

func (v *liveView) loop() {
	t := time.NewTicker(v.tick)
	defer t.Stop()
	for {
		select {
		case <-v.done:
			return
		case <-t.C:
			v.mu.Lock()
			if v.tty {
				v.frame++
				v.clear()
				v.draw()
			} else {
				ids := make([]string, 0, len(v.inflight))
				for id := range v.inflight {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				for _, id := range ids {
					f := v.inflight[id]
					fmt.Fprintf(v.w, "%s: still %s… [%ds]\n", label(f.ev), verb(f.ev.Op, false), int(time.Since(f.start).Round(time.Second).Seconds()))
				}
			}
			v.mu.Unlock()
		}
	}
}

func (v *liveView) Close() {
	v.once.Do(func() {
		close(v.done)
		v.mu.Lock()
		v.clear()
		v.mu.Unlock()
	})
}
