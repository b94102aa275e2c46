package deploycmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/deploy/view"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// TargetFlags are the flags every command that talks to a target shares.
type TargetFlags struct {
	Spec   string
	Target deploy.TargetOptions
	State  string
}

// Add registers the flags on fs.
func (t *TargetFlags) Add(fs *pflag.FlagSet) {
	fs.StringVar(&t.Spec, "spec", "", "project spec `file` (default: ./wireup.yaml)")
	fs.StringVar(&t.Target.Endpoint, "endpoint", "", "endpoint `URL` of LocalStack or an emulator (default: $AWS_ENDPOINT_URL)")
	fs.StringVar(&t.Target.Region, "region", "", "AWS `region` (default: from the environment or profile)")
	fs.StringVar(&t.Target.Profile, "profile", "", "AWS shared config `profile`")
	fs.StringVar(&t.Target.Target, "target", "", "target kind: moto, kumo, localstack or aws (default: $WIREUP_TARGET, else detected from the endpoint)")
	fs.StringVar(&t.State, "state", "", "state `file` (default: .wireup/state.json next to the spec)")
}

// Session is what deploy, destroy, status and verify share: the project, the
// connected target and the plan for it.
type Session struct {
	Catalog *catalog.Catalog
	Project *deploy.Project
	Conn    *deploy.Connection
	Plan    *plan.Plan
	State   string
}

// Open loads the project, connects to the target and plans.
func Open(ctx context.Context, f *cmdutil.Factory, t TargetFlags) (*Session, error) {
	c, err := f.Catalog()
	if err != nil {
		return nil, err
	}
	proj, err := deploy.LoadProject(c, t.Spec)
	if err != nil {
		return nil, err
	}
	if t.Target.Region == "" && f.Getenv("AWS_REGION") == "" && f.Getenv("AWS_DEFAULT_REGION") == "" && t.Target.Profile == "" && f.Getenv("AWS_PROFILE") == "" {
		t.Target.Region = proj.Spec.Region // the spec's region, unless the user chose one
	}
	conn, err := deploy.Connect(ctx, t.Target, f.Getenv)
	if err != nil {
		return nil, err
	}
	if conn.Info.Region != proj.Spec.Region && conn.Info.Endpoint == "" {
		return nil, cmdutil.FlagErrorf("the spec deploys to %s but the AWS configuration selects %s: pass --region %s", proj.Spec.Region, conn.Info.Region, proj.Spec.Region)
	}
	p, err := plan.New(proj.Spec, c, conn.Env())
	if err != nil {
		return nil, err
	}
	state := t.State
	if state == "" {
		state = proj.StatePath()
	}
	return &Session{Catalog: c, Project: proj, Conn: conn, Plan: p, State: state}, nil
}

// Engine returns an engine for the session's target.
func (s *Session) Engine(obs deploy.Observer) *deploy.Engine {
	return &deploy.Engine{Kinds: s.Conn.Kinds, Clients: s.Conn.Clients, Observer: obs, StatePath: s.State, Target: s.Conn.Info}
}

// Banner tells the user where the command is about to act, and what the
// target can prove for each hop of the route.
func (s *Session) Banner(w io.Writer, action string) {
	fmt.Fprintf(w, "%s %s (%s) on %s, account %s\n", action, s.Plan.Project, s.Plan.RouteID(), targetName(s.Conn), s.Conn.Info.Account)
	for _, hop := range s.Plan.Route {
		c := targets.For(s.Conn.Target, hop)
		line := fmt.Sprintf("  %-22s deploy: %s  data flow: %s", hop, yesNo(c.Deploy), yesNo(c.Data))
		if !c.Deploy {
			line += "  (" + c.DeployReason + ")"
		} else if !c.Data {
			line += "  (" + c.DataReason + ")"
		}
		fmt.Fprintln(w, line)
	}
	sp := s.Project.Spec
	facts := targets.SpecFacts{EncryptedStream: sp.Kinesis != nil && sp.Kinesis.Encryption, Bucket: sp.S3 != nil}
	for _, n := range targets.SpecNotes(s.Conn.Target, facts) {
		fmt.Fprintf(w, "  warning: %s: %s\n", n.Setting, n.Note)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no "
}

func targetName(c *deploy.Connection) string {
	if c.Info.Endpoint != "" {
		return fmt.Sprintf("%s at %s (%s)", c.Target, c.Info.Endpoint, c.Info.Region)
	}
	return fmt.Sprintf("AWS %s", c.Info.Region)
}

// Confirm asks before changing a real AWS account: --yes, or the account id
// typed at a prompt. Emulators need no confirmation.
func (s *Session) Confirm(ios *iostreams.IOStreams, yes bool, action string) error {
	if s.Conn.Target != targets.AWS || yes {
		return nil
	}
	if !ios.CanPrompt() {
		return cmdutil.FlagErrorf("%s changes AWS account %s: pass --yes to confirm (no terminal to ask)", action, s.Conn.Info.Account)
	}
	fmt.Fprintf(ios.ErrOut, "This %ss resources in AWS account %s. Type the account id to continue: ", action, s.Conn.Info.Account)
	line, err := bufio.NewReader(ios.In).ReadString('\n')
	if err != nil && line == "" {
		return cmdutil.ErrCancel
	}
	if strings.TrimSpace(line) != s.Conn.Info.Account {
		return cmdutil.ErrCancel
	}
	return nil
}

// ViewFor picks the progress view: JSON events on stdout with --json, a
// spinner on a terminal, plain lines otherwise.
func ViewFor(ios *iostreams.IOStreams, jsonOut bool) view.View {
	switch {
	case jsonOut:
		return view.New(ios.Out, view.JSON, 0)
	case ios.IsStderrTTY():
		return view.New(ios.ErrOut, view.TTY, 0)
	}
	return view.New(ios.ErrOut, view.Plain, 0)
}
