package handlerrun

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The runner starts the package's bootstrap against the function's
// Runtime API, reads its output from a mark on, and removes what it
// unpacked when stopped.
func TestHandlerRunner(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake handler is a shell script")
	}
	ctx := context.Background()
	h, err := Start(ctx, packageOf(t, "#!/bin/sh\necho \"api $AWS_LAMBDA_RUNTIME_API\"\nsleep 1\necho second\nexec sleep 30\n"), "http://127.0.0.1:4566", "demo-handler")
	if err != nil {
		t.Fatal(err)
	}
	mark := h.Mark()
	if !strings.Contains(h.Output(), "api 127.0.0.1:4566/_runtime/demo-handler") {
		t.Errorf("output %q, want the function's Runtime API", h.Output())
	}
	if err := h.Await(ctx, mark, "api", 200*time.Millisecond); err == nil {
		t.Error("await found what was written before the mark")
	}
	if err := h.Await(ctx, mark, "second", 3*time.Second); err != nil {
		t.Error(err)
	}
	h.Stop()
	if _, err := os.Stat(h.dir); !os.IsNotExist(err) {
		t.Errorf("%s left after stop: %v", h.dir, err)
	}
}

// A package without a bootstrap, or a bootstrap that exits at once, is an
// error that says what happened.
func TestHandlerRunnerFails(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake handler is a shell script")
	}
	ctx := context.Background()
	if _, err := Start(ctx, []byte("not a zip"), "http://127.0.0.1:4566", "f"); err == nil || !strings.Contains(err.Error(), "open handler package") {
		t.Errorf("not a zip: %v", err)
	}
	if _, err := Start(ctx, packageOf(t, "#!/bin/sh\necho 'no runtime API: exiting'\nexit 1\n"), "http://127.0.0.1:4566", "f"); err == nil || !strings.Contains(err.Error(), "no runtime API: exiting") {
		t.Errorf("exiting handler: %v", err)
	}
}

// packageOf zips a bootstrap script, as BuildFunction zips the handler.
func packageOf(t *testing.T, script string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(script)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
