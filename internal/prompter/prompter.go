// Package prompter is the one seam between wireup and the terminal for
// questions: commands build huh forms and hand them to a Prompter, which runs
// them on the real terminal, in accessible mode for screen readers, or (in
// tests) over scripted input. Every way of quitting a form becomes
// cmdutil.ErrCancel, so one exit code means "the user cancelled".
package prompter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// Prompter runs a form until it is submitted, or returns cmdutil.ErrCancel.
type Prompter = cmdutil.Prompter

// Huh runs forms with huh, either as a full-screen bubbletea program or, in
// accessible mode, as numbered plain-text prompts.
type Huh struct {
	In         io.Reader
	Out        io.Writer // prompts go to stderr, never stdout
	Accessible bool
	Color      bool
	// Width caps the form width; 0 means the terminal's width.
	Width int

	lines *lineReader // In for accessible mode, shared by successive forms
}

// New returns the Prompter for the process's streams: output on stderr,
// accessible mode from --accessible or ACCESSIBLE, colour unless NO_COLOR.
func New(ios *iostreams.IOStreams) *Huh {
	return &Huh{In: ios.In, Out: ios.ErrOut, Accessible: ios.Accessible(), Color: ios.ColorEnabled()}
}

// Theme is the form theme: Charm's adaptive colours (readable on light and
// dark terminals) or, without colour, huh's base theme with every colour
// replaced by reverse video and bold.
func Theme(color bool) *huh.Theme {
	if color {
		return huh.ThemeCharm()
	}
	t := huh.ThemeBase()
	plain := lipgloss.NewStyle()
	button := plain.Padding(0, 2).MarginRight(1)
	t.Focused.FocusedButton = button.Reverse(true).Bold(true)
	t.Focused.BlurredButton = button
	t.Focused.TextInput.Placeholder = plain.Faint(true)
	t.Focused.Title = plain.Bold(true)
	t.Focused.NoteTitle = plain.Bold(true)
	t.Focused.SelectedOption = plain.Bold(true)
	t.Focused.ErrorMessage = plain.SetString(" *").Bold(true)
	t.Blurred = t.Focused
	t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.FocusedButton = button
	t.Blurred.MultiSelectSelector = plain.SetString("  ")
	t.Blurred.NextIndicator = plain
	t.Blurred.PrevIndicator = plain
	return t
}

// Run runs the form. Ctrl-C, Esc-quit, end of input and a cancelled context
// all return cmdutil.ErrCancel.
func (p *Huh) Run(ctx context.Context, form *huh.Form) error {
	form = form.WithTheme(Theme(p.Color)).WithShowHelp(!p.Accessible)
	if p.Width > 0 {
		form = form.WithWidth(p.Width)
	}
	if p.Accessible {
		return p.runAccessible(ctx, form)
	}
	if p.In != nil {
		form = form.WithInput(p.In)
	}
	if p.Out != nil {
		form = form.WithOutput(p.Out)
	}
	err := form.RunWithContext(ctx)
	return mapErr(ctx, err)
}

// runAccessible runs the plain-text prompts. huh reads each answer with a
// fresh bufio.Scanner, which would swallow later answers from a reader that
// delivers several lines at once, so input goes through a line reader; and
// huh treats end of input as "take the default", which here means cancel.
func (p *Huh) runAccessible(ctx context.Context, form *huh.Form) error {
	if p.lines == nil || p.lines.r != p.In {
		p.lines = &lineReader{r: p.In}
	}
	in := p.lines
	form = form.WithAccessible(true).WithInput(in)
	if p.Out != nil {
		form = form.WithOutput(p.Out)
	}
	done := make(chan error, 1)
	go func() { done <- form.RunWithContext(ctx) }()
	select {
	case <-ctx.Done():
		// The goroutine stays blocked on the terminal read; the process is
		// about to exit with the cancel code.
		return cmdutil.ErrCancel
	case err := <-done:
		if in.eof() {
			return cmdutil.ErrCancel
		}
		return mapErr(ctx, err)
	}
}

func mapErr(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, huh.ErrUserAborted), ctx.Err() != nil, errors.Is(err, huh.ErrTimeout):
		return cmdutil.ErrCancel
	}
	return err
}

// lineReader hands out at most one line per Read, reading the underlying
// reader a byte at a time so nothing beyond the current answer is consumed.
type lineReader struct {
	r      io.Reader
	mu     sync.Mutex
	sawEOF bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		var b [1]byte
		m, err := l.r.Read(b[:])
		if m == 1 {
			p[n] = b[0]
			n++
			if b[0] == '\n' {
				return n, nil
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				l.mu.Lock()
				l.sawEOF = true
				l.mu.Unlock()
			}
			return n, err
		}
	}
	return n, nil
}

func (l *lineReader) eof() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sawEOF
}

// ConfirmTyped asks the user to type want to go on, as GitHub's CLI does
// before it deletes a repository: title says what is about to happen.
// Anything else typed is refused and asked again; Ctrl-C or end of
// input cancel (cmdutil.ErrCancel).
func ConfirmTyped(ctx context.Context, p Prompter, title, want string) error {
	var typed string
	// What to type is in the title: accessible mode shows no description.
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title(title + " Type " + want + " to continue:").
		Value(&typed).
		Validate(func(s string) error {
			if strings.TrimSpace(s) != want {
				return fmt.Errorf("type %s exactly, or press Ctrl-C to stop", want)
			}
			return nil
		})))
	return p.Run(ctx, form)
}
