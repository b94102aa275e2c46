package wizard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/huh"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
)

// Key names and the bytes a terminal in raw mode sends for them.
var keyBytes = map[string]string{
	"enter":  "\r",
	"down":   "\x1b[B",
	"up":     "\x1b[A",
	"tab":    "\t",
	"esc":    "\x1b",
	"ctrl+c": "\x03",
	"ctrl+u": "\x15",
}

// step is the keys for one form. Names are typed text; they are not counted
// as keystrokes ("besides typing the names").
type step []keystroke

type keystroke struct {
	name string // a keyBytes name, or a single printable character
	text string // typed text (a name), not counted
	wait string // not a key: wait until the screen has shown this text
}

// waitFor is a step element that sends nothing: the next key goes only once
// the screen has shown text. bubbletea renders at most once per frame, so a
// test that checks an intermediate screen must not type past it.
func waitFor(text string) step { return step{{wait: text}} }

func keys(names ...string) step {
	var s step
	for _, n := range names {
		s = append(s, keystroke{name: n})
	}
	return s
}

func typed(text string, then ...string) step {
	return append(step{{text: text}}, keys(then...)...)
}

// count is the number of keystrokes in the step, names excluded.
func (s step) count() int {
	n := 0
	for _, k := range s {
		if k.name != "" {
			n++
		}
	}
	return n
}

// tuiPrompter runs each form in the real bubbletea loop, reading raw key
// bytes from an io.Pipe: one pipe per form, because a bubbletea program that
// has quit leaves its reader blocked on a pipe (only real files can be
// cancelled) and it would swallow the next form's first key.
type tuiPrompter struct {
	t     *testing.T
	steps []step
	run   int
	out   screen
	keys  int
}

// screen is everything the program wrote; the key sender reads it while the
// program writes it.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(b)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the screen shows text, or gives up after a while (the
// test's own assertion then says what is missing).
func (s *screen) waitFor(text string) {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(s.String(), text) {
			return
		}
	}
}

func (p *tuiPrompter) Run(ctx context.Context, form *huh.Form) error {
	if p.run >= len(p.steps) {
		p.t.Fatalf("form %d asked, but the script has %d steps", p.run+1, len(p.steps))
	}
	st := p.steps[p.run]
	p.run++
	p.keys += st.count()
	pr, pw := io.Pipe()
	go func() {
		// Let the program start and render before each key, as a person would.
		for _, k := range st {
			if k.wait != "" {
				p.out.waitFor(k.wait)
				continue
			}
			time.Sleep(15 * time.Millisecond)
			b := k.text
			if k.name != "" {
				b = k.name
				if kb, ok := keyBytes[k.name]; ok {
					b = kb
				}
			}
			if _, err := pw.Write([]byte(b)); err != nil {
				return
			}
		}
	}()
	defer pw.Close()
	h := &prompter.Huh{In: pr, Out: &p.out, Width: 80}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return h.Run(ctx, form)
}

func TestTUIWholePath(t *testing.T) {
	c := loadCatalog(t)
	p := &tuiPrompter{t: t, steps: []step{
		keys("down", "enter"),  // source: AWS IoT Core, second in the list
		typed("s3", "enter"),   // destination: type to filter to Amazon S3
		keys("enter"),          // route: the top one
		typed("demo", "enter"), // project name
		keys("enter"),          // review: generate
	}}
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	want, _ := registry.New(c, "demo", DefaultRegion, []string{"iot-to-s3"})
	if diff := cmp.Diff(want, res.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if p.keys > 10 {
		t.Errorf("%d keystrokes besides the name, want at most 10", p.keys)
	}
	t.Logf("keystrokes besides the name: %d", p.keys)
}

func TestTUICancelAtEachStep(t *testing.T) {
	c := loadCatalog(t)
	path := []step{keys("down", "enter"), typed("s3", "enter"), keys("enter"), typed("demo", "enter"), keys("enter")}
	for _, quit := range []string{"ctrl+c", "esc"} {
		for n := range path {
			t.Run(fmt.Sprint(quit, "-", n+1), func(t *testing.T) {
				// Text typed after the key must not reach a field: the form
				// has already quit.
				steps := append(append([]step(nil), path[:n]...), join(keys(quit), typed("kinesis", "enter")))
				p := &tuiPrompter{t: t, steps: steps}
				_, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
				if !errors.Is(err, cmdutil.ErrCancel) {
					t.Fatalf("%s at step %d: err = %v, want ErrCancel\n%s", quit, n+1, err, p.out.String())
				}
				if p.run != n+1 {
					t.Errorf("%s at step %d: %d forms ran", quit, n+1, p.run)
				}
			})
		}
	}
}
