package spec

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ReadFile reads at most MaxFileSize bytes, refuses a directory and types
// every failure as a FileError (exit 2), so `--spec /dev/zero` cannot
// exhaust memory.
func TestReadFileBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("#"), MaxFileSize+10), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{big, "is over 1024 KiB"},
		{dir, "is a directory"},
		{filepath.Join(dir, "missing.yaml"), "no such file"},
		{"/dev/zero", "is over 1024 KiB"},
		{empty, "parse spec"},
	} {
		_, err := ReadFile(tt.path)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadFile(%s) = %v, want a FileError saying %q", tt.path, err, tt.want)
		}
	}
}
