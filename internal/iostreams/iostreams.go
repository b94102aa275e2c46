// Package iostreams carries the process's standard streams and what is known
// about the terminal: data goes to Out, prompts, progress and diagnostics to
// ErrOut. Environment switches (NO_COLOR, ACCESSIBLE) are read once here.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams is the terminal the command talks to.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	colorEnabled          bool
	accessible            bool
	neverPrompt           bool
}

// System returns the real standard streams.
func System() *IOStreams {
	fd := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		inTTY: fd(os.Stdin), outTTY: fd(os.Stdout), errTTY: fd(os.Stderr),
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	s.colorEnabled = s.outTTY && !noColor && os.Getenv("TERM") != "dumb"
	s.accessible = os.Getenv("ACCESSIBLE") != ""
	return s
}

// Test returns streams backed by buffers, and the buffers: stdin, stdout, stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsStdinTTY reports whether stdin is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetTTY overrides terminal detection (tests).
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// CanPrompt reports whether interactive prompts may be shown.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && s.errTTY && !s.neverPrompt }

// SetNeverPrompt disables prompts (--no-prompt).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = v }

// NeverPrompt reports whether prompts were disabled (--no-prompt), so an
// error can say that rather than blame the terminal.
func (s *IOStreams) NeverPrompt() bool { return s.neverPrompt }

// ColorEnabled reports whether output may use colour (off for NO_COLOR and pipes).
func (s *IOStreams) ColorEnabled() bool { return s.colorEnabled }

// ErrOutColumns is the width of the terminal ErrOut writes to, where the
// wizard prints; 0 when it is no terminal or cannot tell.
func (s *IOStreams) ErrOutColumns() int {
	f, ok := s.ErrOut.(*os.File)
	if !ok || !s.errTTY {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

// Accessible reports whether prompts should be plain text for screen readers.
func (s *IOStreams) Accessible() bool { return s.accessible }

// SetAccessible turns accessible mode on (--accessible).
func (s *IOStreams) SetAccessible(v bool) { s.accessible = v }
