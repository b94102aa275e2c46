package wizard_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The end-to-end tests run the built wireup binary in a real pseudo-terminal
// made by tmux, at 80x24, and answer the wizard with key presses.
//
// They skip, saying why, when tmux is not installed, with -short, or when
// the binary has no `new` command yet.

// tmux is one tmux server on its own socket, so the test never touches the
// user's sessions, and one window (80x24 unless sized) running a command.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, dir string, env []string, command string) *tmux {
	t.Helper()
	return newTmuxSized(t, dir, env, command, 80, 24)
}

// newTmuxSized is newTmux with a window of cols×rows.
func newTmuxSized(t *testing.T, dir string, env []string, command string, cols, rows int) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: install it (apt-get install tmux) to run the pseudo-terminal end-to-end tests")
	}
	tm := &tmux{t: t, socket: fmt.Sprintf("wireup-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// The shell prints the exit code and waits, so the pane survives the exit.
	script := fmt.Sprintf("%s; echo EXIT=$?; sleep 600", command)
	args := []string{"new-session", "-d", "-s", "w", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), "-c", dir}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	tm.run(append(args, script)...)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is the pane's text now.
func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", "w") }

// waitFor waits until the screen shows text.
func (tm *tmux) waitFor(text string) string {
	tm.t.Helper()
	deadline := time.Now().Add(60 * time.Second) // generous: CI runs other packages' builds at the same time
	for {
		s := tm.screen()
		if strings.Contains(s, text) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q; it shows:\n%s", text, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// keys sends tmux key names (Enter, Down, C-c).
func (tm *tmux) keys(names ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", "w"}, names...)...)
}

// typeText sends literal text.
func (tm *tmux) typeText(s string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", "w", "-l", s)
}

// answer types text (if any), presses Enter and waits for the next prompt.
func (tm *tmux) answer(text, next string) {
	tm.t.Helper()
	if text != "" {
		tm.typeText(text)
	}
	tm.keys("Enter")
	tm.waitFor(next)
}

// wantExit waits for the program to exit and checks its exit code.
func (tm *tmux) wantExit(code int) {
	tm.t.Helper()
	if s := tm.waitFor("EXIT="); !strings.Contains(s, fmt.Sprintf("EXIT=%d", code)) {
		tm.t.Errorf("exit code is not %d:\n%s", code, s)
	}
}

// buildWireup builds the binary, or skips when it has no `new` command.
func buildWireup(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the end-to-end tests, which build wireup and a generated project")
	}
	bin := filepath.Join(t.TempDir(), "wireup")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/wireup/wireup/cmd/wireup").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "new", "--help").CombinedOutput(); err != nil || !bytes.Contains(out, []byte("new")) {
		t.Skipf("this wireup has no `new` command yet: %v\n%s", err, out)
	}
	return bin
}

var e2eEnv = []string{"TERM=xterm-256color", "NO_COLOR=", "ACCESSIBLE=", "AWS_ENDPOINT_URL="}

func TestE2EWizardGeneratesAProjectThatBuilds(t *testing.T) {
	bin := buildWireup(t)
	work := t.TempDir()
	tm := newTmux(t, work, e2eEnv, bin+" new")

	tm.waitFor("Source: where does the data come from?")
	tm.keys("Down", "Enter") // AWS IoT Core
	tm.waitFor("Destination: where should the data go?")
	tm.typeText("s3")
	tm.keys("Enter")
	tm.waitFor("Route: how should the data travel?")
	tm.keys("Enter") // the top route
	tm.waitFor("Project name")
	tm.typeText("demo")
	tm.keys("Enter")
	tm.waitFor("Generate this project?")
	tm.keys("Enter")
	tm.waitFor("Deploy ./demo now?")
	tm.keys("Enter") // No, not now
	s := tm.waitFor("EXIT=")
	if !strings.Contains(s, "EXIT=0") {
		t.Fatalf("wireup new failed:\n%s", s)
	}
	proj := filepath.Join(work, "demo")
	if _, err := os.Stat(filepath.Join(proj, "wireup.yaml")); err != nil {
		t.Fatalf("no wireup.yaml: %v\n%s", err, s)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = proj
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the generated project: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	// The spec alone reproduces the identical project without a terminal.
	again := filepath.Join(work, "again")
	cmd := exec.Command(bin, "new", "--spec", filepath.Join(proj, "wireup.yaml"), "--yes", "--dir", again)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wireup new --spec: %v\n%s", err, out)
	}
	if diff := diffTrees(t, proj, again); diff != "" {
		t.Errorf("--spec did not reproduce the project:\n%s", diff)
	}
}

func TestE2ECtrlCLeavesNothing(t *testing.T) {
	bin := buildWireup(t)
	work := t.TempDir()
	tm := newTmux(t, work, e2eEnv, bin+" new")
	tm.waitFor("Source: where does the data come from?")
	tm.keys("Down", "Enter")
	tm.waitFor("Destination: where should the data go?")
	tm.answer("s3", "Route: how should the data travel?")
	tm.answer("", "Project name")
	tm.answer("demo", "Generate this project?")
	tm.keys("C-c")
	tm.wantExit(130)
	entries, _ := os.ReadDir(work)
	if len(entries) != 0 {
		t.Errorf("cancel left %d entries on disk: %v", len(entries), entries)
	}
}

// diffTrees names the files that differ between two directories.
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string]string {
		m := map[string]string{}
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			data, _ := os.ReadFile(p)
			m[rel] = string(data)
			return nil
		})
		return m
	}
	ma, mb := read(a), read(b)
	var out []string
	for f, da := range ma {
		db, ok := mb[f]
		switch {
		case !ok:
			out = append(out, "missing: "+f)
		case da != db:
			out = append(out, "changed: "+f)
		}
	}
	for f := range mb {
		if _, ok := ma[f]; !ok {
			out = append(out, "extra: "+f)
		}
	}
	return strings.Join(out, "\n")
}
