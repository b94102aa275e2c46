package app

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the real CLI in-process as the `wireup` command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wireup": func() { os.Exit(int(Main())) },
	})
}

// TestScripts runs the CLI scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("AWS_ENDPOINT_URL", "")
			return nil
		},
	})
}
