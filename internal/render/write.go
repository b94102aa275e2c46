package render

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrExists is returned by Write when the target directory exists and is
// not empty: an existing project is updated in place by Update instead,
// and a directory of other files is never replaced.
var ErrExists = errors.New("directory exists")

// WriteOptions tune Write.
type WriteOptions struct {
	// beforeRename is called after the tree is written to the temporary
	// directory and before it is renamed into place (tests inject failures).
	beforeRename func() error
}

// Write puts files into a new project directory atomically: it writes a
// temporary directory next to dir and renames it into place, so dir either
// does not exist or holds the whole tree, with the manifest of what was
// generated (ManifestFile). dir must not exist, or be empty. When ctx is
// cancelled (Ctrl-C), the temporary directory is removed and nothing is
// left behind.
func Write(ctx context.Context, files Files, dir string, opts WriteOptions) (err error) {
	dir = filepath.Clean(dir)
	if es, statErr := os.ReadDir(dir); statErr == nil && len(es) > 0 {
		return fmt.Errorf("write project: %s: %w", dir, ErrExists)
	} else if _, lerr := os.Lstat(dir); lerr == nil && statErr != nil {
		return fmt.Errorf("write project: %s: %w and is not a directory", dir, ErrExists)
	}
	// An existing empty directory is replaced by the rename below
	// (rename(2) replaces an empty directory).
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".wireup-*")
	if err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write project: %w", err)
		}
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		if err := os.WriteFile(p, f.Data, mode); err != nil {
			return fmt.Errorf("write project: %w", err)
		}
	}
	if err := writeManifest(tmp, manifestOf(files)); err != nil {
		return err
	}
	if opts.beforeRename != nil {
		if err := opts.beforeRename(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	return nil
}
