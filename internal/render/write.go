package render

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrExists is returned by Write when the target directory exists and force
// is off.
var ErrExists = errors.New("directory exists")

// WriteOptions tune Write.
type WriteOptions struct {
	// Force replaces an existing directory. Its old content is moved aside
	// first and removed only after the new tree is in place.
	Force bool
	// beforeRename is called after the tree is written to the temporary
	// directory and before it is renamed into place (tests inject failures).
	beforeRename func() error
}

// Write puts files into dir atomically: it writes a temporary directory next
// to dir and renames it into place, so dir either does not change or holds
// the whole tree. An existing dir is replaced only with opts.Force. When ctx
// is cancelled (Ctrl-C), the temporary directory is removed and nothing is
// left behind.
func Write(ctx context.Context, files Files, dir string, opts WriteOptions) (err error) {
	dir = filepath.Clean(dir)
	if _, statErr := os.Lstat(dir); statErr == nil && !opts.Force {
		return fmt.Errorf("write project: %s: %w; use --force to replace it", dir, ErrExists)
	}
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
	if opts.beforeRename != nil {
		if err := opts.beforeRename(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, statErr := os.Lstat(dir); statErr == nil {
		// --force: move the old tree aside, put the new one in place, then
		// drop the old one; if the rename fails, restore it.
		old := tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("write project: replace %s: %w", dir, err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			_ = os.Rename(old, dir)
			return fmt.Errorf("write project: %w", err)
		}
		return os.RemoveAll(old)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	return nil
}
