// Package handlerrun runs a Lambda handler the way Lambda would, against
// an emulator's Runtime API: kumo stores functions but runs none, so
// verify runs the built handler itself and watches its output. (Not
// "runtime", which would shadow the standard library's package of that
// name in every file that needs both, as this package's tests do.)
package handlerrun

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wireup/wireup/internal/service"
)

// Proc is a running handler: its process, what it unpacked, and what it
// has written to stdout and stderr.
type Proc struct {
	cmd  *exec.Cmd
	dir  string
	out  output
	done chan struct{}
}

// output is what the handler writes, read while it runs.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

func (o *output) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Len()
}

// Output is everything the handler has written so far.
func (h *Proc) Output() string { return h.out.String() }

// Start unpacks the bootstrap from zipData and runs it with
// AWS_LAMBDA_RUNTIME_API pointing at the emulator's per-function Runtime
// API (kumo's: <host>/_runtime/<function>).
func Start(ctx context.Context, zipData []byte, endpoint, function string) (*Proc, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return nil, fmt.Errorf("open handler package: %w", err)
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("parse endpoint %q: %w", endpoint, err)
	}
	dir, err := os.MkdirTemp("", "wireup-handler-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "bootstrap")
	if err := unpack(zr, "bootstrap", bin); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	h := &Proc{dir: dir, done: make(chan struct{})}
	h.cmd = exec.Command(bin)
	h.cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+u.Host+"/_runtime/"+function,
		"AWS_LAMBDA_FUNCTION_NAME="+function, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	h.cmd.Stdout, h.cmd.Stderr = &h.out, &h.out
	if err := h.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start handler: %w", err)
	}
	go func() { _ = h.cmd.Wait(); close(h.done) }()
	// The first poll registers the handler with kumo; give it a moment.
	if err := service.Sleep(ctx, 300*time.Millisecond); err != nil {
		h.Stop()
		return nil, err
	}
	select {
	case <-h.done:
		out := h.Output()
		h.Stop()
		return nil, fmt.Errorf("handler exited at start: %s", out)
	default:
	}
	return h, nil
}

// unpack writes the file name of zr to path, executable.
func unpack(zr *zip.Reader, name, path string) error {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o755)
	}
	return fmt.Errorf("the handler package has no %s: build it with `wireup deploy` (or `make build`)", name)
}

// Mark is the length of the output so far, for Await.
func (h *Proc) Mark() int { return h.out.Len() }

// Await waits until the output after mark contains s.
func (h *Proc) Await(ctx context.Context, mark int, s string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(h.Output()[mark:], s) {
			return nil
		}
		if err := service.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
	return errors.New("the handler did not log the canary within " + timeout.String())
}

// Stop kills the handler and removes what Start unpacked.
func (h *Proc) Stop() {
	if h.cmd.Process != nil {
		_ = h.cmd.Process.Kill()
		<-h.done
	}
	os.RemoveAll(h.dir)
}
