package newcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/wizard"
)

// wizardFlags are the flags only the interactive wizard reads.
type wizardFlags struct {
	yes        bool
	noPrompt   bool
	accessible bool
	// deploy runs `wireup deploy` and `wireup verify` for the wizard's last
	// step; nil leaves the step out (tests that stop at generation).
	deploy wizard.DeployFunc
}

// addWizard adds the wizard's flags to `wireup new` and sets opts.Prompt,
// so `wireup new` on a terminal asks for what the flags left out.
func addWizard(cmd *cobra.Command, opts *NewOptions, deploy wizard.DeployFunc) {
	w := &wizardFlags{deploy: deploy}
	fl := cmd.Flags()
	fl.BoolVarP(&w.yes, "yes", "y", false, "generate without the wizard's review; with --deploy, deploy without deploy's confirmation too")
	fl.BoolVar(&w.noPrompt, "no-prompt", false, "never ask: fail naming the missing flags")
	fl.BoolVar(&w.accessible, "accessible", false, "ask with plain numbered prompts for screen readers (or set ACCESSIBLE=1)")
	cmd.PreRunE = func(*cobra.Command, []string) error {
		opts.DeployWith.Yes = w.yes
		if opts.IO != nil {
			if w.noPrompt {
				opts.IO.SetNeverPrompt(true)
			}
			if w.accessible {
				opts.IO.SetAccessible(true)
			}
		}
		return nil
	}
	w.install(opts)
}

// install makes the wizard opts' Prompt.
func (w *wizardFlags) install(opts *NewOptions) { opts.Prompt = w.prompt }

// prompt runs the wizard for what the flags did not give and hands the spec
// to NewRun; after the files are written it offers to deploy them.
func (w *wizardFlags) prompt(ctx context.Context, opts *NewOptions) error {
	c, err := opts.Catalog()
	if err != nil {
		return err
	}
	in := wizard.Answers{Source: opts.From, Destination: opts.To, Route: opts.Route, Name: opts.Name, Dir: opts.Dir, Region: region(opts), Module: opts.Module, Yes: w.yes}
	if len(opts.Via) > 0 && opts.From != "" && opts.To != "" {
		// --via narrows the route; the wizard then asks only the rest.
		if in.Route, err = pickRoute(c, opts); err != nil {
			return err
		}
	}
	p := wizard.Params{Catalog: c, Prompter: opts.Prompter, Out: opts.IO.ErrOut, Accessible: opts.IO.Accessible(), Columns: opts.IO.ErrOutColumns}
	if opts.Getenv != nil {
		p.EnvEndpoint = opts.Getenv("AWS_ENDPOINT_URL")
	}
	res, err := wizard.Run(ctx, p, in)
	if err != nil {
		return err
	}
	s := res.Spec
	if err := transform(c, s, opts); err != nil {
		return err
	}
	opts.Spec, opts.Name, opts.Dir = s, s.Name, res.Answers.Dir
	opts.afterWrite = func(ctx context.Context, dir string) error {
		_, err := wizard.AskDeploy(ctx, p, dir, w.deploy)
		if errors.Is(err, cmdutil.ErrCancel) {
			// A prompt cancelled (at "Deploy now?", or deploy's own
			// confirmation): the project stays, nothing went anywhere.
			return &cmdutil.ExitError{Code: cmdutil.ExitCancel, Err: fmt.Errorf("the project is written at %s; nothing was deployed", dir)}
		}
		return err
	}
	return nil
}
