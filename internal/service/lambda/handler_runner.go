package lambda

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

// handlerProc is a Lambda handler that verify runs itself against an
// emulator's Runtime API (kumo stores functions but runs none).
type handlerProc struct {
	cmd  *exec.Cmd
	dir  string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func (h *handlerProc) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.Write(p)
}

func (h *handlerProc) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.String()
}

// startHandler unpacks the bootstrap from zipData and runs it with
// AWS_LAMBDA_RUNTIME_API pointing at the emulator's per-function Runtime
// API (kumo's: <host>/_runtime/<function>).
func startHandler(ctx context.Context, zipData []byte, endpoint, function string) (*handlerProc, error) {
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
	h := &handlerProc{dir: dir, done: make(chan struct{})}
	h.cmd = exec.Command(bin)
	h.cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+u.Host+"/_runtime/"+function,
		"AWS_LAMBDA_FUNCTION_NAME="+function, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	h.cmd.Stdout, h.cmd.Stderr = h, h
	if err := h.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start handler: %w", err)
	}
	go func() { _ = h.cmd.Wait(); close(h.done) }()
	// The first poll registers the handler with kumo; give it a moment.
	if err := service.Sleep(ctx, 300*time.Millisecond); err != nil {
		h.stop()
		return nil, err
	}
	select {
	case <-h.done:
		out := h.output()
		h.stop()
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

// mark is the length of the output so far.
func (h *handlerProc) mark() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.Len()
}

// await waits until the output after mark contains s.
func (h *handlerProc) await(ctx context.Context, mark int, s string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(h.output()[mark:], s) {
			return nil
		}
		if err := service.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
	return errors.New("the handler did not log the canary within " + timeout.String())
}

func (h *handlerProc) stop() {
	if h.cmd.Process != nil {
		_ = h.cmd.Process.Kill()
		<-h.done
	}
	os.RemoveAll(h.dir)
}
