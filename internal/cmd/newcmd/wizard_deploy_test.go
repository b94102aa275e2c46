package newcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmd/destroycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard"
)

// Ctrl-C (here Ctrl-D) at "Deploy now?" comes after the project was
// written: the cancel says it is there and nothing was deployed, not that
// nothing was changed, and still exits 130.
func TestWizardCancelAtDeployNow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	opts := wizardOptions(t, "\ndemo\n\n", dir) // route, name, generate; input ends at "Deploy now?"
	opts.From, opts.To = "iot", "s3"
	called := false
	(&wizardFlags{deploy: func(context.Context, string, wizard.DeployTarget) error { called = true; return nil }}).install(opts)
	err := NewRun(context.Background(), opts)
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != cmdutil.ExitCancel || err.Error() != "the project is written at "+dir+"; nothing was deployed" {
		t.Fatalf("err = %#v (%v), want exit 130 saying the project is written", err, err)
	}
	if errors.Is(err, cmdutil.ErrCancel) {
		t.Error("the error is the bare cancel, which prints \"nothing was changed\"")
	}
	if called {
		t.Error("deployed after the cancel")
	}
	if _, err := os.Stat(filepath.Join(dir, spec.FileName)); err != nil {
		t.Errorf("the project is not on disk: %v", err)
	}
}

// verify's exit 3 after a wizard deploy is printed as the result, not
// returned as an error to print: the exit code stays 3, silently.
func TestUnverifiedResult(t *testing.T) {
	var out bytes.Buffer
	err := unverifiedResult(&out, &cmdutil.ExitError{Code: cmdutil.ExitUnverified, Err: errors.New("wired, data flow not verifiable on moto: no data plane")})
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != cmdutil.ExitUnverified || !errors.Is(err, cmdutil.ErrSilent) {
		t.Errorf("err = %v, want a silent exit 3", err)
	}
	if out.String() != "wired, data flow not verifiable on moto: no data plane\n" {
		t.Errorf("printed %q", out.String())
	}
	other := errors.New("deploy failed: boom")
	if got := unverifiedResult(&out, other); got != other {
		t.Errorf("another error became %v", got)
	}
}

// TestEmulatorWizardDeployUnverifiable: a wizard deploy of a route moto
// wires but cannot move data on (IoT Core → SQS) ends with the result
// line on stdout and exit 3, and nothing printed as an error.
func TestEmulatorWizardDeployUnverifiable(t *testing.T) {
	endpoint := os.Getenv("AWS_ENDPOINT_URL")
	if endpoint == "" || os.Getenv("WIREUP_TARGET") != "moto" {
		t.Skip("needs moto: AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto")
	}
	name := fmt.Sprintf("wu%d", time.Now().UnixNano()%1_000_000_000)
	dir := filepath.Join(t.TempDir(), name)
	ios, in, out, errOut := iostreams.Test()
	ios.SetTTY(true, true, true)
	ios.SetAccessible(true)
	// The name (the only route is printed, not asked), generate, then 2:
	// the AWS_ENDPOINT_URL entry.
	in.WriteString(name + "\n\n2\n")
	f := &cmdutil.Factory{IOStreams: ios, Catalog: catalog.Load, Getenv: os.Getenv, Now: time.Now, Prompter: prompter.New(ios)}
	opts := &NewOptions{IO: ios, Catalog: catalog.Load, Getenv: os.Getenv, Prompter: f.Prompter, Dir: dir, Route: []string{"iot-to-sqs"}}
	(&wizardFlags{deploy: deployFunc(f)}).install(opts)
	err := NewRun(context.Background(), opts)
	t.Cleanup(func() {
		d := destroycmd.NewCmdDestroy(f, nil)
		d.SetArgs([]string{"--spec", filepath.Join(dir, spec.FileName)})
		if derr := d.ExecuteContext(context.Background()); derr != nil {
			t.Errorf("destroy: %v\n%s", derr, errOut)
		}
	})
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != cmdutil.ExitUnverified || !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("err = %v, want a silent exit 3\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	if !strings.Contains(out.String(), "wired, data flow not verifiable on moto: ") {
		t.Errorf("no result line:\n%s", out)
	}
	if strings.Contains(errOut.String(), "Error:") {
		t.Errorf("stderr shows an error:\n%s", errOut)
	}
}
