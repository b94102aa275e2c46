package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Errors Detect wraps, so callers can tell an endpoint that does not
// answer from one that answers as no emulator wireup knows.
var (
	// ErrUnreachable: nothing answers at the endpoint.
	ErrUnreachable = errors.New("endpoint unreachable")
	// ErrUnrecognized: something answers, but not as moto, kumo or
	// LocalStack (a proxy, another emulator); only --target can name it.
	ErrUnrecognized = errors.New("emulator not recognized")
)

// DetectTimeout bounds a whole detection, every probe and every retry: a
// caller that gives Detect a context with a later deadline, or none, still
// gets an answer within it.
const DetectTimeout = 15 * time.Second

// DetectTry bounds one probe request when Detect is given no client. The
// probes ask for tiny static pages, which every emulator serves at once.
const DetectTry = 3 * time.Second

// retryPolicy is how often Detect asks again, and how long it waits before.
type retryPolicy struct {
	attempts int
	// backoff is the wait before the second attempt; it doubles after
	// each, and a random half of it is taken off so that callers started
	// together do not ask again together.
	backoff time.Duration
}

// Detect retries a probe like the SDK retries an AWS call: three attempts,
// for the faults that pass (a dropped connection, a 5xx, a 429, a try that
// timed out), with exponential backoff.
const (
	detectAttempts = 3
	detectBackoff  = 200 * time.Millisecond
)

func (p retryPolicy) wait(attempt int) time.Duration {
	d := p.backoff << (attempt - 1)
	return d/2 + rand.N(d/2+1)
}

// detectError keeps Detect's message for humans and its class for code.
type detectError struct {
	msg   string
	class error
}

func (e *detectError) Error() string { return e.msg }
func (e *detectError) Unwrap() error { return e.class }

// Detect names the target behind endpoint: AWS without one; otherwise it
// asks the endpoint (moto answers /moto-api/, LocalStack
// /_localstack/health, kumo /health). Each probe is retried on a fault that
// may pass and bounded by hc's timeout (DetectTry without hc); the whole
// detection by DetectTimeout. Its errors wrap ErrUnreachable or
// ErrUnrecognized, or are the context's when the caller cancelled it.
func Detect(ctx context.Context, endpoint string, hc *http.Client) (Target, error) {
	return detect(ctx, endpoint, hc, retryPolicy{attempts: detectAttempts, backoff: detectBackoff})
}

// answer is what one probe got, after its retries.
type answer struct {
	status int
	body   string
	err    error // the last try's transport error, when no try got an answer
	tries  int
}

// transient reports whether status is a fault worth asking again about.
func transient(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500 && status != http.StatusNotImplemented
}

func detect(ctx context.Context, endpoint string, hc *http.Client, p retryPolicy) (Target, error) {
	if endpoint == "" {
		return AWS, nil
	}
	if hc == nil {
		hc = &http.Client{Timeout: DetectTry}
	}
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, DetectTimeout)
	defer cancel()
	base := strings.TrimRight(endpoint, "/")
	once := func(path string) answer {
		req, err := http.NewRequestWithContext(dctx, http.MethodGet, base+path, nil)
		if err != nil {
			return answer{err: err}
		}
		resp, err := hc.Do(req)
		if err != nil {
			return answer{err: err}
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if err != nil {
			return answer{err: err}
		}
		return answer{status: resp.StatusCode, body: string(b)}
	}
	get := func(path string) answer {
		var a answer
		for i := 1; i <= p.attempts; i++ {
			if i > 1 {
				t := time.NewTimer(p.wait(i - 1))
				select {
				case <-dctx.Done():
					t.Stop()
					return a
				case <-t.C:
				}
			}
			a = once(path)
			a.tries = i
			if a.err == nil && !transient(a.status) || dctx.Err() != nil {
				return a
			}
		}
		return a
	}

	probes := []struct {
		path  string
		t     Target
		match func(status int, body string) bool
	}{
		{"/_localstack/health", LocalStack, func(s int, b string) bool { return s == 200 && strings.Contains(b, "services") }},
		{"/moto-api/", Moto, func(s int, _ string) bool { return s == 200 }},
		{"/health", Kumo, func(s int, b string) bool { return s == 200 && strings.Contains(b, "healthy") }},
	}
	var faults []string
	for _, pr := range probes {
		a := get(pr.path)
		if err := ctx.Err(); errors.Is(err, context.Canceled) {
			return "", err
		}
		if a.err == nil && pr.match(a.status, a.body) {
			return pr.t, nil
		}
		if a.err != nil || dctx.Err() != nil {
			return "", unreachable(endpoint, pr.path, a, hc.Timeout, time.Since(start), dctx.Err() != nil)
		}
		if transient(a.status) {
			faults = append(faults, fmt.Sprintf("HTTP %d to GET %s in %d tries", a.status, pr.path, a.tries))
		}
	}
	u, _ := url.Parse(endpoint)
	msg := fmt.Sprintf("cannot tell which emulator answers at %s (host %s): pass --target moto|kumo|localstack or set WIREUP_TARGET", endpoint, u.Host)
	if len(faults) > 0 {
		msg = fmt.Sprintf("cannot tell which emulator answers at %s (host %s; it answered %s): if it is an emulator, check it is healthy and run again, or pass --target moto|kumo|localstack or set WIREUP_TARGET",
			endpoint, u.Host, strings.Join(faults, ", "))
	}
	return "", &detectError{class: ErrUnrecognized, msg: msg}
}

// unreachable says why no probe of path got an answer, and what to do.
func unreachable(endpoint, path string, a answer, try, took time.Duration, outOfTime bool) error {
	var timeout interface{ Timeout() bool }
	var msg string
	switch {
	case a.err != nil && strings.Contains(a.err.Error(), "connection refused"):
		msg = fmt.Sprintf("could not reach %s (%v, %d tries): is the emulator running? Start one with `make emulators`", endpoint, a.err, a.tries)
	case outOfTime || errors.As(a.err, &timeout) && timeout.Timeout():
		what := fmt.Sprintf("within %s", took.Round(100*time.Millisecond))
		if !outOfTime && try > 0 {
			what = fmt.Sprintf("in %d tries of up to %s each", a.tries, try)
		}
		msg = fmt.Sprintf("%s did not answer GET %s %s: the emulator may be hung or overloaded. Restart it (`make emulators`), then run the command again", endpoint, path, what)
	default:
		msg = fmt.Sprintf("could not get an answer from %s to GET %s in %d tries (%v): restart the emulator (`make emulators`), then run the command again", endpoint, path, a.tries, a.err)
	}
	return &detectError{class: ErrUnreachable, msg: msg}
}
