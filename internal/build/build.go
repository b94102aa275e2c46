// Package build compiles a project's Lambda handlers into deployment
// packages. It is a package of its own, beneath the engine and the
// project, so the engine's emulator tests build their handler the way
// deploy and verify do.
package build

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Env is the environment Function builds in: Lambda's provided.al2023
// runtime on x86_64, a static binary.
func Env() []string { return []string{"GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0"} }

// Flags are the go build flags Function uses besides -o: no RPC shim
// (provided.al2023 speaks the Runtime API), and no paths, symbols or build
// id, so the same source builds the same bytes. A generated project's
// `make lambda` is rendered from Env and Flags, so it builds the artefact
// deploy uploads.
func Flags() []string {
	return []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w -buildid="}
}

// Function compiles the Go package pkg (e.g. ./cmd/handler) of the
// project in dir for Lambda's provided.al2023 runtime on x86_64 and returns
// the deployment package: a zip holding one executable named bootstrap.
// The zip is deterministic, so an unchanged handler leaves the function
// unchanged on the next deploy.
func Function(ctx context.Context, dir, pkg string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "wireup-build-")
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", pkg, err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bootstrap")
	cmd := exec.CommandContext(ctx, "go", append(append([]string{"build"}, Flags()...), "-o", bin, pkg)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), Env()...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("build %s in %s: %w: %s. Fix the build error, then deploy again", pkg, dir, err, bytes.TrimSpace(stderr.Bytes()))
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", pkg, err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, fmt.Errorf("zip %s: %w", pkg, err)
	}
	if _, err := w.Write(exe); err != nil {
		return nil, fmt.Errorf("zip %s: %w", pkg, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip %s: %w", pkg, err)
	}
	return buf.Bytes(), nil
}

// Functions builds the package of every function in the plan.
func Functions(ctx context.Context, dir string, packages map[string]string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for id, pkg := range packages {
		zip, err := Function(ctx, dir, pkg)
		if err != nil {
			return nil, err
		}
		out[id] = zip
	}
	return out, nil
}
