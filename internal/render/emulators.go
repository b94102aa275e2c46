package render

import (
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The emulator versions the generated Makefile starts: the ones the
// capability table was measured against (moto 5.2.1 and kumo v0.33.1,
// see internal/targets), and the LocalStack image of docker-compose.yml.
const (
	motoVersion       = "5.2.1"
	kumoVersion       = "v0.33.1"
	localStackVersion = "4.14.0"
)

// Emulator is a local target the generated Makefile can start, and what it
// can prove for the project's route, from the capability table.
type Emulator struct {
	Target   string // moto, kumo or localstack: WIREUP_TARGET and the make targets' prefix
	Title    string // display name with its version
	Version  string
	Endpoint string
	Deploy   bool   // wireup deploy can create the route there
	Data     bool   // data moves along the whole route there, so verify can pass
	Reason   string // why it cannot deploy, why no data moves, or how its data differs from AWS
}

// emulators reads what each local target can prove for route.
func emulators(route []string) ([]Emulator, error) {
	tb, err := registry.Targets()
	if err != nil {
		return nil, err
	}
	out := []Emulator{
		{Target: string(targets.Moto), Title: "moto " + motoVersion, Version: motoVersion, Endpoint: "http://127.0.0.1:5000"},
		{Target: string(targets.Kumo), Title: "kumo " + kumoVersion, Version: kumoVersion, Endpoint: "http://127.0.0.1:4566"},
		{Target: string(targets.LocalStack), Title: "LocalStack " + localStackVersion, Version: localStackVersion, Endpoint: "http://127.0.0.1:4566"},
	}
	for i := range out {
		c := tb.Route(targets.Target(out[i].Target), route)
		out[i].Deploy, out[i].Data = c.Deploy, c.Deploy && c.Data
		switch {
		case !c.Deploy:
			out[i].Reason = c.DeployReason
		case !c.Data:
			out[i].Reason = c.DataReason
		default:
			out[i].Reason = notes(tb, targets.Target(out[i].Target), route)
		}
	}
	return out, nil
}

// lead is the emulator a README leads with: the first that moves data on
// the route, else the first that deploys it, else nil.
func lead(ems []Emulator) *Emulator {
	for _, data := range []bool{true, false} {
		for i := range ems {
			if e := &ems[i]; e.Deploy && (e.Data || !data) {
				return e
			}
		}
	}
	return nil
}

// LocalStart is the shell line that starts the emulator the generated
// README leads with and points the environment at it, for `wireup new` to
// print; "" when no emulator can deploy the route.
func LocalStart(s *spec.Spec) (string, error) {
	ems, err := emulators(s.Route)
	if err != nil {
		return "", err
	}
	e := lead(ems)
	if e == nil {
		return "", nil
	}
	return "make " + e.Target + "-up && export AWS_ENDPOINT_URL=" + e.Endpoint + " WIREUP_TARGET=" + e.Target, nil
}

// notes are how target t's data differs from AWS on the hops of route,
// each once, skipping the hops of application code.
func notes(tb targets.Table, t targets.Target, route []string) string {
	var out []string
	for _, h := range route {
		n := tb.For(t, h).DataReason
		if n != "" && n != targets.Code().DataReason && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// Emulator returns the local target named target when it can deploy the
// route, else nil: the Makefile has targets only for those.
func (p *Project) Emulator(target string) *Emulator {
	for i := range p.Emulators {
		if e := &p.Emulators[i]; e.Target == target && e.Deploy {
			return e
		}
	}
	return nil
}

// EmulatorVersion is the version of the local target named target.
func (p *Project) EmulatorVersion(target string) string {
	for _, e := range p.Emulators {
		if e.Target == target {
			return e.Version
		}
	}
	return ""
}

// shellWords joins args for a shell (and a Makefile recipe), quoting those
// that need it.
func shellWords(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"$\\*?;&|<>()`") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
