// Package statefile is the format of a project's state (.wireup/state.json):
// what a deploy created, where, and how to read and write it atomically.
// The deploy engine keeps the state in memory and writes it after every
// change; commands read it to pin a deployed project to its target.
package statefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wireup/wireup/internal/service"
)

// Version is the format version of .wireup/state.json.
const Version = 1

// Path is the state's path inside a project directory.
const Path = ".wireup/state.json"

// State records what a deploy created, so a re-run skips it, an interrupted
// deploy resumes, and destroy knows what to delete and in which order.
type State struct {
	Version   int                        `json:"version"`
	Project   string                     `json:"project"`
	Route     string                     `json:"route"`
	Target    Target                     `json:"target"`
	Resources map[string]*service.Record `json:"resources"`
}

// Target says where resources were created. A state that records
// resources pins every later command of the project to it (see
// deploycmd.Open): kind, endpoint, region and account.
type Target struct {
	Kind     string `json:"kind"` // moto, kumo, localstack, aws
	Endpoint string `json:"endpoint,omitempty"`
	Region   string `json:"region"`
	Account  string `json:"account,omitempty"`
	// Profile is the shared config profile the deploy used (--profile or
	// AWS_PROFILE), recorded only so that a command run with another
	// account's credentials can name the flag that fixes it.
	Profile string `json:"profile,omitempty"`
}

// Same reports whether t and o are the same place: endpoint, region and
// account, each compared where both know it. The kind is not compared: it
// names what answers at the endpoint, not where resources live.
func (t Target) Same(o Target) bool {
	return SameEndpoint(t.Endpoint, o.Endpoint) &&
		(t.Region == "" || o.Region == "" || t.Region == o.Region) &&
		(t.Account == "" || o.Account == "" || t.Account == o.Account)
}

// SameEndpoint reports whether two endpoint URLs name the same endpoint,
// ignoring a trailing slash and the case of scheme and host.
func SameEndpoint(a, b string) bool {
	return strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}

// String renders the target for humans.
func (t Target) String() string {
	if t.Endpoint != "" {
		return fmt.Sprintf("%s at %s (%s)", t.Kind, t.Endpoint, t.Region)
	}
	return fmt.Sprintf("AWS account %s (%s)", t.Account, t.Region)
}

// Deployed reports whether the state records any resource: only then does
// it pin the target. An empty state (never deployed, or destroyed) lets the
// flags and the environment choose again.
func (s *State) Deployed() bool { return len(s.Resources) > 0 }

// Load reads the state at path; a missing file is an empty state.
func Load(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: Version, Resources: map[string]*service.Record{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("read state %s: %w. Move the file away and run `wireup destroy`, which then finds resources by their tags", path, err)
	}
	if st.Version > Version {
		return nil, fmt.Errorf("state %s has format %d, newer than this wireup understands (%d): upgrade wireup", path, st.Version, Version)
	}
	if st.Resources == nil {
		st.Resources = map[string]*service.Record{}
	}
	return &st, nil
}

// Write writes st to path atomically: a crash leaves the old or the new
// state, never half of one.
func Write(path string, st *State) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".state-*.json")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// WriteError is a deploy or destroy stopped because its state file
// cannot be written (a read-only directory, a full disk).
type WriteError struct {
	Op   string // "deploy" or "destroy"
	Path string
	Err  error
	// Started is whether the operation had begun: false when the check
	// before the first change failed, and nothing was changed.
	Started bool
	// Unrecorded are the resources the deploy created that the state file
	// does not record; the run held them in memory until it stopped.
	Unrecorded []*service.Record
}

func (e *WriteError) Error() string {
	if !e.Started {
		nothing := "created"
		if e.Op == "destroy" {
			nothing = "deleted"
		}
		return fmt.Sprintf("%s did not start: the state file %s cannot be written: %s. Nothing was %s. Make its directory writable or free disk space (or pass --state FILE to keep it elsewhere), then run `wireup %s` again",
			e.Op, e.Path, e.why(), nothing, e.Op)
	}
	if len(e.Unrecorded) == 0 {
		return fmt.Sprintf("%s stopped: writing the state file %s failed: %s. A later write succeeded, so it records everything there is; run `wireup %s` again to finish",
			e.Op, e.Path, e.why(), e.Op)
	}
	names := make([]string, len(e.Unrecorded))
	for i, r := range e.Unrecorded {
		names[i] = r.Kind + " " + r.Name
	}
	return fmt.Sprintf("%s stopped: the state file %s cannot be written: %s. Created but not recorded there: %s. "+
		"Free disk space or fix the directory's permissions, then run `wireup deploy` again, which adopts them by their wireup:project tag and records them, or `wireup destroy`, which finds them by that tag",
		e.Op, e.Path, e.why(), strings.Join(names, ", "))
}

// why is the failure without Write's own "write state:" prefix, which
// the sentence around it already says.
func (e *WriteError) why() string {
	return strings.TrimPrefix(e.Err.Error(), "write state: ")
}

func (e *WriteError) Unwrap() error { return e.Err }
