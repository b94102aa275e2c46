package deploy

import (
	"fmt"
	"sort"
	"sync"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/statefile"
)

// State, TargetInfo, LoadState, WriteState, StateFile and StateVersion are
// the state file's format (see internal/statefile).
type (
	State      = statefile.State
	TargetInfo = statefile.Target
)

// StateFile is the state's path inside a project directory.
const StateFile = statefile.Path

// StateVersion is the format version of the state file.
const StateVersion = statefile.Version

// LoadState reads the state at path; a missing file is an empty state.
func LoadState(path string) (*State, error) { return statefile.Load(path) }

// WriteState writes st to path atomically.
func WriteState(path string, st *State) error { return statefile.Write(path, st) }

// ResourceState is one created resource (see service.Record).
type ResourceState = service.Record

// Deployed returns the state's record of each of p's resources, by id, for
// verify (internal/verify): a state of another project or target is
// refused, as by every operation, and so is a resource not deployed yet.
func (e *Engine) Deployed(p *plan.Plan) (map[string]*service.Record, error) {
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	out := map[string]*service.Record{}
	for _, r := range p.Resources {
		rs := store.get(r.ID)
		if rs == nil || rs.Hash == "" {
			return nil, fmt.Errorf("%s %s is not deployed: run `wireup deploy` first", r.Kind, r.Name)
		}
		out[r.ID] = rs
	}
	return out, nil
}

// stateStore guards the state and writes it after each change. The state
// in memory is the truth of the run: a write that fails (read-only
// directory, full disk) loses nothing of it, the next write that succeeds
// carries it, and onDisk tells which resources the file still lacks.
type stateStore struct {
	mu   sync.Mutex
	path string
	st   *State
	// write is WriteState; tests replace it to fail.
	write func(path string, st *State) error
	// onDisk is the resource ids of the last write that succeeded.
	onDisk map[string]bool
	// failed, when set, is told of every write that fails.
	failed func(error)
}

func (s *stateStore) get(id string) *ResourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.st.Resources[id]
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

func (s *stateStore) put(r *ResourceState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Resources[r.ID] = r
	return s.flushLocked()
}

func (s *stateStore) remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.st.Resources, id)
	return s.flushLocked()
}

// flush writes the state as it is in memory.
func (s *stateStore) flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flushLocked()
}

func (s *stateStore) flushLocked() error {
	write := s.write
	if write == nil {
		write = WriteState
	}
	if err := write(s.path, s.st); err != nil {
		if s.failed != nil {
			s.failed(err)
		}
		return &stateWriteFailure{err}
	}
	s.onDisk = make(map[string]bool, len(s.st.Resources))
	for id := range s.st.Resources {
		s.onDisk[id] = true
	}
	return nil
}

// stateWriteFailure marks an error as a failed write of the state, so a
// deploy stopped by it reports the state once rather than once per
// resource.
type stateWriteFailure struct{ err error }

func (e *stateWriteFailure) Error() string { return e.err.Error() }
func (e *stateWriteFailure) Unwrap() error { return e.err }

// unwritten returns the resources the state in memory records and the
// file does not, sorted by id: what a failed write would leave untracked.
func (s *stateStore) unwritten() []*ResourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*ResourceState
	for id, r := range s.st.Resources {
		if !s.onDisk[id] {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ids returns the resource ids in the state, sorted.
func (s *stateStore) ids() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.st.Resources))
	for id := range s.st.Resources {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// StateWriteError is a deploy or destroy stopped because its state file
// cannot be written (see statefile.WriteError).
type StateWriteError = statefile.WriteError
