// Package project is a generated project on disk (its spec, its
// directory, its Lambda handlers) and the target it is deployed to: the
// connection the engine acts through.
package project

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// Project is a generated project on disk: its spec and directory.
type Project struct {
	Dir  string
	Spec *spec.Spec
	// SpecErr, when set, is why the spec could not be used: the project
	// was opened from its state (FromState), and Spec holds only the
	// name, region and route the state records.
	SpecErr error
}

// FromState opens a project whose spec is missing or broken from the state
// deploy left (statePath, or .wireup/state.json next to where the spec
// would be): what destroy needs is all there. It returns specErr when
// there is no state, or it records nothing.
func FromState(specPath, statePath string, specErr error) (*Project, error) {
	if specPath == "" {
		specPath = spec.FileName
	}
	dir, err := filepath.Abs(filepath.Dir(specPath))
	if err != nil {
		return nil, specErr
	}
	if statePath == "" {
		statePath = filepath.Join(dir, deploy.StateFile)
	}
	st, err := deploy.LoadState(statePath)
	if err != nil || len(st.Resources) == 0 || st.Project == "" {
		return nil, specErr
	}
	var route []string
	if st.Route != "" {
		route = strings.Split(st.Route, "+")
	}
	return &Project{Dir: dir, SpecErr: specErr,
		Spec: &spec.Spec{Version: spec.Version, Name: st.Project, Region: st.Target.Region, Route: route}}, nil
}

// Load reads the spec at path, or wireup.yaml in the current
// directory when path is empty, and validates it.
func Load(c *catalog.Catalog, path string) (*Project, error) {
	here := path == ""
	if here {
		path = spec.FileName
	}
	s, err := spec.ReadFile(path)
	if err != nil {
		if here && errors.Is(err, fs.ErrNotExist) {
			return nil, cmdutil.FlagErrorf("no %s here: run the command in a project directory made by `wireup new`, or pass --spec PATH", spec.FileName)
		}
		return nil, err
	}
	if err := registry.Validate(c, s); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return &Project{Dir: abs, Spec: s}, nil
}

// StatePath is the project's state file.
func (p *Project) StatePath() string { return filepath.Join(p.Dir, deploy.StateFile) }

// Build compiles the project's Lambda handlers named by the plan, in plan
// order, reporting each build to obs (nil: to nobody) as a step of its own
// with its time: a cold build cache makes it the longest wait of a deploy.
func (p *Project) Build(ctx context.Context, pl *plan.Plan, obs deploy.Observer) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, r := range pl.Resources {
		if r.Kind != plan.KindFunction {
			continue
		}
		pkg := r.Settings["package"]
		ev := deploy.Event{Op: deploy.OpBuild, ID: "build/" + r.ID, Kind: "lambda handler", Name: r.Name + " (go build " + pkg + ")"}
		start := time.Now()
		report(obs, ev, deploy.EventStart, start, nil)
		zip, err := build.Function(ctx, p.Dir, pkg)
		if err != nil {
			report(obs, ev, deploy.EventFailed, start, errors.New("go build failed (its output follows)"))
			return nil, err
		}
		report(obs, ev, deploy.EventDone, start, nil)
		out[r.ID] = zip
	}
	return out, nil
}

func report(obs deploy.Observer, ev deploy.Event, t deploy.EventType, start time.Time, err error) {
	if obs == nil {
		return
	}
	ev.Type, ev.Time = t, time.Now()
	if t != deploy.EventStart {
		ev.Elapsed = ev.Time.Sub(start)
	}
	if err != nil {
		ev.Err = err.Error()
	}
	obs.Event(ev)
}
