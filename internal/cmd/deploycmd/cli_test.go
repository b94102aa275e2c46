package deploycmd_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/awsfake"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
)

// TestMain lets a test run the real CLI in a child process (see
// runIsolated), where the environment can be made to fail every request
// that is not to an emulator on the loopback interface.
func TestMain(m *testing.M) {
	if os.Getenv("WIREUP_TEST_RUN_CLI") == "1" {
		os.Exit(int(app.Main()))
	}
	os.Exit(m.Run())
}

// runIsolated runs the CLI in a child process in dir with no endpoint, no
// target, no region and no credentials in its environment, and with every
// HTTP proxy pointed at a closed port: Go never proxies loopback
// addresses, so a request to an emulator on 127.0.0.1 goes through, and
// one to real AWS fails at once instead of being made.
func runIsolated(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := isolatedCmd(t, dir, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// isolatedCmd is the command runIsolated runs, for a test that starts it
// and signals it.
func isolatedCmd(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || k == "WIREUP_TARGET" || strings.EqualFold(k, "HTTP_PROXY") ||
			strings.EqualFold(k, "HTTPS_PROXY") || strings.EqualFold(k, "NO_PROXY") || strings.EqualFold(k, "ALL_PROXY") {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	none := filepath.Join(t.TempDir(), "none")
	cmd.Env = append(cmd.Env, "WIREUP_TEST_RUN_CLI=1", "NO_COLOR=1",
		"HTTP_PROXY=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE="+none, "AWS_SHARED_CREDENTIALS_FILE="+none)
	return cmd
}

// newProject generates a one-queue project (app → sqs) named name in a
// temporary directory and returns its directory.
func newProject(t *testing.T, name string) string {
	t.Helper()
	root := t.TempDir()
	if code, _, e := run(t, root, "new", "--route", "app-to-sqs", "--name", name, "--no-prompt"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, e)
	}
	return filepath.Join(root, name)
}

// Through the real CLI: every refusal is exit 2, says which flag to pass,
// and happens before anything is created or recorded.
func TestCLIRefusesAnotherTarget(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto := awsfake.NewEndpoint(t, "moto")
	kumo := awsfake.NewEndpoint(t, "kumo")
	dir := newProject(t, "p1")
	statePath := filepath.Join(dir, deploy.StateFile)

	// Nothing deployed: a kind the endpoint contradicts, and a region
	// change without confirmation.
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"deploy", "--endpoint", moto.URL, "--target", "kumo"}, []string{"answers as moto", "pass --target moto"}},
		{[]string{"plan", "--endpoint", moto.URL, "--target", "kumo"}, []string{"answers as moto"}},
		{[]string{"deploy", "--endpoint", moto.URL, "--region", "eu-west-1"}, []string{"deploy would act on p1 in eu-west-1, not in us-east-1 where wireup.yaml puts it", "pass --yes"}},
		{[]string{"destroy", "--endpoint", moto.URL, "--region", "eu-west-1"}, []string{"destroy would act on p1 in eu-west-1", "pass --yes"}},
		{[]string{"status", "--target", "nowhere"}, []string{`unknown target "nowhere"`}},
		{[]string{"status", "--endpoint", "ftp://x"}, []string{"invalid --endpoint"}},
	} {
		code, _, e := run(t, dir, tt.args...)
		if code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2:\n%s", tt.args, code, e)
		}
		for _, w := range tt.want {
			if !strings.Contains(e, w) {
				t.Errorf("%v: stderr does not say %q:\n%s", tt.args, w, e)
			}
		}
		if _, err := os.Stat(statePath); err == nil {
			t.Fatalf("%v wrote a state", tt.args)
		}
	}

	// Deployed on moto: another endpoint or region is refused, by every
	// command.
	st := &deploy.State{Version: deploy.StateVersion, Project: "p1", Route: "app-to-sqs",
		Target:    deploy.TargetInfo{Kind: "moto", Endpoint: moto.URL, Region: "us-east-1", Account: moto.Account},
		Resources: map[string]*deploy.ResourceState{"queue": {ID: "queue", Kind: "sqs-queue", Name: "p1-events"}}}
	if err := deploy.WriteState(statePath, st); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(statePath)
	for _, cmd := range []string{"deploy", "plan", "status", "verify", "destroy"} {
		for _, extra := range [][]string{{"--endpoint", kumo.URL}, {"--region", "eu-west-1"}} {
			args := append([]string{cmd}, extra...)
			code, _, e := run(t, dir, args...)
			if code != cmdutil.ExitUsage || !strings.Contains(e, "p1 is deployed on moto at "+moto.URL) || !strings.Contains(e, "drop "+extra[0]) {
				t.Errorf("%v: exit %d, want 2 naming the recorded target and `drop %s`:\n%s", args, code, extra[0], e)
			}
		}
	}
	if kumo.Calls() != 0 {
		t.Errorf("kumo answered %d STS calls: a refused command connected", kumo.Calls())
	}
	if after, _ := os.ReadFile(statePath); !bytes.Equal(before, after) {
		t.Errorf("a refused command changed the state:\n%s", after)
	}
	var got deploy.State
	if err := json.Unmarshal(before, &got); err != nil || got.Target.Endpoint != moto.URL {
		t.Fatalf("state: %v %+v", err, got.Target)
	}
}
