// Package project is a generated project on disk (its spec, its
// directory, its Lambda handlers) and the target it is deployed to: the
// connection the engine acts through.
package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Project is a generated project on disk: its spec and directory.
type Project struct {
	Dir  string
	Spec *spec.Spec
}

// Load reads the spec at path, or wireup.yaml in the current
// directory when path is empty, and validates it.
func Load(c *catalog.Catalog, path string) (*Project, error) {
	if path == "" {
		path = spec.FileName
	}
	s, err := spec.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) || errorsIsNotExist(err) {
			return nil, fmt.Errorf("no %s here: run the command in a project directory made by `wireup new`, or pass --spec PATH", spec.FileName)
		}
		return nil, err
	}
	if err := spec.Validate(c, s); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return &Project{Dir: abs, Spec: s}, nil
}

func errorsIsNotExist(err error) bool {
	for e := err; e != nil; {
		if os.IsNotExist(e) {
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// StatePath is the project's state file.
func (p *Project) StatePath() string { return filepath.Join(p.Dir, deploy.StateFile) }

// Build compiles the project's Lambda handlers named by the plan.
func (p *Project) Build(ctx context.Context, pl *plan.Plan) (map[string][]byte, error) {
	pkgs := map[string]string{}
	for _, r := range pl.Resources {
		if r.Kind == plan.KindFunction {
			pkgs[r.ID] = r.Settings["package"]
		}
	}
	return build.Functions(ctx, p.Dir, pkgs)
}
