package project

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Issue 10, item 7: a second command is refused with the holder's name,
// and gets the lock once it is released.
func TestLockRefusesASecondHolder(t *testing.T) {
	dir := t.TempDir()
	first, err := AcquireLock(dir, "p1", "deploy")
	if err != nil {
		t.Fatal(err)
	}
	if first.Stale != nil {
		t.Errorf("a fresh lock reports a stale holder: %+v", first.Stale)
	}
	_, err = AcquireLock(dir, "p1", "destroy")
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second lock: %v, want a LockedError", err)
	}
	host, _ := os.Hostname()
	if locked.Holder.PID != os.Getpid() || locked.Holder.Command != "deploy" || locked.Holder.Host != host {
		t.Errorf("holder = %+v, want this process's deploy", locked.Holder)
	}
	for _, w := range []string{"p1 is locked by `wireup deploy` (pid " + strconv.Itoa(os.Getpid()) + " on host " + host,
		"Wait for it to finish or stop it, then run `wireup destroy` again; nothing was changed", filepath.Join(dir, LockFile)} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not say %q:\n%s", w, err)
		}
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err != nil {
		t.Errorf("a second release: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is still there after release: %v", err)
	}
	again, err := AcquireLock(dir, "p1", "destroy")
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if again.Stale != nil {
		t.Errorf("a released lock is reported stale: %+v", again.Stale)
	}
	again.Release()
}

// A lock file left by a command that is gone (killed: no release ran) is
// taken over, and the note says whose it was and what that means.
func TestLockTakesOverAStaleLock(t *testing.T) {
	dir := t.TempDir()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no `true` to get the pid of a finished process:", err)
	}
	host, _ := os.Hostname()
	stale := LockInfo{PID: gone.Process.Pid, Host: host, Command: "deploy", Started: time.Now().Add(-time.Hour)}
	data, _ := json.Marshal(stale)
	os.MkdirAll(filepath.Join(dir, ".wireup"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, LockFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := AcquireLock(dir, "p1", "destroy")
	if err != nil {
		t.Fatalf("lock over a stale file: %v", err)
	}
	defer l.Release()
	if l.Stale == nil || l.Stale.PID != stale.PID {
		t.Fatalf("stale = %+v, want pid %d", l.Stale, stale.PID)
	}
	note := l.StaleNote()
	for _, w := range []string{"took over the lock", fmt.Sprintf("`wireup deploy` (pid %d on host %s", stale.PID, host),
		fmt.Sprintf("pid %d is no longer running", stale.PID), "without releasing it", "`wireup status` shows what is there"} {
		if !strings.Contains(note, w) {
			t.Errorf("note does not say %q:\n%s", w, note)
		}
	}
	// The file now names the new holder.
	_, err = AcquireLock(dir, "p1", "deploy")
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Holder.PID != os.Getpid() || locked.Holder.Command != "destroy" {
		t.Errorf("after the takeover: %v, want the lock held by this destroy", err)
	}
}

// TestLockHelperProcess is not a test: TestLockAcrossProcesses runs the
// test binary with it to hold a lock in another process.
func TestLockHelperProcess(t *testing.T) {
	dir := os.Getenv("WIREUP_LOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process for TestLockAcrossProcesses")
	}
	if _, err := AcquireLock(dir, "p1", "deploy"); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

// Another process's lock refuses this one; once that process is killed
// (SIGKILL: no release runs, the lock file stays), the kernel has dropped
// its lock and the file is taken over as stale.
func TestLockAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "WIREUP_LOCK_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper: %q", line)
	}
	_, err = AcquireLock(dir, "p1", "destroy")
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Holder.PID != cmd.Process.Pid {
		t.Fatalf("lock held by pid %d: %v, want a LockedError naming it", cmd.Process.Pid, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	l, err := AcquireLock(dir, "p1", "destroy")
	if err != nil {
		t.Fatalf("lock after the holder was killed: %v", err)
	}
	defer l.Release()
	if l.Stale == nil || l.Stale.PID != cmd.Process.Pid || !strings.Contains(l.StaleNote(), "is no longer running") {
		t.Errorf("stale = %+v, note %q; want the killed pid, gone", l.Stale, l.StaleNote())
	}
}

// Commands that lock and release at once never hold the lock together:
// a release removes the file while it is still held, and one that opened
// the old file starts again.
func TestLockExcludesUnderContention(t *testing.T) {
	dir := t.TempDir()
	var holders, most, taken atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				l, err := AcquireLock(dir, "p1", "deploy")
				var locked *LockedError
				if errors.As(err, &locked) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				taken.Add(1)
				time.Sleep(100 * time.Microsecond)
				holders.Add(-1)
				if err := l.Release(); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 || taken.Load() == 0 {
		t.Errorf("at most %d holders at once over %d locks taken, want 1", most.Load(), taken.Load())
	}
}

// A project directory that cannot hold the lock is refused before
// anything, with what to fix.
func TestLockUnwritableDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".wireup"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := AcquireLock(dir, "p1", "deploy")
	var le *LockError
	if !errors.As(err, &le) {
		t.Fatalf("lock: %v, want a LockError", err)
	}
	for _, w := range []string{"lock p1", "not a directory", "make that directory writable", "nothing was changed"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not say %q:\n%s", w, err)
		}
	}
}
