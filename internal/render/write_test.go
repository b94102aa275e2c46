package render

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
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

func TestWriteFailureLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "demo")
	boom := errors.New("disk full")
	err := Write(context.Background(), sample, dir, WriteOptions{beforeRename: func() error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("Write: got %v, want %v", err, boom)
	}
	if names := entries(t, parent); len(names) != 0 {
		t.Errorf("after a failed write the parent holds %v; want nothing", names)
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

// files returns the regular files under dir with their content, by
// slash-separated path, leaving out the manifest.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel = filepath.ToSlash(rel); rel != ManifestFile {
			b, _ := os.ReadFile(p)
			out[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Regenerating a project replaces only what the user did not change, and
// never touches what wireup did not generate.
func TestUpdateKeepsEditsStateAndGit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	v1 := Files{
		{Path: "wireup.yaml", Data: []byte("name: demo\n")},
		{Path: "a.txt", Data: []byte("a1\n")},
		{Path: "edited.txt", Data: []byte("e1\n")},
		{Path: "gone.txt", Data: []byte("g1\n")},
		{Path: "gone-edited.txt", Data: []byte("ge1\n")},
		{Path: "same.txt", Data: []byte("s\n")},
	}
	if err := Write(context.Background(), v1, dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "edited.txt"), []byte("mine\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "gone-edited.txt"), []byte("mine too\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, ".git"), 0o755))
	must(os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, ".wireup", "state.json"), []byte(`{"version":1}`), 0o644))
	must(os.WriteFile(filepath.Join(dir, "notes.md"), []byte("my notes\n"), 0o644))

	v2 := Files{
		{Path: "wireup.yaml", Data: []byte("name: demo\n")},
		{Path: "a.txt", Data: []byte("a2\n")},
		{Path: "edited.txt", Data: []byte("e2\n")},
		{Path: "new.txt", Data: []byte("n\n")},
		{Path: "same.txt", Data: []byte("s\n")},
	}
	before := files(t, dir)
	dry, err := Update(context.Background(), v2, dir, true)
	must(err)
	if got := files(t, dir); !maps.Equal(got, before) {
		t.Fatalf("a dry run changed files:\n%v\nwant\n%v", got, before)
	}
	ch, err := Update(context.Background(), v2, dir, false)
	must(err)
	if !reflect.DeepEqual(dry, ch) {
		t.Errorf("dry run said %+v, the update did %+v", dry, ch)
	}
	want := &Changes{Added: []string{"new.txt"}, Updated: []string{"a.txt"}, Removed: []string{"gone.txt"},
		Unchanged: []string{"same.txt", "wireup.yaml"}, Kept: []string{"edited.txt", "gone-edited.txt"}}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("Update = %+v\nwant %+v", ch, want)
	}
	wantFiles := map[string]string{
		"wireup.yaml": "name: demo\n", "a.txt": "a2\n", "edited.txt": "mine\n", "new.txt": "n\n", "same.txt": "s\n",
		"gone-edited.txt": "mine too\n", ".git/HEAD": "ref: refs/heads/main\n", ".wireup/state.json": `{"version":1}`, "notes.md": "my notes\n",
	}
	if got := files(t, dir); !maps.Equal(got, wantFiles) {
		t.Errorf("files after the update:\n%v\nwant\n%v", got, wantFiles)
	}
	// Run again: nothing to do, and the edit is still the user's.
	again, err := Update(context.Background(), v2, dir, false)
	must(err)
	if again.Changed() || !reflect.DeepEqual(again.Kept, []string{"edited.txt"}) {
		t.Errorf("second update: %+v; want no change, edited.txt kept", again)
	}
	// The user takes the generated version by deleting theirs.
	must(os.Remove(filepath.Join(dir, "edited.txt")))
	if _, err := Update(context.Background(), v2, dir, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "edited.txt")); string(b) != "e2\n" {
		t.Errorf("edited.txt after deleting it and updating: %q, want the generated e2", b)
	}
}

// Without a manifest (a project generated before wireup kept one, or a
// fresh clone) every file that differs is the user's.
func TestUpdateWithoutManifestKeepsDifferences(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ch, err := Update(context.Background(), sample, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ch.Kept, []string{"a.txt"}) || !reflect.DeepEqual(ch.Added, []string{"sub/b.txt"}) {
		t.Errorf("Update = %+v; want a.txt kept, sub/b.txt added", ch)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "old\n" {
		t.Errorf("a.txt = %q, want it untouched", b)
	}
}
