// Package apptest runs the wireup command line in a test, as a user runs
// it: the real Factory on test streams, in a project directory. Only
// tests import it.
package apptest

import (
	"context"
	"os"
	"testing"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// Run runs wireup with args in dir and returns its exit code, stdout and
// stderr. It changes the process's directory while it runs: tests that
// use it do not run in parallel.
func Run(t testing.TB, dir string, args ...string) (cmdutil.ExitCode, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := app.Run(context.Background(), args, app.NewFactory(ios))
	return code, out.String(), errOut.String()
}
