package newcmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/spec"
)

// wizardOptions are the options of `wireup new --accessible` on a terminal
// whose keyboard types script.
func wizardOptions(t *testing.T, script string, dir string) *NewOptions {
	t.Helper()
	ios, in, _, errOut := iostreams.Test()
	in.WriteString(script)
	ios.SetTTY(true, true, true)
	ios.SetAccessible(true)
	opts := &NewOptions{IO: ios, Catalog: catalog.Load, Getenv: func(string) string { return "" }, Prompter: prompter.New(ios), Dir: dir}
	(&wizardFlags{}).install(opts)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(errOut.String())
		}
	})
	return opts
}

func TestWizardWritesTheProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	// From iot to s3 (given), the top route, the name, generate.
	opts := wizardOptions(t, "\ndemo\n\n", dir)
	opts.From, opts.To = "iot", "s3"
	if err := NewRun(context.Background(), opts); err != nil {
		t.Fatalf("NewRun: %v", err)
	}
	got, err := spec.ReadFile(filepath.Join(dir, spec.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Route, ",") != "iot-to-s3" || got.Name != "demo" {
		t.Errorf("wireup.yaml: route %v, name %q", got.Route, got.Name)
	}
	// --spec reproduces it byte for byte.
	again := filepath.Join(t.TempDir(), "again")
	ios, _, _, _ := iostreams.Test()
	if err := NewRun(context.Background(), &NewOptions{IO: ios, Catalog: catalog.Load, SpecFile: filepath.Join(dir, spec.FileName), Dir: again}); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(again, rel))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s differs after --spec: %v", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWizardCancelWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	opts := wizardOptions(t, "\ndemo\n", dir) // input ends at the review: Ctrl-D
	opts.From, opts.To = "iot", "s3"
	err := NewRun(context.Background(), opts)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Fatalf("err = %v, want ErrCancel", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("cancel left %s on disk (%v)", dir, err)
	}
}

func TestNoPromptNamesMissingFlags(t *testing.T) {
	opts := wizardOptions(t, "", t.TempDir())
	opts.IO.SetNeverPrompt(true)
	opts.From = "iot"
	err := NewRun(context.Background(), opts)
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "--to") || !strings.Contains(err.Error(), "--name") {
		t.Errorf("err = %v, want a usage error naming --to and --name", err)
	}
	if err != nil && (!strings.Contains(err.Error(), "--no-prompt") || strings.Contains(err.Error(), "terminal")) {
		t.Errorf("err = %v, want it to name --no-prompt as the reason, not the terminal", err)
	}
}

// With stdin and stdout on a terminal but stderr redirected, the wizard
// cannot draw: the error says exactly that.
func TestRedirectedStderrNamesIt(t *testing.T) {
	opts := wizardOptions(t, "", t.TempDir())
	opts.IO.SetTTY(true, true, false)
	opts.From = "iot"
	err := NewRun(context.Background(), opts)
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "missing --to, --name: stderr is not a terminal") || !strings.Contains(err.Error(), "2>") {
		t.Errorf("err = %v, want a usage error naming the redirected stderr", err)
	}
}

func TestNoTerminalNamesMissingFlags(t *testing.T) {
	opts := wizardOptions(t, "", t.TempDir())
	opts.IO.SetTTY(false, false, false)
	opts.From = "iot"
	err := NewRun(context.Background(), opts)
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "missing --to, --name: no terminal to ask on") {
		t.Errorf("err = %v, want a usage error naming --to and --name and the missing terminal", err)
	}
}

// TestAccessibleDoneInWords: in accessible mode the lines after the
// wizard name the route with words, not arrows.
func TestAccessibleDoneInWords(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	opts := wizardOptions(t, "\ndemo\n\n", dir)
	opts.From, opts.To = "iot", "s3"
	if err := NewRun(context.Background(), opts); err != nil {
		t.Fatalf("NewRun: %v", err)
	}
	errOut := opts.IO.ErrOut.(interface{ String() string }).String()
	if !strings.Contains(errOut, "files): iot to s3\n") || strings.Contains(errOut, "→") {
		t.Errorf("accessible output names the route with an arrow, or not at all:\n%s", errOut)
	}
}
