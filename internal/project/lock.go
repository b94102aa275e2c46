package project

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// LockFile is the project's lock, inside its directory. deploy and destroy
// hold it while they run, so that two of them never change the same
// resources at once (one would delete what the other just created, and
// each would write a state that misses the other's work).
const LockFile = ".wireup/lock"

// LockInfo says who holds a project's lock. It is the lock file's content:
// the kernel lock on the file decides who holds it, the content only names
// the holder for the one that is refused, and outlives a holder that was
// killed, which is how the next command can say what happened.
type LockInfo struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Command string    `json:"command"`
	Started time.Time `json:"started"`
}

// String names the holder for a sentence: "`wireup deploy` (pid 4242 on
// host ci-1, started 15:04:05, 12s ago)".
func (i LockInfo) String() string {
	if i.PID == 0 {
		return "another wireup command (its lock file does not say which)"
	}
	s := fmt.Sprintf("`wireup %s` (pid %d", i.Command, i.PID)
	if i.Host != "" {
		s += " on host " + i.Host
	}
	if !i.Started.IsZero() {
		s += fmt.Sprintf(", started %s, %s ago", i.Started.Local().Format("2006-01-02 15:04:05"), ago(time.Since(i.Started)))
	}
	return s + ")"
}

// ago is a duration as a person says it: 12s, 5m, 3h, 9 days.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// Lock is a project lock this process holds. Release it on every way out
// of the command (a deferred Release covers errors and Ctrl-C); if the
// process is killed instead, the kernel drops the lock and the next
// command takes it over (see Stale).
type Lock struct {
	path string
	f    *os.File
	// Stale is the record left by a holder that ended without releasing
	// the lock (killed, crashed, the machine lost power): the lock was
	// taken over, and StaleNote says so.
	Stale *LockInfo
	// staleGone is whether the stale holder's pid is known to be gone (it
	// ran on this host and no process has that pid now).
	staleGone bool
}

// LockedError is the answer when another command holds the project's
// lock.
type LockedError struct {
	Project string
	// Command is the command that was refused.
	Command string
	Path    string
	Holder  LockInfo
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s is locked by %s, which is changing it now: two commands at once would fight over its resources. "+
		"Wait for it to finish or stop it, then run `wireup %s` again; nothing was changed (the lock is %s)",
		e.Project, e.Holder, e.Command, e.Path)
}

// LockError is a lock that could not be taken for another reason than a
// holder: the project directory cannot be written, or its file system has
// no file locks.
type LockError struct {
	Project string
	Path    string
	Err     error
	// NoLocks is a file system that refused the lock call itself.
	NoLocks bool
}

func (e *LockError) Error() string {
	if e.NoLocks {
		return fmt.Sprintf("lock %s: %v. The file system of %s does not lock files, so wireup cannot keep two commands from changing the project at once: work on the project from a local disk; nothing was changed",
			e.Project, e.Err, filepath.Dir(e.Path))
	}
	return fmt.Sprintf("lock %s: %v. wireup writes its lock and state in %s: make that directory writable (or free disk space), then run the command again; nothing was changed",
		e.Project, e.Err, filepath.Dir(e.Path))
}

func (e *LockError) Unwrap() error { return e.Err }

// AcquireLock takes the lock of the project in dir for command (deploy,
// destroy). It never waits: a lock held by a running command is a
// LockedError naming it. A lock file whose holder is gone is taken over
// and reported in Lock.Stale.
func AcquireLock(dir, project, command string) (*Lock, error) {
	host, _ := os.Hostname()
	return lockProject(filepath.Join(dir, LockFile), project,
		LockInfo{PID: os.Getpid(), Host: host, Command: command, Started: time.Now().UTC()})
}

func lockProject(path, project string, me LockInfo) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, &LockError{Project: project, Path: path, Err: err}
	}
	// Release removes the file while it still holds it, so a command that
	// opened the file just before that gets a lock on a file that is no
	// longer there: it sees so and opens the path again. A few rounds are
	// enough for any real race; more is a bug, not contention.
	for range 10 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, &LockError{Project: project, Path: path, Err: err}
		}
		if err := tryLock(f); err != nil {
			holder := readLockInfo(f)
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, &LockedError{Project: project, Command: me.Command, Path: path, Holder: holder}
			}
			return nil, &LockError{Project: project, Path: path, Err: err, NoLocks: true}
		}
		if !sameFile(f, path) {
			f.Close()
			continue
		}
		l := &Lock{path: path, f: f}
		if prev := readLockInfo(f); prev.PID != 0 {
			l.Stale = &prev
			l.staleGone = prev.Host == me.Host && !processAlive(prev.PID)
		}
		// The content only names the holder: a disk too full to write it
		// still leaves the lock held, and the state check that follows
		// reports the disk.
		if data, err := json.Marshal(me); err == nil {
			if f.Truncate(0) == nil {
				_, _ = f.WriteAt(append(data, '\n'), 0)
				_ = f.Sync()
			}
		}
		return l, nil
	}
	return nil, &LockError{Project: project, Path: path, Err: fmt.Errorf("lock %s: the file kept being replaced while it was locked", path)}
}

// StaleNote explains a lock taken over from a holder that is gone, or is
// "" when there was none.
func (l *Lock) StaleNote() string {
	if l == nil || l.Stale == nil {
		return ""
	}
	how := "killed, or it crashed"
	if l.staleGone {
		how += fmt.Sprintf("; pid %d is no longer running", l.Stale.PID)
	}
	return fmt.Sprintf("took over the lock %s left by %s: that command ended without releasing it (%s), so what it was doing may be unfinished; this command carries on from the state, and `wireup status` shows what is there",
		l.path, *l.Stale, how)
}

// Release gives the lock up and removes its file. It is safe to call more
// than once, and on a nil Lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Remove before closing: the lock is dropped by the close, and a
	// command waiting to open the file must find it gone or new (see
	// lockProject).
	err := os.Remove(l.path)
	cerr := l.f.Close()
	l.f = nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		// A system that cannot remove an open file (Windows) can once
		// it is closed.
		err = os.Remove(l.path)
	}
	if err == nil || errors.Is(err, os.ErrNotExist) {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("release the lock %s: %w", l.path, err)
	}
	return nil
}

// readLockInfo reads the holder a lock file names; an empty or garbled
// file names none.
func readLockInfo(f *os.File) LockInfo {
	var info LockInfo
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err != nil || len(data) == 0 {
		return info
	}
	_ = json.Unmarshal(data, &info)
	return info
}

// sameFile reports whether f is still the file at path.
func sameFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	if err != nil {
		return false
	}
	return os.SameFile(a, b)
}

// errLocked is tryLock's answer when another open file holds the lock.
var errLocked = errors.New("locked")
