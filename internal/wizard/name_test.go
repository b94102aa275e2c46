package wizard

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inProjectDir runs the test in a fresh directory holding a non-empty
// project directory for each name.
func inProjectDir(t *testing.T, names ...string) {
	t.Helper()
	t.Chdir(t.TempDir())
	for _, n := range names {
		if err := os.MkdirAll(n, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(n, "wireup.yaml"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// What the name step shows for ./demo, which exists: the live message (the
// field's description, as "demo" is typed) and, once enter is refused, the
// form's error line. The test waits for each on screen before the next key:
// bubbletea draws at most once a frame (about 16 ms), so on a busy machine
// a key sent sooner would replace the error before it was ever drawn.
const (
	liveTaken    = "✗ ./demo already exists"
	refusedTaken = "* ./demo already exists and is not empty: type another name (demo-2 is free)"
)

// TestTUINameExistingDirLive: a name whose directory exists is refused as it
// is typed, with a free name offered; another name then goes through, with
// every earlier answer kept.
func TestTUINameExistingDirLive(t *testing.T) {
	inProjectDir(t, "demo")
	p := &tuiPrompter{t: t, steps: []step{
		join(typed("demo"), waitFor(liveTaken), keys("enter"), waitFor(refusedTaken), keys("ctrl+u"), typed("fresh", "enter")),
	}}
	form, v := buildNameForm("iot", "s3", true)
	if err := p.Run(context.Background(), form); err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	// The live message is the field's description, wrapped inside the
	// form's border: read it without the border and the line breaks.
	screen := strings.Join(strings.Fields(strings.ReplaceAll(p.out.String(), "┃", " ")), " ")
	if !strings.Contains(screen, "✗ ./demo already exists and is not empty: type another name (demo-2 is free)") {
		t.Errorf("no live message for the existing directory:\n%s", p.out.String())
	}
	if !strings.Contains(p.out.String(), refusedTaken) {
		t.Errorf("enter on demo was not refused on screen:\n%s", p.out.String())
	}
	if *v != "fresh" {
		t.Errorf("name = %q, want fresh (enter on demo must be refused)", *v)
	}
}

// TestSuggestedNameIsFree: the suggested name skips directories that exist.
func TestSuggestedNameIsFree(t *testing.T) {
	inProjectDir(t, "iot-to-s3", "iot-to-s3-2")
	if got := suggestName("iot", "s3", true); got != "iot-to-s3-3" {
		t.Errorf("suggestName = %q, want iot-to-s3-3", got)
	}
	if got := suggestName("iot", "s3", false); got != "iot-to-s3" {
		t.Errorf("suggestName without the directory = %q, want iot-to-s3", got)
	}
	long := strings.Repeat("a", 32)
	inProjectDir(t, long)
	if got := freeName(long); len(got) > 32 || got == long {
		t.Errorf("freeName(%q) = %q", long, got)
	}
}

// TestRunKeepsAnswersWhenNameTaken: through Run, the existing name is refused
// at the name step and the route chosen before stays.
func TestRunKeepsAnswersWhenNameTaken(t *testing.T) {
	inProjectDir(t, "demo")
	c := loadCatalog(t)
	p := &tuiPrompter{t: t, steps: []step{
		typed("iot", "enter"),
		typed("s3", "enter"),
		keys("enter"),
		join(typed("demo"), waitFor(liveTaken), keys("enter"), waitFor(refusedTaken), keys("ctrl+u"), typed("other", "enter")),
		keys("enter"),
	}}
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	if res.Answers.Name != "other" || res.Answers.Dir != "other" || strings.Join(res.Spec.Route, "+") != "iot-to-s3" {
		t.Errorf("answers %+v, route %v", res.Answers, res.Spec.Route)
	}
}

// join is one form's keys from several pieces.
func join(parts ...step) step {
	var st step
	for _, p := range parts {
		st = append(st, p...)
	}
	return st
}
