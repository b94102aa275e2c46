package deploy

import "time"

// EventType says what happened to a resource.
type EventType string

// Event types, in the order a resource goes through them.
const (
	EventStart     EventType = "start"     // work on the resource began
	EventRetry     EventType = "retry"     // a call failed with a transient error and is retried
	EventProgress  EventType = "progress"  // a long wait reports how it is going
	EventDone      EventType = "done"      // created, updated or deleted
	EventUnchanged EventType = "unchanged" // exists as planned: nothing to do
	EventFailed    EventType = "failed"
	EventSkipped   EventType = "skipped" // a dependency failed
	EventSummary   EventType = "summary" // the operation finished
)

// Op is the operation an event belongs to.
type Op string

// Operations.
const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
	OpCheck  Op = "check"
	// OpBuild is the build of a Lambda handler, before the first resource
	// (deploycmd reports it through the same view).
	OpBuild Op = "build"
)

// Event is one progress report of the engine. Views render events; the
// engine never prints.
type Event struct {
	Time     time.Time     `json:"time"`
	Type     EventType     `json:"type"`
	Op       Op            `json:"op,omitempty"`
	ID       string        `json:"id,omitempty"`
	Kind     string        `json:"kind,omitempty"`
	Name     string        `json:"name,omitempty"`
	Elapsed  time.Duration `json:"elapsedNs,omitempty"`
	APITime  time.Duration `json:"apiTimeNs,omitempty"`
	Message  string        `json:"message,omitempty"`
	Err      string        `json:"error,omitempty"`
	Counts   *Counts       `json:"counts,omitempty"` // summary only
	Critical time.Duration `json:"criticalPathApiNs,omitempty"`
}

// Counts summarises an operation.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	// Kept counts what destroy left in place because the spec asks for
	// it (see service.Keeper).
	Kept int `json:"kept,omitempty"`
}

// Observer receives the engine's events. It is called from several
// goroutines and must be safe for concurrent use.
type Observer interface {
	Event(Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Event calls f.
func (f ObserverFunc) Event(e Event) { f(e) }

type nopObserver struct{}

func (nopObserver) Event(Event) {}
