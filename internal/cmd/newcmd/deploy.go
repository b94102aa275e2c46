package newcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmd/verifycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard"
)

// deployFunc is the wizard's "Deploy now?" step: it runs the real `wireup
// deploy` and then `wireup verify` on the new project, with the flags a user
// would type, so the progress display, the confirmation before touching a
// real AWS account and the exit codes are exactly the commands' own.
func deployFunc(f *cmdutil.Factory) wizard.DeployFunc {
	return func(ctx context.Context, dir string, t wizard.DeployTarget) error {
		args := []string{"--spec", filepath.Join(dir, spec.FileName)}
		if t.Endpoint != "" {
			args = append(args, "--endpoint", t.Endpoint)
		}
		if t.Profile != "" {
			args = append(args, "--profile", t.Profile)
		}
		for _, cmd := range []*cobra.Command{deploycmd.NewCmdDeploy(f, nil), verifycmd.NewCmdVerify(f, nil)} {
			cmd.SetArgs(args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			cmd.SetOut(f.IOStreams.Out)
			cmd.SetErr(f.IOStreams.ErrOut)
			if err := cmd.ExecuteContext(ctx); err != nil {
				return unverifiedResult(f.IOStreams.Out, err)
			}
		}
		return nil
	}
}

// unverifiedResult prints verify's "wired, data flow not verifiable on
// <target>: <reason>" as the result it is: the wizard's deploy did all the
// user asked, and the target cannot prove the data flow. The exit code
// stays 3; nothing is printed as an error. Other errors are returned as
// they are.
func unverifiedResult(w io.Writer, err error) error {
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != cmdutil.ExitUnverified || errors.Is(err, cmdutil.ErrSilent) {
		return err
	}
	fmt.Fprintln(w, ee.Err.Error())
	return &cmdutil.ExitError{Code: cmdutil.ExitUnverified, Err: cmdutil.ErrSilent}
}
