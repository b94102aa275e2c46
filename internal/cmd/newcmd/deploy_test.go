package newcmd

import (
	"context"
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
)

// TestEmulatorWizardDeploysAndVerifies walks the whole wizard in accessible
// mode — route, name, generate, "Deploy now?" to another endpoint — and
// checks that the real deploy and verify ran against the emulator: the
// canary went from S3 to SQS. Then it destroys what was created.
func TestEmulatorWizardDeploysAndVerifies(t *testing.T) {
	endpoint := os.Getenv("AWS_ENDPOINT_URL")
	if endpoint == "" {
		t.Skip("no emulator: run `make emulators`, then AWS_ENDPOINT_URL=http://127.0.0.1:5000 go test -run Emulator ./internal/cmd/newcmd")
	}
	name := fmt.Sprintf("wz%d", time.Now().UnixNano()%1_000_000_000)
	dir := filepath.Join(t.TempDir(), name)
	ios, in, out, errOut := iostreams.Test()
	ios.SetTTY(true, true, true)
	ios.SetAccessible(true)
	// The top route, the name, generate, then deploy (3: another endpoint).
	in.WriteString("\n" + name + "\n\n3\n" + endpoint + "\n")
	f := &cmdutil.Factory{IOStreams: ios, Catalog: catalog.Load, Getenv: os.Getenv, Now: time.Now, Prompter: prompter.New(ios)}
	opts := &NewOptions{IO: ios, Catalog: catalog.Load, Getenv: os.Getenv, Prompter: f.Prompter, Dir: dir, From: "s3", To: "sqs"}
	(&wizardFlags{deploy: deployFunc(f)}).install(opts)

	err := NewRun(context.Background(), opts)
	t.Cleanup(func() {
		d := destroycmd.NewCmdDestroy(f, nil)
		d.SetArgs([]string{"--spec", filepath.Join(dir, spec.FileName), "--endpoint", endpoint})
		if derr := d.ExecuteContext(context.Background()); derr != nil {
			t.Errorf("destroy: %v\n%s", derr, errOut)
		}
	})
	if err != nil {
		t.Fatalf("wizard with deploy: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	if !strings.Contains(out.String(), "Verified: canary") {
		t.Fatalf("verify did not report a verified canary:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	t.Logf("wizard output:\n%s", out)
	if _, err := os.Stat(filepath.Join(dir, ".wireup", "state.json")); err != nil {
		t.Errorf("deploy wrote no state: %v", err)
	}
}
