package spec

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
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

func TestParseRefusesFractionalNumbers(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(c, "frac", "us-east-1", []string{"app-to-sqs"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	whole := string(data)
	if _, err := Parse([]byte(whole)); err != nil {
		t.Fatalf("Parse of a written spec: %v", err)
	}
	frac := strings.Replace(whole, "maxReceiveCount: 5", "maxReceiveCount: 5.99", 1)
	if frac == whole {
		t.Fatal("test spec has no maxReceiveCount: 5 to change")
	}
	_, err = Parse([]byte(frac))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "sqs.maxReceiveCount" || fe.Value != "5.99" {
		t.Fatalf("Parse(maxReceiveCount: 5.99) = %v, want a FieldError on sqs.maxReceiveCount", err)
	}
	// A whole number written as a float is refused too: 5.0 says the
	// author thinks in fractions, and the field takes none.
	if _, err := Parse([]byte(strings.Replace(whole, "maxReceiveCount: 5", "maxReceiveCount: 5.0", 1))); err == nil {
		t.Fatal("Parse(maxReceiveCount: 5.0) = nil error")
	}
	// A string field may hold what looks like a number.
	if _, err := Parse([]byte(strings.Replace(whole, "name: frac", "name: frac\ntags: {release: 1.5}", 1))); err != nil {
		t.Fatalf("a tag value 1.5: %v", err)
	}
}
