package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Project is the typed data every template receives: the spec plus what the
// generator derives from it once, so templates hold no logic beyond
// conditionals and loops.
type Project struct {
	Spec   *spec.Spec
	Name   string // project name
	Module string // Go module path
	// PlaceholderModule is set when the spec names no module, so Module
	// is example.com/<name>.
	PlaceholderModule bool
	GoVersion         string // go directive, the same as wireup's
	Region            string
	RouteShort        string // "iot → kinesis → firehose → s3"
	RouteLong         string // with service names

	Services []Node // along the route, source first
	Hops     []Hop

	Producer *Role // where cmd/producer sends: the first AWS service
	Consumer *Role // what cmd/consumer reads; nil when the route ends in Lambda or an unreadable service
	Readback *Role // where the integration test reads; nil when nothing on the route can be read back
	// Notifier is the service whose event notifications reach cmd/consumer
	// standing for data kept in it (S3: a notification names an object,
	// which cmd/consumer gets to print its records); nil when none does.
	Notifier  *Role
	notified  iam.Source // what cmd/consumer reads of the Notifier's
	Readers   []*Role
	Handler   *Role // the service whose events the Lambda handler receives; nil without Lambda
	Transform *spec.Transform
	// Commands are the services' own programs on this route (Athena's
	// cmd/query, Glue's cmd/crawl).
	Commands []Command

	Settings []service.Setting
	Modules  []Module

	IAM []IAMFile

	// Defaults are the protective settings of the route's resources, for
	// the README's "What is on by default".
	Defaults []Defaults

	// Emulators are the local targets, in the capability table's order
	// (moto, kumo, LocalStack), with what each can prove for this route;
	// Lead is the first that moves data on it, else the first that
	// deploys it, else nil.
	Emulators []Emulator
	Lead      *Emulator
	// LambdaEnv and LambdaFlags are how wireup deploy builds a Lambda
	// handler (package build), for `make lambda`.
	LambdaEnv, LambdaFlags string

	gens *generators
}

// Defaults are one service's protective settings on the route.
type Defaults struct {
	Service  string // display name
	Resource string
	Items    []service.Default
}

// Node is a service on the route.
type Node struct {
	ID       string // catalog id
	Name     string // display name
	App      bool   // the user's application, not an AWS service
	Resource string // the resource's name from the spec, e.g. the stream name
}

// Hop is one integration of the route.
type Hop struct {
	ID          string
	From, To    Node
	Mechanism   string
	Description string
}

// Role is a service in one of the generated code's roles (producer target,
// consumer source, handler source).
type Role struct {
	ID   string // catalog id: the template file name
	Func string // Go identifier part: Kinesis, SQS, S3, DynamoDB
	Name string // display name
}

// Module is a go.mod requirement.
type Module struct {
	Path     string
	Version  string
	Indirect bool
}

// IAMFile is one policy document under iam/ and what it allows, for the
// README.
type IAMFile struct {
	Path string
	Who  string // the principal, e.g. "Firehose delivery role demo-firehose"
	What string // what it may do
	Why  string // why it needs to
	// Notes are the policy builder's decisions and follow-ups.
	Notes []string
	data  []byte
}

// newProject derives the template data from a spec.
func newProject(s *spec.Spec, c *catalog.Catalog, gens *generators, goVersion string) (*Project, error) {
	var err error
	p := &Project{
		gens:      gens,
		Spec:      s,
		Name:      s.Name,
		Module:    s.ModuleOrDefault(),
		GoVersion: goVersion,
		Region:    s.Region,

		PlaceholderModule: s.Module == "",
		LambdaEnv:         strings.Join(build.Env(), " "),
		LambdaFlags:       shellWords(build.Flags()),
	}
	ids := s.Services(c)
	if len(ids) < 2 {
		return nil, fmt.Errorf("render %s: the route has no hops", s.Name)
	}
	for _, id := range ids {
		sv := c.Service(id)
		if sv == nil {
			return nil, &catalog.UnknownServiceError{Name: id}
		}
		n := Node{ID: sv.ID, Name: sv.Name, App: sv.Kind == catalog.KindApp}
		if r := gens.get(sv.ID).Resource; r != nil {
			n.Resource = r(s)
		}
		p.Services = append(p.Services, n)
	}
	short := make([]string, len(p.Services))
	long := make([]string, len(p.Services))
	for i, n := range p.Services {
		short[i], long[i] = n.ID, n.Name
	}
	p.RouteShort = strings.Join(short, " → ")
	p.RouteLong = strings.Join(long, " → ")
	for i, id := range s.Route {
		in := c.Integration(id)
		p.Hops = append(p.Hops, Hop{ID: in.ID, From: p.Services[i], To: p.Services[i+1], Mechanism: in.Mechanism, Description: in.Description})
	}
	if err := p.assignRoles(s); err != nil {
		return nil, err
	}
	if s.Firehose != nil {
		p.Transform = s.Firehose.Transform
	}
	for _, n := range p.Services {
		for _, cmd := range gens.get(n.ID).Commands {
			if cmd.On(s) {
				c := Command{Name: cmd.Name, Service: n.ID, Doc: cmd.Doc(s), policy: cmd.Policy, modules: cmd.Modules, indirect: cmd.Indirect}
				if cmd.SpecModules != nil {
					c.modules = append(slices.Clone(cmd.Modules), cmd.SpecModules(s)...)
				}
				if cmd.Files != nil {
					c.files = cmd.Files(s)
				}
				p.Commands = append(p.Commands, c)
			}
		}
	}
	if p.Emulators, err = emulators(s.Route); err != nil {
		return nil, err
	}
	p.Lead = lead(p.Emulators)
	p.Settings = gens.settings(s, p.Services)
	for _, n := range p.Services {
		if d := gens.get(n.ID).Defaults; d != nil {
			p.Defaults = append(p.Defaults, Defaults{Service: n.Name, Resource: n.Resource, Items: d(s)})
		}
	}
	return p, nil
}

// Command is a service's own program in the project: cmd/<Name>, its
// package internal/<Name>, and its identity's iam/<Name>-policy.json.
type Command struct {
	Name              string
	Service           string // the catalog id whose templates/<id>/ holds it
	Doc               string // its README line
	policy            func(*spec.Spec, iam.Env) (iam.Policy, error)
	modules, indirect []string
	files             []string // more templates of its package (service.Command.Files)
}

// assignRoles decides which service each piece of generated code talks to.
func (p *Project) assignRoles(s *spec.Spec) error {
	svcs := p.Services
	// The producer sends into the first AWS service: the route's source, or
	// the first hop's destination when the source is the application.
	first := 0
	if svcs[0].App {
		first = 1
	}
	if p.gens.get(svcs[first].ID).Produce == nil {
		return fmt.Errorf("render %s: no producer template for %s", s.Name, svcs[first].ID)
	}
	p.Producer = p.role(svcs[first])

	last := len(svcs) - 1
	end := svcs[last]
	switch {
	case p.gens.get(end.ID).RunsHandler:
		if !p.gens.get(svcs[last-1].ID).Handle {
			return fmt.Errorf("render %s: no Lambda handler template for events from %s", s.Name, svcs[last-1].ID)
		}
		p.Handler = p.role(svcs[last-1])
	case end.App:
		// kinesis → app, sqs → app: the application is the consumer.
		end = svcs[last-1]
	}
	if p.gens.get(end.ID).Read != nil && !p.resultsOf(len(svcs)-1-p.appEnd()) {
		p.Consumer = p.role(end)
		// A service before it whose notifications it receives: the first
		// that sends them on this route.
		for _, n := range svcs[:len(svcs)-1-p.appEnd()] {
			if f := p.gens.get(n.ID).Notifies; f != nil && p.Notifier == nil {
				if src, ok := f(s); ok {
					p.Notifier, p.notified = p.role(n), src
				}
			}
		}
	}

	// The integration test reads where the first hop delivers: the first
	// readable service after the producer's target that no Lambda drains
	// (an SQS queue feeding a function is emptied by it), else the target
	// itself when it is readable.
	for i := first + 1; i < len(svcs) && p.Readback == nil; i++ {
		if p.readable(i) {
			p.Readback = p.role(svcs[i])
		}
	}
	if p.Readback == nil && p.readable(first) {
		p.Readback = p.role(svcs[first])
	}
	for _, r := range []*Role{p.Consumer, p.Readback} {
		if r != nil && !containsRole(p.Readers, r.ID) {
			p.Readers = append(p.Readers, r)
		}
	}
	return nil
}

// readable reports whether the integration test can read service i back.
func (p *Project) readable(i int) bool {
	sv := p.gens.get(p.Services[i].ID)
	if sv.Read == nil {
		return false
	}
	drained := sv.DrainedByHandler && i+1 < len(p.Services) && p.gens.get(p.Services[i+1].ID).RunsHandler
	return !drained && !p.resultsOf(i)
}

// resultsOf reports whether service i receives what the service before it
// writes as results, not the project's events (Athena into S3).
func (p *Project) resultsOf(i int) bool {
	return i > 0 && p.gens.get(p.Services[i-1].ID).ResultsOnly
}

// appEnd is 1 when the route ends at the application, else 0.
func (p *Project) appEnd() int {
	if p.Services[len(p.Services)-1].App {
		return 1
	}
	return 0
}

func (p *Project) role(n Node) *Role {
	return &Role{ID: n.ID, Func: p.gens.get(n.ID).Func, Name: n.Name}
}

func containsRole(rs []*Role, id string) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}
