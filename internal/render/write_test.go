package render

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var sample = Files{
	{Path: "a.txt", Data: []byte("a\n")},
	{Path: "sub/b.txt", Data: []byte("b\n")},
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "demo")
	if err := Write(context.Background(), sample, dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "sub", "b.txt")); err != nil || string(b) != "b\n" {
		t.Fatalf("sub/b.txt: %q, %v", b, err)
	}
	if names := entries(t, parent); len(names) != 1 {
		t.Errorf("parent holds %v; want only demo (no temporary directory left)", names)
	}
}

func TestWriteRefusesExistingDir(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	err := Write(context.Background(), sample, dir, WriteOptions{})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("Write: got %v, want ErrExists", err)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "keep.txt" {
		t.Errorf("dir changed: %v", names)
	}
}

func TestWriteForceReplaces(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "demo")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "old.txt"), []byte("old"), 0o644)
	if err := Write(context.Background(), sample, dir, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("old.txt survived --force: %v", err)
	}
	if names := entries(t, parent); len(names) != 1 {
		t.Errorf("parent holds %v; want only demo", names)
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		force bool
	}{{"new dir", false}, {"--force over an existing dir", true}} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "demo")
			if tc.force {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "old.txt"), []byte("old"), 0o644)
			}
			boom := errors.New("disk full")
			err := Write(context.Background(), sample, dir, WriteOptions{Force: tc.force, beforeRename: func() error { return boom }})
			if !errors.Is(err, boom) {
				t.Fatalf("Write: got %v, want %v", err, boom)
			}
			names := entries(t, parent)
			if tc.force {
				if len(names) != 1 || len(entries(t, dir)) != 1 {
					t.Errorf("after a failed --force write: parent %v, dir %v; want the old dir untouched", names, entries(t, dir))
				}
			} else if len(names) != 0 {
				t.Errorf("after a failed write the parent holds %v; want nothing", names)
			}
		})
	}
}

func TestWriteCancelledLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	err := Write(ctx, sample, filepath.Join(parent, "demo"), WriteOptions{beforeRename: func() error { cancel(); return nil }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Write: got %v, want context.Canceled", err)
	}
	if names := entries(t, parent); len(names) != 0 {
		t.Errorf("after Ctrl-C the parent holds %v; want nothing", names)
	}
}
