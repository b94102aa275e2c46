//go:build !unix

package project

import (
	"os"
)

// tryLock has no flock to call here: the lock file's content decides. A
// holder that names this host and a pid that no longer runs is gone;
// any other named holder is taken to be running.
func tryLock(f *os.File) error {
	holder := readLockInfo(f)
	if holder.PID == 0 {
		return nil
	}
	if host, _ := os.Hostname(); holder.Host == host && !processAlive(holder.PID) {
		return nil
	}
	return errLocked
}

// processAlive reports whether a process with this pid runs on this host
// (on Windows, FindProcess fails for a pid that does not).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
