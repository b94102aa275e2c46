package service

import (
	"context"
	"errors"
	"time"
)

// AwaitGone polls read, as Poll does, until gone recognises its error as
// the resource's absence: the wait after a delete the SDK has no waiter
// for. Any other error ends the wait with it.
func AwaitGone(ctx context.Context, maxWait time.Duration, what string, read func() error, gone func(error) bool) error {
	return Poll(ctx, maxWait, what, func() (bool, error) {
		err := read()
		if gone(err) {
			return true, nil
		}
		return false, err
	})
}

// ErrNotSeen is the error of Watch when the wait is over.
var ErrNotSeen = errors.New("not seen in time")

// Watch calls check with backoff, 250 ms doubling up to 5 s, until it
// reports found or fails, or until the next check would come after
// timeout (ErrNotSeen): how a verify probe watches a sink for the canary.
func Watch(ctx context.Context, timeout time.Duration, check func() (found bool, err error)) error {
	deadline := time.Now().Add(timeout)
	err := backoff(ctx, 250*time.Millisecond, func(next time.Duration) bool { return time.Now().Add(next).After(deadline) }, check)
	if errors.Is(err, errOver) {
		return ErrNotSeen
	}
	return err
}

// errOver is the error of backoff when over ends the wait.
var errOver = errors.New("wait over")

// backoff calls check until it reports done or fails, waiting first
// between checks, doubling up to 5 s; before each wait, over (told the
// wait to come) ends it with errOver.
func backoff(ctx context.Context, first time.Duration, over func(next time.Duration) bool, check func() (bool, error)) error {
	for wait := first; ; wait = min(wait*2, 5*time.Second) {
		done, err := check()
		if err != nil || done {
			return err
		}
		if over(wait) {
			return errOver
		}
		if err := Sleep(ctx, wait); err != nil {
			return err
		}
	}
}
