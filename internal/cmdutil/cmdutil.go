// Package cmdutil holds what every command shares: the Factory of real
// dependencies, exit codes and the error kinds that map to them.
package cmdutil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iostreams"
)

// ExitCode is the process exit status.
type ExitCode int

// Exit codes. Scripts may rely on them; they are documented in the README.
const (
	ExitOK         ExitCode = 0
	ExitFailure    ExitCode = 1 // the operation failed
	ExitUsage      ExitCode = 2 // bad flags, arguments or input: nothing was changed
	ExitUnverified ExitCode = 3 // verify: the target cannot move data on this path
	ExitCancel     ExitCode = 130
)

// Factory builds the real dependencies of commands. Expensive ones are lazy.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Catalog   func() (*catalog.Catalog, error)
	Now       func() time.Time
	Version   string
	// Getenv reads the environment (tests replace it).
	Getenv func(string) string
	// Prompter asks every question a command asks (the wizard, deploy's
	// and destroy's confirmations), on the terminal or in accessible
	// mode; tests give it scripted input.
	Prompter Prompter
}

// Prompter runs a form until it is submitted, or returns ErrCancel
// (internal/prompter is the real one).
type Prompter interface {
	Run(ctx context.Context, form *huh.Form) error
}

// FlagError is a usage error: wrong or missing flags or arguments.
type FlagError struct{ Err error }

// Error returns the underlying message.
func (e *FlagError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf returns a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// ErrCancel is returned when the user cancels (Ctrl-C, Esc in a prompt).
var ErrCancel = errors.New("cancelled")

// ErrSilent means the command already printed its error.
var ErrSilent = errors.New("silent error")

// ExitError carries a specific exit code with an error.
type ExitError struct {
	Code ExitCode
	Err  error
}

// Error returns the underlying message.
func (e *ExitError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ExitError) Unwrap() error { return e.Err }

// WriteJSON prints v as indented JSON: what every --json flag prints.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
