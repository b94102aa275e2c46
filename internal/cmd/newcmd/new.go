// Package newcmd implements `wireup new`: decide a spec from flags, a spec
// file or the wizard, render the project in memory, then write it
// atomically.
package newcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/render"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard"
)

// DefaultRegion is the Region used when neither --region nor AWS_REGION
// says otherwise: the one the wizard offers.
const DefaultRegion = wizard.DefaultRegion

// NewOptions are the inputs of `wireup new`. Flags and the wizard fill the
// same struct.
type NewOptions struct {
	IO      *iostreams.IOStreams
	Catalog func() (*catalog.Catalog, error)
	Getenv  func(string) string

	From, To  string
	Via       []string
	Route     []string // integration ids; an alternative to --from/--to/--via
	Name      string
	Region    string
	Dir       string // default: the project name
	Transform bool
	Force     bool
	DryRun    bool
	SpecFile  string
	Module    string // --module: the generated Go module's path

	// Deploy (--deploy) deploys the project once it is written, as
	// `wireup deploy` with DeployWith (its target flags, --yes and
	// --accept-cost); the wizard then does not ask "Deploy now?".
	Deploy     bool
	DeployWith deploycmd.DeployOptions

	// Prompter asks the wizard's questions (the Factory's, which deploy's
	// confirmations use too).
	Prompter cmdutil.Prompter

	// Spec, when set (by Prompt, or by a caller), is generated as is: the
	// route flags are not consulted.
	Spec *spec.Spec

	// Prompt asks for whatever the flags left out (the interactive wizard).
	// It is called only when route flags or the name are missing and the
	// terminal can prompt; it fills the fields above or Spec. nil means no
	// wizard: missing flags are a usage error.
	Prompt func(ctx context.Context, opts *NewOptions) error

	// afterWrite, set by the wizard, runs once the project is on disk (the
	// wizard's "Deploy now?" step).
	afterWrite func(ctx context.Context, dir string) error

	// write puts the files on disk (tests replace it to inject failures).
	write func(ctx context.Context, files render.Files, dir string, opts render.WriteOptions) error
}

// NewCmdNew returns `wireup new`.
func NewCmdNew(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{IO: f.IOStreams, Catalog: f.Catalog, Getenv: f.Getenv, write: render.Write, Prompter: f.Prompter,
		DeployWith: deploycmd.DeployOptions{IO: f.IOStreams, Factory: f, Prompter: f.Prompter}}
	cmd := &cobra.Command{
		Use:   "new --from <service> --to <service> --name <name>",
		Short: "Generate a starter project for a route",
		Long: `Generate a project for a route: wireup.yaml (the spec), least-privilege
IAM policies under iam/, a Go module with a producer, a consumer or Lambda
handler and their tests, a Makefile, a LocalStack compose file and a README.

The route is the top-ranked one from --from to --to (see ` + "`wireup routes`" + `),
restricted to routes through --via when given; --route names the hops
exactly instead. --spec regenerates a project from its wireup.yaml.

The directory (--dir, default the project name; with --spec of a project's
own wireup.yaml, that project) must not exist, or be empty; it is written
atomically, so an error or Ctrl-C leaves nothing. An existing project is
regenerated in place only with --force: wireup records what it generated
(.wireup/generated.json), replaces the files you have not changed, adds and
removes what the new spec needs, and keeps every file you changed, .git and
the deploy state; --dry-run lists those changes first. A directory of files
wireup did not generate is never replaced.

--deploy deploys the project once it is written, exactly as ` + "`wireup deploy`" + `
in it would, with the same target flags (--endpoint, --profile, --target,
--accept-cost; --yes also skips deploy's confirmation, --region is the
project's region). --module sets the generated Go module's path (default
example.com/<name>), kept in wireup.yaml as module:.`,
		Example: `  wireup new --from iot --to s3 --via firehose --name demo
  wireup new --from app --to s3 --via firehose --transform --name clicks \
    --region eu-west-1
  wireup new --route s3-to-sns,sns-to-sqs --name fanout
  wireup new --spec wireup.yaml --dir ../demo-copy
  wireup new --route s3-to-sqs --name inbox --module github.com/you/inbox \
    --deploy --endpoint http://127.0.0.1:5000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.SpecFile != "" && (opts.From != "" || opts.To != "" || len(opts.Via) > 0 || len(opts.Route) > 0 || opts.Transform) {
				return cmdutil.FlagErrorf("--spec cannot be combined with --from, --to, --via, --route or --transform: the spec file holds the route")
			}
			if opts.SpecFile != "" && (opts.Name != "" || opts.Region != "") {
				return cmdutil.FlagErrorf("--spec cannot be combined with --name or --region: the spec file holds the project's name and region, and every resource name derives from them; edit name: or region: in the spec, or run `wireup new` with the route flags for a new project")
			}
			if len(opts.Route) > 0 && (opts.From != "" || opts.To != "" || len(opts.Via) > 0) {
				return cmdutil.FlagErrorf("--route cannot be combined with --from, --to or --via")
			}
			if err := checkDeployFlags(cmd, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return NewRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.From, "from", "", "source `service` (id or alias)")
	fl.StringVar(&opts.To, "to", "", "destination `service` (id or alias)")
	fl.StringSliceVar(&opts.Via, "via", nil, "intermediate `services`, in order (comma-separated)")
	fl.StringSliceVar(&opts.Route, "route", nil, "the route as integration `ids`, source first (comma-separated)")
	fl.StringVar(&opts.Name, "name", "", "project `name`: lower-case letters, digits and hyphens")
	fl.StringVar(&opts.Region, "region", "", "AWS `region` (default: $AWS_REGION or "+DefaultRegion+")")
	fl.StringVar(&opts.Dir, "dir", "", "project `directory` (default: the name)")
	fl.BoolVar(&opts.Transform, "transform", false, "add a Lambda transform to the Firehose hop")
	fl.BoolVar(&opts.Force, "force", false, "regenerate an existing project in place, keeping the files you changed")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "with an existing project: list what regenerating it would change, and write nothing")
	fl.StringVar(&opts.SpecFile, "spec", "", "generate from a spec `file` (wireup.yaml)")
	fl.StringVar(&opts.Module, "module", "", "Go module `path` of the generated code (default: example.com/<name>)")
	fl.BoolVar(&opts.Deploy, "deploy", false, "deploy the project once written, as `wireup deploy` would")
	opts.DeployWith.Flags.AddTarget(fl)
	fl.BoolVar(&opts.DeployWith.AcceptCost, "accept-cost", false, "with --deploy: accept, on real AWS, the idle floor and per-run costs wireup plan lists")
	addWizard(cmd, opts, deployFunc(f))
	return cmd
}

// NewRun decides the spec, renders the project and writes it.
func NewRun(ctx context.Context, opts *NewOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	c, err := opts.Catalog()
	if err != nil {
		return err
	}
	s, err := decide(ctx, c, opts)
	if err != nil {
		return err
	}
	if opts.Module != "" {
		s.Module = opts.Module
	}
	if err := registry.Validate(c, s); err != nil {
		return err
	}
	files, err := render.Render(s, c)
	if err != nil {
		return err
	}
	dir := opts.Dir
	switch {
	case dir == "" && opts.SpecFile != "" && filepath.Base(opts.SpecFile) == spec.FileName:
		// A project's own spec: regenerate the project where it is, not
		// a copy nested inside it.
		dir = filepath.Dir(opts.SpecFile)
	case dir == "":
		dir = s.Name
	}
	if update, err := updating(dir, opts); err != nil {
		return err
	} else if update {
		ch, err := render.Update(ctx, files, dir, opts.DryRun)
		if errors.Is(err, context.Canceled) {
			return cmdutil.ErrCancel
		}
		if err != nil {
			return err
		}
		printUpdated(opts.IO, c, s, dir, ch, opts.DryRun)
		if opts.DryRun {
			return nil
		}
		return opts.after(ctx, dir)
	}
	if opts.DryRun {
		return cmdutil.FlagErrorf("--dry-run shows what regenerating an existing project would change, and %s does not exist yet", dir)
	}
	write := opts.write
	if write == nil {
		write = render.Write
	}
	if err := write(ctx, files, dir, render.WriteOptions{}); err != nil {
		if errors.Is(err, context.Canceled) {
			return cmdutil.ErrCancel
		}
		if errors.Is(err, render.ErrExists) {
			return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: err}
		}
		return err
	}
	printDone(opts.IO, c, s, dir, len(files), !opts.Deploy)
	return opts.after(ctx, dir)
}

// checkDeployFlags refuses deploy's flags without --deploy, and what
// --deploy cannot be combined with, before anything is written.
func checkDeployFlags(cmd *cobra.Command, opts *NewOptions) error {
	if opts.Module != "" {
		if err := spec.ModulePath(opts.Module); err != nil {
			return cmdutil.FlagErrorf("invalid --module %q: %v", opts.Module, err)
		}
	}
	if !opts.Deploy {
		var set []string
		for _, n := range []string{"endpoint", "profile", "target", "accept-cost"} {
			if cmd.Flags().Changed(n) {
				set = append(set, "--"+n)
			}
		}
		if len(set) > 0 {
			return cmdutil.FlagErrorf("%s choose where --deploy deploys: add --deploy, or leave them out and run `wireup deploy` in the project later", strings.Join(set, ", "))
		}
		return nil
	}
	if opts.DryRun {
		return cmdutil.FlagErrorf("--deploy cannot be combined with --dry-run, which writes nothing")
	}
	return nil
}

// after runs once the project is on disk: --deploy, else the wizard's
// "Deploy now?" step, if any.
func (opts *NewOptions) after(ctx context.Context, dir string) error {
	if opts.Deploy {
		return deployNew(ctx, opts, dir)
	}
	if opts.afterWrite != nil {
		return opts.afterWrite(ctx, dir)
	}
	return nil
}

// deployNew is --deploy: `wireup deploy` on the project just written.
func deployNew(ctx context.Context, opts *NewOptions, dir string) error {
	d := opts.DeployWith
	d.Flags.Spec = filepath.Join(dir, spec.FileName)
	err := deploycmd.Run(ctx, &d)
	if err == nil || errors.Is(err, cmdutil.ErrSilent) {
		return err
	}
	if errors.Is(err, cmdutil.ErrCancel) {
		return &cmdutil.ExitError{Code: cmdutil.ExitCancel, Err: fmt.Errorf("the project is written at %s and nothing was deployed", dir)}
	}
	return fmt.Errorf("%w\nThe project is written at %s: `cd %s && wireup deploy` deploys it", err, dir, filepath.Clean(dir))
}

// updating decides whether new writes a fresh directory (false) or
// regenerates an existing project in place (true), and refuses what it
// must not touch: a project without --force, or a directory of files
// wireup did not generate, which it never replaces.
func updating(dir string, opts *NewOptions) (bool, error) {
	es, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		if _, serr := os.Stat(dir); serr == nil {
			return false, cmdutil.FlagErrorf("%s exists and is not a directory: pass another --dir", dir)
		}
		return false, err
	case len(es) == 0:
		// An empty directory: written in place (it may be the working
		// directory, which cannot be renamed over).
		return true, nil
	case !render.IsProject(dir):
		return false, &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf(
			"%s holds files wireup did not generate (no %s in it): wireup never replaces such a directory; pass another --dir, or empty it first", dir, spec.FileName)}
	case !opts.Force && !opts.DryRun:
		return false, &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf(
			"%s: %w. It is a wireup project: pass --force to regenerate it in place (files you changed, .git and the deploy state are kept; --dry-run lists the changes first)", dir, render.ErrExists)}
	}
	return true, nil
}

// routeText is the route's services joined by arrows, or, in accessible
// mode, by "to": a screen reader reads an arrow out as "rightwards arrow".
func routeText(io *iostreams.IOStreams, c *catalog.Catalog, s *spec.Spec) string {
	sep := " → "
	if io.Accessible() {
		sep = " to "
	}
	return strings.Join(s.Services(c), sep)
}

// printUpdated lists what regenerating the project changed (or would).
func printUpdated(io *iostreams.IOStreams, c *catalog.Catalog, s *spec.Spec, dir string, ch *render.Changes, dryRun bool) {
	if io == nil {
		return
	}
	w := io.ErrOut
	verb := "Updated"
	if dryRun {
		verb = "Would update"
	}
	if !ch.Changed() && len(ch.Kept) == 0 {
		fmt.Fprintf(w, "%s is up to date (%d files): %s\n", dir, len(ch.Unchanged), routeText(io, c, s))
		fmt.Fprintln(io.Out, dir)
		return
	}
	fmt.Fprintf(w, "%s %s: %d updated, %d added, %d removed, %d unchanged, %d kept: %s\n", verb, dir,
		len(ch.Updated), len(ch.Added), len(ch.Removed), len(ch.Unchanged), len(ch.Kept), routeText(io, c, s))
	for _, l := range []struct {
		what  string
		paths []string
	}{{"updated", ch.Updated}, {"added", ch.Added}, {"removed", ch.Removed}} {
		for _, p := range l.paths {
			fmt.Fprintf(w, "  %-8s %s\n", l.what, p)
		}
	}
	for _, p := range ch.Kept {
		fmt.Fprintf(w, "  %-8s %s\n", "kept", p)
	}
	if len(ch.Kept) > 0 {
		fmt.Fprintln(w, "Kept files differ from what wireup generates now and were changed since it generated them (or wireup cannot tell: no "+render.ManifestFile+"): they are yours. To take the generated version of one, delete it and run the same command again.")
	}
	fmt.Fprintln(io.Out, dir)
}

// decide turns the options into a spec: from the spec file, from Spec, or
// from the route flags (asking the wizard for what is missing).
func decide(ctx context.Context, c *catalog.Catalog, opts *NewOptions) (*spec.Spec, error) {
	if opts.SpecFile != "" {
		return spec.ReadFile(opts.SpecFile)
	}
	if opts.Spec == nil {
		if missing := missingFlags(opts); len(missing) > 0 {
			if why := cannotAsk(opts); why != "" {
				return nil, cmdutil.FlagErrorf("missing %s: %s", strings.Join(missing, ", "), why)
			}
			if err := opts.Prompt(ctx, opts); err != nil {
				return nil, err
			}
		}
	}
	if opts.Spec != nil {
		return opts.Spec, nil
	}
	if missing := missingFlags(opts); len(missing) > 0 {
		return nil, cmdutil.FlagErrorf("missing %s", strings.Join(missing, ", "))
	}
	route, err := pickRoute(c, opts)
	if err != nil {
		return nil, err
	}
	s, err := registry.New(c, opts.Name, region(opts), route)
	if err != nil {
		return nil, err
	}
	if added := s.Route[len(route):]; len(added) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "note: %s ends at a Firehose delivery stream, which needs a destination; the route continues with %s\n",
			strings.Join(route, ","), strings.Join(added, ","))
	}
	if err := transform(c, s, opts); err != nil {
		return nil, err
	}
	return s, nil
}

// region is --region, else $AWS_REGION, else DefaultRegion.
func region(opts *NewOptions) string {
	r := opts.Region
	if r == "" && opts.Getenv != nil {
		r = opts.Getenv("AWS_REGION")
	}
	if r == "" {
		r = DefaultRegion
	}
	return r
}

// transform adds the Lambda transform to the Firehose hop for --transform.
func transform(c *catalog.Catalog, s *spec.Spec, opts *NewOptions) error {
	if !opts.Transform {
		return nil
	}
	if s.Firehose == nil {
		return cmdutil.FlagErrorf("--transform needs a route through firehose; this one is %s", strings.Join(s.Services(c), " → "))
	}
	s.EnableTransform()
	return nil
}

// missingFlags names the flags a flag-only run still needs.
func missingFlags(opts *NewOptions) []string {
	var missing []string
	if len(opts.Route) == 0 {
		if opts.From == "" {
			missing = append(missing, "--from")
		}
		if opts.To == "" {
			missing = append(missing, "--to")
		}
	}
	if opts.Name == "" {
		missing = append(missing, "--name")
	}
	return missing
}

// cannotAsk says why the wizard cannot ask for the missing flags, and what
// to do instead, or returns "" when it can ask.
func cannotAsk(opts *NewOptions) string {
	switch {
	case opts.Prompt == nil || opts.IO == nil:
		return "pass them as flags"
	case opts.IO.NeverPrompt():
		return "--no-prompt forbids asking. Pass them as flags, or leave out --no-prompt to be asked"
	case opts.IO.IsStdinTTY() && !opts.IO.IsStderrTTY():
		// The wizard draws on stderr, so that stdout stays the command's
		// output: a terminal on stdin and stdout is not enough.
		return "stderr is not a terminal (redirected?), and the wizard draws on stderr. Run `wireup new` without redirecting stderr (2>), or pass them as flags"
	case !opts.IO.CanPrompt():
		return "no terminal to ask on. Pass them as flags, or run `wireup new` in a terminal for the wizard"
	}
	return ""
}

// pickRoute returns --route as given, or the top-ranked route from --from to
// --to through --via. Among the ranked routes it prefers the first one
// wireup can generate; when none can be, it reports the top one's hops.
func pickRoute(c *catalog.Catalog, opts *NewOptions) ([]string, error) {
	if len(opts.Route) > 0 {
		return opts.Route, nil
	}
	from, err := c.Resolve(opts.From)
	if err != nil {
		return nil, err
	}
	to, err := c.Resolve(opts.To)
	if err != nil {
		return nil, err
	}
	var via []string
	for _, v := range opts.Via {
		s, err := c.Resolve(v)
		if err != nil {
			return nil, err
		}
		via = append(via, s.ID)
	}
	found, err := routes.Find(c, from.ID, to.ID, routes.Options{})
	if err != nil {
		return nil, err
	}
	var matching []routes.Route
	for _, r := range found {
		if len(via) == 0 || slices.Equal(r.Via(), via) {
			matching = append(matching, r)
		}
	}
	if len(matching) == 0 {
		what := fmt.Sprintf("no route from %s to %s", from.ID, to.ID)
		if len(via) > 0 {
			what += " through " + strings.Join(via, ", ")
		}
		for _, s := range []*catalog.Service{from, to} {
			if r := s.Lifecycle.Route; s.Retired() && r != "" {
				return nil, cmdutil.FlagErrorf("%s: %s is retired (%s); wireup generates %s in its place: `wireup new --route %s`", what, s.Name, strings.TrimSuffix(s.Lifecycle.Note, "."), r, r)
			}
		}
		return nil, cmdutil.FlagErrorf("%s within %d hops; `wireup routes --from %s --to %s` lists the routes there are", what, routes.MaxHops, from.ID, to.ID)
	}
	for _, r := range matching {
		if ids := r.IntegrationIDs(); len(c.Ungeneratable(ids)) == 0 {
			return ids, nil
		}
	}
	return nil, &spec.NotGeneratableError{IDs: c.Ungeneratable(matching[0].IntegrationIDs())}
}

// printDone tells the user what was written and what to do next.
// With --deploy (next false) the deploy that follows is the next step.
func printDone(io *iostreams.IOStreams, c *catalog.Catalog, s *spec.Spec, dir string, n int, next bool) {
	if io == nil {
		return
	}
	w := io.ErrOut
	fmt.Fprintf(w, "Created %s (%d files): %s\n", dir, n, routeText(io, c, s))
	if next {
		// The README's local recipe: the emulator that can prove this route.
		local := "  make plan                # no emulator can deploy this route: see README.md\n"
		if start, err := render.LocalStart(s); err == nil && start != "" {
			local = "  " + start + "\n  make deploy run-producer verify\n"
		}
		fmt.Fprintf(w, "\nNext:\n  cd %s\n  make test\n%s", filepath.Clean(dir), local)
	}
	fmt.Fprintln(io.Out, dir)
}
