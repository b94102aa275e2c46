// Package app runs the wireup command line: it builds the Factory and the
// root command, executes it and maps errors to exit codes and messages.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmd/root"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/complete"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/spec"
)

// Version is set at build time with -ldflags "-X github.com/wireup/wireup/internal/app.Version=...".
var Version = "dev"

// Main runs wireup with os.Args and returns the exit code.
//
// SIGTERM (a CI job cancelled, `kill`, a container stopped) is Ctrl-C: it
// cancels the command's context instead of killing the process, so a
// deploy records what it created, says what it left and exits 130 rather
// than dying with 143 and an incomplete state.
func Main() cmdutil.ExitCode {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, os.Args[1:], NewFactory(iostreams.System()))
}

// NewFactory returns the Factory with real dependencies.
func NewFactory(io *iostreams.IOStreams) *cmdutil.Factory {
	var cat *catalog.Catalog
	var catErr error
	f := &cmdutil.Factory{
		IOStreams: io,
		Catalog: func() (*catalog.Catalog, error) {
			if cat == nil && catErr == nil {
				cat, catErr = catalog.Load()
			}
			return cat, catErr
		},
		Now:     time.Now,
		Version: Version,
		Getenv:  os.Getenv,
	}
	if io != nil {
		f.Prompter = prompter.New(io)
	}
	return f
}

// Run executes the command line args and returns the exit code.
func Run(ctx context.Context, args []string, f *cmdutil.Factory) cmdutil.ExitCode {
	cmd := root.NewCmdRoot(f)
	cmd.SetArgs(args)
	cmd.SetIn(f.IOStreams.In)
	cmd.SetOut(f.IOStreams.Out)
	if complete.IsRequest(args) {
		cmd.SetOut(complete.Output(f.IOStreams.Out))
	}
	cmd.SetErr(f.IOStreams.ErrOut)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	code := exitCode(ctx, err)
	printError(f.IOStreams.ErrOut, err, code)
	return code
}

// exitCode maps an error to the documented exit codes.
func exitCode(ctx context.Context, err error) cmdutil.ExitCode {
	var exitErr *cmdutil.ExitError
	var flagErr *cmdutil.FlagError
	var unknown *catalog.UnknownServiceError
	var field *spec.FieldError
	var notGen *spec.NotGeneratableError
	var file *spec.FileError
	switch {
	case errors.As(err, &exitErr):
		return exitErr.Code
	case errors.Is(err, cmdutil.ErrCancel), errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return cmdutil.ExitCancel
	case errors.As(err, &flagErr), errors.As(err, &unknown), errors.As(err, &field), errors.As(err, &notGen), errors.As(err, &file),
		isCobraUsageError(err):
		return cmdutil.ExitUsage
	}
	return cmdutil.ExitFailure
}

// isCobraUsageError recognises cobra's own argument and flag errors, which it
// returns as plain errors.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "requires at least", "required flag", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	// cobra.ExactArgs and friends: "accepts 1 arg(s), received 2". An AWS
	// message that merely contains "accepts " is not a usage error.
	return cobraAcceptsRe.MatchString(msg)
}

var cobraAcceptsRe = regexp.MustCompile(`^accepts (at most |between )?\d+`)

func printError(w io.Writer, err error, code cmdutil.ExitCode) {
	if errors.Is(err, cmdutil.ErrSilent) {
		return
	}
	if code == cmdutil.ExitCancel {
		// A bare cancel (a prompt, or Ctrl-C before anything started) changed
		// nothing; a command interrupted mid-way says what it left and how
		// to finish, and that message is printed as it is.
		if err == cmdutil.ErrCancel || err == context.Canceled {
			fmt.Fprintln(w, "Cancelled; nothing was changed.")
		} else {
			fmt.Fprintf(w, "Cancelled: %s\n", err)
		}
		return
	}
	fmt.Fprintf(w, "Error: %s\n", err)
	if code == cmdutil.ExitUsage && isCobraUsageError(err) {
		fmt.Fprintln(w, "Run `wireup --help` for usage.")
	}
}
