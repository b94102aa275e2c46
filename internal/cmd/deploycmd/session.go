package deploycmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/deploy/view"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/targets"
	"github.com/wireup/wireup/internal/verify"
)

// TargetFlags are the flags every command that talks to a target shares.
type TargetFlags struct {
	Spec   string
	Target project.TargetOptions
	State  string
}

// Add registers the flags on fs.
func (t *TargetFlags) Add(fs *pflag.FlagSet) {
	fs.StringVar(&t.Spec, "spec", "", "project spec `file` (default: ./wireup.yaml)")
	t.AddTarget(fs)
	fs.StringVar(&t.Target.Region, "region", "", "AWS `region` (default: the deployed one, else wireup.yaml's; AWS_REGION is not used; another one is confirmed)")
	fs.StringVar(&t.State, "state", "", "state `file` (default: .wireup/state.json next to the spec); a separate one to work on another target")
}

// AddTarget registers only the flags that pick the target (--endpoint,
// --profile, --target): `wireup new --deploy` has a --spec and a --region
// of its own, the new project's.
func (t *TargetFlags) AddTarget(fs *pflag.FlagSet) {
	fs.StringVar(&t.Target.Endpoint, "endpoint", "", "endpoint `URL` of LocalStack or an emulator (default: the deployed one, else $AWS_ENDPOINT_URL)")
	fs.StringVar(&t.Target.Profile, "profile", "", "AWS shared config `profile`")
	fs.StringVar(&t.Target.Target, "target", "", "target kind: moto, kumo, localstack or aws (default: $WIREUP_TARGET, else detected from the endpoint)")
}

// Session is what deploy, destroy, status and verify share: the project, the
// connected target and the plan for it.
type Session struct {
	Catalog *catalog.Catalog
	Project *project.Project
	Conn    *project.Connection
	Plan    *plan.Plan
	State   string
	// RegionChange is the spec's region when the session acts in another
	// one (--region) where nothing of the project is deployed yet; Confirm
	// asks before deploy or destroy go ahead.
	RegionChange string
	// lock is the project's lock, held by the commands that change it
	// (OpenLocked); Close releases it.
	lock *project.Lock
}

// Close releases what the session holds: the project's lock, if it took
// it. Call it on every way out of the command (defer it).
func (s *Session) Close() error {
	if s == nil {
		return nil
	}
	return s.lock.Release()
}

// Open loads the project, connects to the target and plans. A state that
// records resources decides the target (see target.go); otherwise the flags
// and the environment do, in the spec's region. It is for the commands that
// act on what is deployed: status, verify, destroy.
func Open(ctx context.Context, f *cmdutil.Factory, t TargetFlags) (*Session, error) {
	return open(ctx, f, t, false, "")
}

// OpenForDeploy is Open for deploy and plan, which make the target match
// the spec: they also refuse a deployment in a region wireup.yaml no longer
// names, unless --region keeps it there.
func OpenForDeploy(ctx context.Context, f *cmdutil.Factory, t TargetFlags) (*Session, error) {
	return open(ctx, f, t, true, "")
}

// OpenLocked is Open for a command that changes the project's resources
// (destroy): it first takes the project's lock (.wireup/lock) for command,
// and fails without a call to the target when another command holds it.
// Close the session to release it.
//
// deploy locks the same way (see deployRun). plan and status change
// nothing; verify changes no resource and no state either (its canary has
// an id of its own, so two verifies never mistake each other's), and it is
// what a user runs in a second terminal to watch a deploy: none of them
// lock.
func OpenLocked(ctx context.Context, f *cmdutil.Factory, t TargetFlags, command string) (*Session, error) {
	return open(ctx, f, t, false, command)
}

func open(ctx context.Context, f *cmdutil.Factory, t TargetFlags, create bool, lockFor string) (_ *Session, err error) {
	c, err := f.Catalog()
	if err != nil {
		return nil, err
	}
	proj, err := project.Load(c, t.Spec)
	if err != nil && lockFor == "destroy" {
		// Teardown must not depend on the spec: the state records every
		// resource, its target and the project's name.
		proj, err = project.FromState(t.Spec, t.State, err)
	}
	if err != nil {
		return nil, err
	}
	// The lock comes before the state is read, so the state is the one the
	// previous holder left, and before any call to the target.
	var lock *project.Lock
	if lockFor != "" {
		if lock, err = project.AcquireLock(proj.Dir, proj.Spec.Name, lockFor); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				_ = lock.Release()
			}
		}()
		if n := lock.StaleNote(); n != "" {
			fmt.Fprintf(f.IOStreams.ErrOut, "note: %s\n", n)
		}
	}
	statePath := t.State
	if statePath == "" {
		statePath = proj.StatePath()
	}
	st, err := deploy.LoadState(statePath)
	if err != nil {
		return nil, err
	}
	req, err := readRequest(t.Target, f.Getenv)
	if err != nil {
		return nil, err
	}
	shown := displayPath(statePath)
	ch, err := choose(req, where{project: proj.Spec.Name, specRegion: proj.Spec.Region, state: st, statePath: shown, create: create})
	if err != nil {
		return nil, err
	}
	for _, n := range ch.notes {
		fmt.Fprintf(f.IOStreams.ErrOut, "note: %s\n", n)
	}
	conn, err := project.Connect(ctx, ch.opts, f.Getenv)
	if err != nil {
		return nil, kindConflict(err, req)
	}
	if err := checkConnected(conn, ch, proj.Spec.Name, shown); err != nil {
		return nil, err
	}
	if ch.recorded != nil && ch.recorded.Kind != "" && ch.recorded.Kind != string(conn.Target) {
		fmt.Fprintf(f.IOStreams.ErrOut, "note: %s records %s at %s, but it answers as %s now: what the old emulator held is gone unless it kept it on disk; `wireup status` shows what is there\n",
			shown, ch.recorded.Kind, conn.Info.Endpoint, conn.Target)
	}
	conn.Info.Profile = req.profile
	var p *plan.Plan
	if proj.SpecErr != nil {
		fmt.Fprintf(f.IOStreams.ErrOut, "note: the spec cannot be used (%v); destroying what %s records for %s\n", proj.SpecErr, shown, proj.Spec.Name)
		p = &plan.Plan{Project: proj.Spec.Name, Route: proj.Spec.Route, Env: conn.Env()}
	} else if p, err = registry.Plan(proj.Spec, c, conn.Env()); err != nil {
		return nil, err
	}
	return &Session{Catalog: c, Project: proj, Conn: conn, Plan: p, State: statePath, RegionChange: ch.regionChange, lock: lock}, nil
}

// displayPath shortens path relative to the working directory when it is
// inside it, so messages say .wireup/state.json rather than a long path.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}

// Changes is what a deploy of the session's plan would do on its target,
// for a project deployed there already; nil before the first deploy (every
// resource is new, and the plan lists them).
func (s *Session) Changes(ctx context.Context) (*deploy.Changes, error) {
	st, err := deploy.LoadState(s.State)
	if err != nil || len(st.Resources) == 0 {
		return nil, err
	}
	return s.Engine(nil).Changes(ctx, s.Plan)
}

// Engine returns an engine for the session's target.
func (s *Session) Engine(obs deploy.Observer) *deploy.Engine {
	return &deploy.Engine{Kinds: s.Conn.Kinds, Observer: obs, StatePath: s.State, Target: s.Conn.Info}
}

// Verifier returns a verifier of what the session's engine deployed.
func (s *Session) Verifier() *verify.Verifier {
	return &verify.Verifier{Probes: s.Conn.Probes, Targets: s.Conn.Targets, State: s.Engine(nil)}
}

// Banner tells the user where the command is about to act, and what the
// target can prove for each hop of the route.
func (s *Session) Banner(w io.Writer, action string) {
	fmt.Fprintf(w, "%s %s (%s) on %s, account %s\n", action, s.Plan.Project, s.Plan.RouteID(), targetName(s.Conn), s.Conn.Info.Account)
	for _, hop := range s.Plan.Route {
		c := s.Conn.Targets.For(s.Conn.Target, hop)
		line := fmt.Sprintf("  %-22s deploy: %s  data flow: %s", hop, yesNo(c.Deploy), yesNo(c.Data))
		if !c.Deploy {
			line += "  (" + c.DeployReason + ")"
		} else if !c.Data {
			line += "  (" + c.DataReason + ")"
		}
		fmt.Fprintln(w, line)
	}
	for _, n := range registry.SpecNotes(s.Conn.Target, s.Project.Spec) {
		fmt.Fprintf(w, "  warning: %s: %s\n", n.Setting, n.Note)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no "
}

func targetName(c *project.Connection) string {
	if c.Info.Endpoint != "" {
		return fmt.Sprintf("%s at %s (%s)", c.Target, c.Info.Endpoint, c.Info.Region)
	}
	return fmt.Sprintf("AWS %s", c.Info.Region)
}

// Confirm asks before deploy or destroy change a real AWS account (--yes,
// or the account id typed at a prompt) or act in a region wireup.yaml does
// not name (--yes, or the region typed), on an emulator as on AWS. The
// questions go through p, on the terminal or in accessible mode.
func (s *Session) Confirm(ctx context.Context, p cmdutil.Prompter, ios *iostreams.IOStreams, yes bool, action string) error {
	if yes {
		return nil
	}
	if s.RegionChange != "" {
		region := s.Conn.Info.Region
		if !ios.CanPrompt() {
			return cmdutil.FlagErrorf("%s would act on %s in %s, not in %s where wireup.yaml puts it: pass --yes to confirm the region change (no terminal to ask), drop --region, or set region: %s in wireup.yaml to make it the project's region",
				action, s.Project.Spec.Name, region, s.RegionChange, region)
		}
		if err := prompter.ConfirmTyped(ctx, p, fmt.Sprintf("This %ss %s in %s, not in %s where wireup.yaml puts it.", action, s.Project.Spec.Name, region, s.RegionChange), region); err != nil {
			return err
		}
	}
	if s.Conn.Target != targets.AWS {
		return nil
	}
	if !ios.CanPrompt() {
		return cmdutil.FlagErrorf("%s changes AWS account %s: pass --yes to confirm (no terminal to ask)", action, s.Conn.Info.Account)
	}
	return prompter.ConfirmTyped(ctx, p, fmt.Sprintf("This %ss resources in AWS account %s.", action, s.Conn.Info.Account), s.Conn.Info.Account)
}

// ViewFor picks the progress view: JSON events on stdout with --json, a
// spinner on a terminal, plain lines otherwise.
func ViewFor(ios *iostreams.IOStreams, jsonOut bool) view.View {
	switch {
	case jsonOut:
		return view.New(ios.Out, view.JSON, 0)
	case ios.IsStderrTTY():
		return view.NewSized(ios.ErrOut, view.TTY, 0, termWidth(ios.ErrOut))
	}
	return view.New(ios.ErrOut, view.Plain, 0)
}

// termWidth is the width of the terminal w writes to, or 80 when it cannot
// tell.
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}
