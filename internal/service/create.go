package service

import (
	"context"
	"fmt"
	"time"
)

// CreateAttempts bounds how often CreateOnce tries a create whose answer
// was lost.
const CreateAttempts = 3

// CreateOnce makes one resource with a create call that is not idempotent
// (no client token, no tag to find it by). A blind retry, which the SDK
// would do after a reset, a timeout or a 5xx, can make a second resource or
// fail on the first. So create must call the API without the SDK's
// retries (aws.NopRetryer), and after an answer that was lost (AnswerLost)
// CreateOnce asks find whether the call took effect: found, that is the
// result; not found, the create is tried again after attempt×wait, up to
// CreateAttempts times. A refusal (4xx) is returned as it is.
func CreateOnce[T any](ctx context.Context, wait time.Duration, create func() (T, error), find func() (T, bool, error)) (T, error) {
	var zero T
	var err error
	for i := range CreateAttempts {
		if i > 0 && wait > 0 {
			if serr := Sleep(ctx, time.Duration(i)*wait); serr != nil {
				return zero, serr
			}
		}
		var out T
		out, err = create()
		if err == nil || !AnswerLost(err) || ctx.Err() != nil {
			return out, err
		}
		got, ok, ferr := find()
		switch {
		case ferr != nil:
			return zero, fmt.Errorf("%w (and looking for it to see whether it was made: %v)", err, ferr)
		case ok:
			return got, nil
		}
	}
	return zero, err
}
