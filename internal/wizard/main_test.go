package wizard_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard"
)

// TestMain lets the test binary stand in for `wireup new` in a terminal:
// with WIREUP_WIZARD_MAIN set it runs the wizard on the real terminal, writes
// the spec to that path, and exits with wireup's exit codes. The tmux tests
// use it to drive the wizard in a real pseudo-terminal even before (and
// independently of) the `new` command.
func TestMain(m *testing.M) {
	if path := os.Getenv("WIREUP_WIZARD_MAIN"); path != "" {
		os.Exit(wizardMain(path))
	}
	os.Exit(m.Run())
}

func wizardMain(path string) int {
	ios := iostreams.System()
	c, err := catalog.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p := wizard.Params{Catalog: c, Prompter: prompter.New(ios), Out: ios.ErrOut, Columns: ios.ErrOutColumns}
	res, err := wizard.Run(context.Background(), p, wizard.Answers{})
	if errors.Is(err, cmdutil.ErrCancel) {
		return int(cmdutil.ExitCancel)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	data, err := res.Spec.Marshal()
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func testBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

func TestTerminalWizardInTmux(t *testing.T) {
	for _, mode := range []struct{ name, env string }{{"tui", "ACCESSIBLE="}, {"no-color", "NO_COLOR=1"}} {
		t.Run(mode.name, func(t *testing.T) {
			work := t.TempDir()
			out := filepath.Join(work, "wireup.yaml")
			tm := newTmux(t, work, []string{"TERM=xterm-256color", "WIREUP_WIZARD_MAIN=" + out, mode.env},
				testBinary(t)+" -test.run=NONE")
			tm.waitFor("Source: where does the data come from?")
			tm.keys("Down", "Enter")
			tm.waitFor("Destination: where should the data go?")
			tm.typeText("s3")
			tm.keys("Enter")
			tm.waitFor("Route: how should the data travel?")
			tm.keys("Down", "Enter") // IoT Core → Firehose → S3
			tm.waitFor("Project name")
			tm.typeText("demo")
			tm.keys("Enter")
			screen := tm.waitFor("Generate this project?")
			for _, line := range strings.Split(screen, "\n") {
				if len([]rune(line)) > 80 {
					t.Errorf("line wider than 80 columns: %q", line)
				}
			}
			tm.keys("Enter")
			if s := tm.waitFor("EXIT="); !strings.Contains(s, "EXIT=0") {
				t.Fatalf("wizard failed:\n%s", s)
			}
			got, err := spec.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := catalog.Load()
			want, _ := registry.New(c, "demo", wizard.DefaultRegion, []string{"iot-to-firehose", "firehose-to-s3"})
			// wireup.yaml leaves out empty tags: compare empty and nil alike.
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTerminalWizardCtrlC(t *testing.T) {
	work := t.TempDir()
	out := filepath.Join(work, "wireup.yaml")
	tm := newTmux(t, work, []string{"TERM=xterm-256color", "WIREUP_WIZARD_MAIN=" + out}, testBinary(t)+" -test.run=NONE")
	tm.waitFor("Source: where does the data come from?")
	tm.keys("Down", "Enter")
	tm.waitFor("Destination: where should the data go?")
	tm.keys("C-c")
	if s := tm.waitFor("EXIT="); !strings.Contains(s, "EXIT=130") {
		t.Errorf("exit code is not 130:\n%s", s)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("cancel wrote the spec")
	}
}

// TestTerminalWizardEsc: Esc cancels at any list or field, with the cancel
// exit code, and what is typed next does not land in the wizard (it has
// exited: the shell gets it).
func TestTerminalWizardEsc(t *testing.T) {
	for _, at := range []string{"source", "destination", "name"} {
		t.Run(at, func(t *testing.T) {
			work := t.TempDir()
			out := filepath.Join(work, "wireup.yaml")
			tm := newTmux(t, work, []string{"TERM=xterm-256color", "WIREUP_WIZARD_MAIN=" + out}, testBinary(t)+" -test.run=NONE")
			tm.waitFor("Source: where does the data come from?")
			if at != "source" {
				tm.answer("iot", "Destination: where should the data go?")
			}
			if at == "name" {
				tm.answer("s3", "Route: how should the data travel?")
				tm.answer("", "Project name")
			}
			tm.keys("Escape")
			tm.wantExit(130)
			tm.typeText("kinesis")
			tm.keys("Enter")
			time.Sleep(300 * time.Millisecond)
			if _, err := os.Stat(out); err == nil {
				t.Error("Esc wrote the spec")
			}
		})
	}
}

func TestTerminalWizardAccessible(t *testing.T) {
	work := t.TempDir()
	out := filepath.Join(work, "wireup.yaml")
	tm := newTmux(t, work, []string{"TERM=xterm-256color", "ACCESSIBLE=1", "WIREUP_WIZARD_MAIN=" + out}, testBinary(t)+" -test.run=NONE")
	// The source by its number, the destination by its id, as typed.
	tm.waitFor("Source: enter a number from 1 to")
	tm.typeText("2")
	tm.keys("Enter")
	tm.waitFor("Destination: enter a number from 1 to")
	tm.typeText("s3")
	tm.keys("Enter")
	tm.waitFor("Route: how should the data travel?")
	tm.keys("Enter")
	tm.waitFor("Project name")
	tm.typeText("demo")
	tm.keys("Enter")
	tm.waitFor("Generate this project?")
	tm.keys("Enter")
	if s := tm.waitFor("EXIT="); !strings.Contains(s, "EXIT=0") {
		t.Fatalf("wizard failed:\n%s", s)
	}
	got, err := spec.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"iot-to-s3"}, got.Route); diff != "" {
		t.Errorf("route (-want +got):\n%s", diff)
	}
}

// TestTerminalReviewAtTerminalWidth: in a real terminal the review is cut
// to the terminal's width, as the lists are: at 120 columns a long topic
// rule line is whole, at 60 it is cut and no line is wider than 60.
func TestTerminalReviewAtTerminalWidth(t *testing.T) {
	const name = "a-long-project-name-of-32-chars1"
	whole := "topic rule a_long_project_name_of_32_chars1_rule on " + name + "/events"
	for _, cols := range []int{60, 120} {
		t.Run(fmt.Sprint(cols), func(t *testing.T) {
			work := t.TempDir()
			tm := newTmuxSized(t, work, []string{"TERM=xterm-256color", "NO_COLOR=1", "WIREUP_WIZARD_MAIN=" + filepath.Join(work, "wireup.yaml")},
				testBinary(t)+" -test.run=NONE", cols, 40)
			tm.waitFor("Source: where does the data come from?")
			tm.typeText("iot")
			tm.keys("Enter")
			tm.waitFor("Destination: where should the data go?")
			tm.typeText("s3")
			tm.keys("Enter")
			tm.waitFor("Route: how should the data travel?")
			tm.keys("Enter")
			tm.waitFor("Project name")
			tm.typeText(name)
			tm.keys("Enter")
			screen := tm.waitFor("Generate this project?")
			if got := strings.Contains(screen, whole); got != (cols == 120) {
				t.Errorf("at %d columns the topic rule line whole: %v, want %v:\n%s", cols, got, cols == 120, screen)
			}
			// Joined as printed (-J undoes the terminal's own wrapping), no
			// line is wider than the terminal.
			for _, line := range strings.Split(tm.run("capture-pane", "-p", "-J", "-t", "w"), "\n") {
				if w := len([]rune(strings.TrimRight(line, " "))); w > cols {
					t.Errorf("line %d wide at %d columns: %q", w, cols, line)
				}
			}
			tm.keys("C-c")
			tm.wantExit(int(cmdutil.ExitCancel))
		})
	}
}
