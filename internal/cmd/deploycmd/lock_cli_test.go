package deploycmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/awsfake"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/project"
)

// runCtx is run with a context the test cancels, as Ctrl-C does.
func runCtx(t *testing.T, ctx context.Context, dir string, args ...string) (cmdutil.ExitCode, string) {
	t.Helper()
	ios, _, _, errOut := iostreams.Test()
	f := app.NewFactory(ios)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := app.Run(ctx, args, f)
	return code, errOut.String()
}

// lockIsFree fails the test unless the project's lock file is gone and
// the lock can be taken.
func lockIsFree(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, project.LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is still there: %v", err)
	}
	l, err := project.AcquireLock(dir, "p1", "deploy")
	if err != nil {
		t.Errorf("the lock was not released: %v", err)
		return
	}
	l.Release()
}

// blockCreate makes the fake's CreateQueue of name wait until the test
// closes the returned release channel; inFlight is closed when it arrives.
func blockCreate(sqs *awsfake.SQS, name string) (inFlight, release chan struct{}) {
	inFlight, release = make(chan struct{}), make(chan struct{})
	sqs.OnCreate = func(n string) {
		if n == name {
			close(inFlight)
			<-release
		}
	}
	return inFlight, release
}

func waitFor(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// Issue 10, item 7: while a command holds the project's lock, deploy and
// destroy are refused with its name before any call to the target; plan,
// which changes nothing, still runs.
func TestCLILockRefusesSecondCommand(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto := awsfake.NewEndpoint(t, "moto")
	dir := newProject(t, "p1")
	held, err := project.AcquireLock(dir, "p1", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"deploy", "destroy"} {
		code, _, e := run(t, dir, cmd, "--endpoint", moto.URL)
		want := []string{"p1 is locked by `wireup deploy` (pid " + strconv.Itoa(os.Getpid()), "then run `wireup " + cmd + "` again; nothing was changed"}
		if code != cmdutil.ExitFailure {
			t.Errorf("%s while locked: exit %d, want 1:\n%s", cmd, code, e)
		}
		for _, w := range want {
			if !strings.Contains(e, w) {
				t.Errorf("%s while locked: stderr does not say %q:\n%s", cmd, w, e)
			}
		}
	}
	if moto.Calls() != 0 {
		t.Errorf("a refused command called the target %d times", moto.Calls())
	}
	if _, err := os.Stat(filepath.Join(dir, deploy.StateFile)); err == nil {
		t.Error("a refused command wrote a state")
	}
	if code, _, e := run(t, dir, "plan", "--endpoint", moto.URL); code != 0 {
		t.Errorf("plan while locked: exit %d, want 0:\n%s", code, e)
	}
	held.Release()

	// Refusals after the lock was taken release it: one inside the session
	// (a kind the endpoint contradicts) and one after it (an unconfirmed
	// region change).
	for _, args := range [][]string{{"--target", "kumo"}, {"--region", "eu-west-1"}} {
		code, _, e := run(t, dir, append([]string{"deploy", "--endpoint", moto.URL}, args...)...)
		if code != cmdutil.ExitUsage {
			t.Errorf("deploy %v: exit %d, want 2:\n%s", args, code, e)
		}
		lockIsFree(t, dir)
	}
}

// A lock file left by a command that was killed is taken over with a note,
// and the deploy goes ahead and releases it.
func TestCLIStaleLockTakenOver(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto, sqs := awsfake.NewSQS(t, "moto")
	dir := newProject(t, "p1")
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no `true` to get the pid of a finished process:", err)
	}
	host, _ := os.Hostname()
	data, _ := json.Marshal(project.LockInfo{PID: gone.Process.Pid, Host: host, Command: "deploy", Started: time.Now().Add(-time.Hour)})
	os.MkdirAll(filepath.Join(dir, ".wireup"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, project.LockFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := run(t, dir, "deploy", "--endpoint", moto.URL)
	if code != 0 {
		t.Fatalf("deploy over a stale lock: exit %d:\n%s", code, e)
	}
	for _, w := range []string{"note: took over the lock", fmt.Sprintf("pid %d is no longer running", gone.Process.Pid), "may be unfinished"} {
		if !strings.Contains(e, w) {
			t.Errorf("stderr does not say %q:\n%s", w, e)
		}
	}
	if d := cmp.Diff([]string{"p1-dlq", "p1-queue"}, sqs.Queues()); d != "" {
		t.Errorf("queues (-want +got):\n%s", d)
	}
	lockIsFree(t, dir)
}

// Ctrl-C while a create call is in flight: the call returns and is
// recorded, the command exits 130 saying what is left, and the lock is
// released.
func TestCLIInterruptReleasesLock(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto, sqs := awsfake.NewSQS(t, "moto")
	inFlight, release := blockCreate(sqs, "p1-dlq")
	dir := newProject(t, "p1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		code cmdutil.ExitCode
		e    string
	}
	done := make(chan result, 1)
	go func() {
		code, e := runCtx(t, ctx, dir, "deploy", "--endpoint", moto.URL)
		done <- result{code, e}
	}()
	waitFor(t, inFlight, "CreateQueue")
	cancel()
	time.Sleep(100 * time.Millisecond)
	close(release)
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("deploy did not return after Ctrl-C")
	}
	if r.code != cmdutil.ExitCancel || !strings.Contains(r.e, "Cancelled: deploy interrupted with 0 of 2 resources deployed; created or changed but not finished: sqs.queue p1-dlq") {
		t.Errorf("deploy: exit %d, want 130 naming the queue:\n%s", r.code, r.e)
	}
	st, err := deploy.LoadState(filepath.Join(dir, deploy.StateFile))
	if err != nil || st.Resources["dlq"] == nil || st.Resources["dlq"].Outputs["url"] == "" {
		t.Errorf("state: %v %+v, want the queue whose create was in flight recorded", err, st)
	}
	lockIsFree(t, dir)
}

// Issue 10, item 9, through the real process: SIGTERM during a deploy is
// Ctrl-C (exit 130, the create call in flight recorded, nothing more
// created, the lock released), not a death with 143 and no state.
func TestCLISIGTERM(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto, sqs := awsfake.NewSQS(t, "moto")
	inFlight, release := blockCreate(sqs, "p1-dlq")
	dir := newProject(t, "p1")
	cmd := isolatedCmd(t, dir, "deploy", "--endpoint", moto.URL)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, inFlight, "CreateQueue")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	close(release)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("deploy did not exit after SIGTERM")
	}
	e := errOut.String()
	if code := cmd.ProcessState.ExitCode(); code != int(cmdutil.ExitCancel) {
		t.Fatalf("exit %d (%s), want 130:\n%s", code, cmd.ProcessState, e)
	}
	for _, w := range []string{"Cancelled: deploy interrupted", "created or changed but not finished: sqs.queue p1-dlq", "run `wireup deploy` again to finish"} {
		if !strings.Contains(e, w) {
			t.Errorf("stderr does not say %q:\n%s", w, e)
		}
	}
	st, err := deploy.LoadState(filepath.Join(dir, deploy.StateFile))
	if err != nil || st.Resources["dlq"] == nil || len(st.Resources) != 1 {
		t.Errorf("state: %v %+v, want the queue whose create was in flight, alone", err, st)
	}
	if d := cmp.Diff([]string{"p1-dlq"}, sqs.Creates()); d != "" {
		t.Errorf("CreateQueue calls after SIGTERM (-want +got):\n%s", d)
	}
	lockIsFree(t, dir)
}

// Issue 10, item 5, through the CLI: a project whose .wireup cannot be
// written is refused before any call; a state that cannot be written is
// refused before the first create; a state that stops being writable
// mid-deploy stops it, names what was created and says how to finish.
func TestCLIStateUnwritable(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto, sqs := awsfake.NewSQS(t, "moto")

	dir := newProject(t, "p1")
	if err := os.RemoveAll(filepath.Join(dir, ".wireup")); err != nil { // the generator's manifest
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".wireup"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := run(t, dir, "deploy", "--endpoint", moto.URL)
	if code != cmdutil.ExitFailure || !strings.Contains(e, "not a directory") || !strings.Contains(e, "make that directory writable") {
		t.Errorf("deploy with .wireup a file: exit %d, want 1 saying what to fix:\n%s", code, e)
	}
	if moto.Calls() != 0 || len(sqs.Creates()) != 0 {
		t.Errorf("deploy with .wireup a file called the target")
	}

	if os.Geteuid() != 0 {
		ro := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		dir := newProject(t, "p1")
		code, _, e := run(t, dir, "deploy", "--endpoint", moto.URL, "--state", filepath.Join(ro, "state.json"))
		if code != cmdutil.ExitFailure || !strings.Contains(e, "deploy did not start") || !strings.Contains(e, "Nothing was created") {
			t.Errorf("deploy with a read-only state directory: exit %d:\n%s", code, e)
		}
		if len(sqs.Creates()) != 0 {
			t.Errorf("deploy with a read-only state directory created %v", sqs.Creates())
		}
	}

	// The state's directory is replaced by a file while the first queue is
	// being created: as a disk that fills up, every write from then on
	// fails.
	dir = newProject(t, "p1")
	stateDir := filepath.Join(t.TempDir(), "st")
	sqs.OnCreate = func(name string) {
		if name == "p1-dlq" {
			os.RemoveAll(stateDir)
			os.WriteFile(stateDir, nil, 0o644)
		}
	}
	code, _, e = run(t, dir, "deploy", "--endpoint", moto.URL, "--state", filepath.Join(stateDir, "state.json"))
	if code != cmdutil.ExitFailure {
		t.Errorf("deploy whose state stops being writable: exit %d, want 1:\n%s", code, e)
	}
	for _, w := range []string{"sqs.queue p1-dlq: failed", "Error: deploy stopped", "Created but not recorded there: sqs.queue p1-dlq.", "`wireup deploy` again", "`wireup destroy`, which finds them by that tag"} {
		if !strings.Contains(e, w) {
			t.Errorf("stderr does not say %q:\n%s", w, e)
		}
	}
	if d := cmp.Diff([]string{"p1-dlq"}, sqs.Creates()); d != "" {
		t.Errorf("CreateQueue calls (-want +got):\n%s", d)
	}
	lockIsFree(t, dir)
}
