package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// ManifestFile records what wireup generated in a project, so that
// regenerating it can tell the files the user changed from the ones it may
// replace. It lives in .wireup/, next to the deploy state, and like it is
// not committed: in a fresh clone every file that differs counts as the
// user's.
const ManifestFile = ".wireup/generated.json"

// manifest is the content of ManifestFile: the SHA-256 of every file as it
// was generated, by slash-separated path.
type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"`
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Changes is what regenerating a project does (or, for a dry run, would do)
// to its files. Paths are slash-separated, sorted.
type Changes struct {
	Added     []string // new files
	Updated   []string // generated files the user did not change, replaced
	Removed   []string // files no longer generated, unchanged since: deleted
	Unchanged []string // already as they would be generated
	// Kept are files the user changed since wireup generated them (or that
	// wireup cannot tell, without a manifest): left as they are.
	Kept []string
}

// Changed reports whether the update writes or deletes anything.
func (c *Changes) Changed() bool {
	return len(c.Added)+len(c.Updated)+len(c.Removed) > 0
}

// IsProject reports whether dir holds a project wireup generated: its spec
// or its manifest.
func IsProject(dir string) bool {
	for _, f := range []string{"wireup.yaml", ManifestFile} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err == nil {
			return true
		}
	}
	return false
}

// Update regenerates the project in dir in place: it writes the files the
// user has not changed since they were generated, adds new ones, deletes
// the ones no longer generated (unless changed), and keeps every file the
// user edited, and everything wireup never generated (.git, the deploy
// state, the user's own files), untouched. With dryRun it only reports.
// Each file is replaced atomically; an interrupted update leaves every
// file either old or new, and the next update finishes it.
func Update(ctx context.Context, files Files, dir string, dryRun bool) (*Changes, error) {
	old, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	next := manifest{Version: 1, Files: map[string]string{}}
	ch := &Changes{}
	type write struct {
		path string
		f    File
	}
	var writes []write
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		want := digest(f.Data)
		disk, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ch.Added = append(ch.Added, f.Path)
			writes = append(writes, write{p, f})
			next.Files[f.Path] = want
		case err != nil:
			return nil, fmt.Errorf("update project: %w", err)
		case digest(disk) == want:
			ch.Unchanged = append(ch.Unchanged, f.Path)
			next.Files[f.Path] = want
		case old.Files[f.Path] == digest(disk):
			ch.Updated = append(ch.Updated, f.Path)
			writes = append(writes, write{p, f})
			next.Files[f.Path] = want
		default:
			ch.Kept = append(ch.Kept, f.Path)
			if h, ok := old.Files[f.Path]; ok {
				next.Files[f.Path] = h // still the user's edit next time
			}
		}
	}
	var removes []string
	for path, h := range old.Files {
		if _, still := next.Files[path]; still || slices.Contains(ch.Kept, path) {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(path))
		disk, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("update project: %w", err)
		case digest(disk) == h:
			ch.Removed = append(ch.Removed, path)
			removes = append(removes, p)
		default:
			ch.Kept = append(ch.Kept, path) // no longer generated, but edited: the user's now
		}
	}
	for _, l := range [][]string{ch.Added, ch.Updated, ch.Removed, ch.Unchanged, ch.Kept} {
		slices.Sort(l)
	}
	if dryRun {
		return ch, nil
	}
	for _, w := range writes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := writeAtomic(w.path, w.f.Data, w.f.Mode); err != nil {
			return nil, fmt.Errorf("update project: %w", err)
		}
	}
	for _, p := range removes {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("update project: %w", err)
		}
	}
	if err := writeManifest(dir, next); err != nil {
		return nil, err
	}
	return ch, nil
}

func readManifest(dir string) (manifest, error) {
	m := manifest{Files: map[string]string{}}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ManifestFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("read %s: %w", ManifestFile, err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Files == nil {
		// A damaged manifest only makes the update careful: every file
		// that differs is kept as the user's.
		return manifest{Files: map[string]string{}}, nil
	}
	return m, nil
}

func writeManifest(dir string, m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	p := filepath.Join(dir, filepath.FromSlash(ManifestFile))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", ManifestFile, err)
	}
	if err := writeAtomic(p, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", ManifestFile, err)
	}
	return nil
}

// manifestOf is the manifest of a freshly written project.
func manifestOf(files Files) manifest {
	m := manifest{Version: 1, Files: make(map[string]string, len(files))}
	for _, f := range files {
		m.Files[f.Path] = digest(f.Data)
	}
	return m
}

// writeAtomic replaces path with data through a temporary file in the same
// directory, so a reader (or a crash) sees the old file or the new one.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	if mode == 0 {
		mode = 0o644
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".wireup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
