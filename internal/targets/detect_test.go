package targets

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// quick retries without waiting, so fault tests stay fast.
var quick = retryPolicy{attempts: 3, backoff: time.Millisecond}

// emulator serves what moto, kumo or LocalStack answer on the probe paths
// (paths), and 404 elsewhere, after fault has had its say on request n
// (1-based): fault returns true when it answered the request itself.
func emulator(t *testing.T, paths map[string]string, fault func(n int, w http.ResponseWriter, r *http.Request) bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i := int(n.Add(1)); fault != nil && fault(i, w, r) {
			return
		}
		if body, ok := paths[r.URL.Path]; ok {
			w.Write([]byte(body))
			return
		}
		w.WriteHeader(404)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

var (
	motoPaths       = map[string]string{"/moto-api/": "<html>moto</html>"}
	kumoPaths       = map[string]string{"/health": `{"status":"healthy"}`}
	localstackPaths = map[string]string{"/_localstack/health": `{"services":{"s3":"running"}}`}
)

func TestDetect(t *testing.T) {
	for name, tt := range map[string]struct {
		paths map[string]string
		want  Target
	}{"moto": {motoPaths, Moto}, "kumo": {kumoPaths, Kumo}, "localstack": {localstackPaths, LocalStack}} {
		t.Run(name, func(t *testing.T) {
			srv, n := emulator(t, tt.paths, nil)
			got, err := Detect(context.Background(), srv.URL, nil)
			if err != nil || got != tt.want {
				t.Errorf("Detect = %v, %v; want %v", got, err, tt.want)
			}
			// A 404 is an answer: each probe is asked once.
			if want := map[Target]int32{LocalStack: 1, Moto: 2, Kumo: 3}[tt.want]; n.Load() != want {
				t.Errorf("%d requests, want %d", n.Load(), want)
			}
		})
	}
	if got, _ := Detect(context.Background(), "", nil); got != AWS {
		t.Errorf("no endpoint: %v, want aws", got)
	}
	if _, err := detect(context.Background(), "http://127.0.0.1:1", nil, quick); err == nil || !strings.Contains(err.Error(), "make emulators") || !errors.Is(err, ErrUnreachable) {
		t.Errorf("unreachable: %v", err)
	}
	// Something that answers as no known emulator is told apart from one
	// that does not answer: only the first may be named with --target.
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := Detect(context.Background(), srv.URL, nil); !errors.Is(err, ErrUnrecognized) || errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "--target") {
		t.Errorf("unrecognized: %v", err)
	}
}

// One transient fault on any probe (a 500, a 503 throttle, a dropped
// connection, a try that hangs past its timeout) is retried, and the target
// is still detected.
func TestDetectSurvivesOneFault(t *testing.T) {
	faults := map[string]func(w http.ResponseWriter, r *http.Request){
		"500": func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(500)
			w.Write([]byte(`{"__type":"InternalFailure"}`))
		},
		"503": func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) },
		"reset": func(w http.ResponseWriter, _ *http.Request) {
			c, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				panic(err)
			}
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		},
		"hang": func(_ http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
	}
	for name, fault := range faults {
		for _, at := range []int{1, 2} { // the first probe, and the one that answers
			for _, em := range []struct {
				paths map[string]string
				want  Target
			}{{motoPaths, Moto}, {kumoPaths, Kumo}} {
				t.Run(name+"/"+string(em.want)+"/request"+string(rune('0'+at)), func(t *testing.T) {
					srv, _ := emulator(t, em.paths, func(n int, w http.ResponseWriter, r *http.Request) bool {
						if n == at {
							fault(w, r)
							return true
						}
						return false
					})
					got, err := detect(context.Background(), srv.URL, &http.Client{Timeout: 200 * time.Millisecond}, quick)
					if err != nil || got != em.want {
						t.Errorf("Detect = %v, %v; want %v", got, err, em.want)
					}
				})
			}
		}
	}
	// The same with Detect's own policy and client, which production uses.
	srv, _ := emulator(t, motoPaths, func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 1 {
			faults["500"](w, r)
		}
		return n == 1
	})
	if got, err := Detect(context.Background(), srv.URL, nil); err != nil || got != Moto {
		t.Errorf("Detect after one 500 = %v, %v; want moto", got, err)
	}
}

// A fault that persists ends the detection within its bound, said for what
// it is: an endpoint that never answers is unreachable, one that answers
// only 503 is not recognized, and neither is asked forever.
func TestDetectPersistentFaults(t *testing.T) {
	hang, n := emulator(t, motoPaths, func(_ int, _ http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done()
		return true
	})
	start := time.Now()
	_, err := detect(context.Background(), hang.URL, &http.Client{Timeout: 100 * time.Millisecond}, quick)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "did not answer GET /_localstack/health in 3 tries of up to 100ms each") || !strings.Contains(err.Error(), hang.URL) {
		t.Errorf("hung endpoint: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second || n.Load() != 3 {
		t.Errorf("hung endpoint: gave up after %s and %d requests, want 3 requests well under 2s", took, n.Load())
	}

	// The caller's deadline bounds the whole detection, retries included.
	ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = detect(ctx, hang.URL, &http.Client{Timeout: time.Second}, retryPolicy{attempts: 10, backoff: 50 * time.Millisecond})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "did not answer") || time.Since(start) > time.Second {
		t.Errorf("caller's deadline: %v after %s", err, time.Since(start))
	}

	busy, n := emulator(t, motoPaths, func(_ int, w http.ResponseWriter, _ *http.Request) bool {
		w.WriteHeader(503)
		return true
	})
	_, err = detect(context.Background(), busy.URL, nil, quick)
	if !errors.Is(err, ErrUnrecognized) || !strings.Contains(err.Error(), "HTTP 503 to GET /moto-api/ in 3 tries") {
		t.Errorf("endpoint answering 503: %v", err)
	}
	if n.Load() != 9 {
		t.Errorf("endpoint answering 503: %d requests, want 3 per probe", n.Load())
	}
}

// Cancelling (Ctrl-C) stops the detection with the context's error, not as
// an endpoint that does not answer.
func TestDetectCancelled(t *testing.T) {
	hang, _ := emulator(t, motoPaths, func(_ int, _ http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done()
		return true
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := detect(ctx, hang.URL, nil, quick); !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnreachable) {
		t.Errorf("cancelled: %v", err)
	}
}
