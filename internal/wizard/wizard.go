// Package wizard is the interactive side of `wireup new`: it asks, step by
// step, for what the flags did not give (source, destination, route, project
// name and options), shows a review, and returns a Spec, plain data that the
// generator writes. It never writes files itself.
//
// Each step builds its huh form in a buildXForm function and hands it to a
// prompter.Prompter, so tests drive exactly the forms production runs, in
// accessible mode or through the bubbletea loop. The fields the forms are
// made of (the ranked lists, the choices accessible mode asks by name, the
// inputs checked as typed, the keymap) are internal/wizard/field; the
// options step's form is internal/wizard/options.
package wizard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard/field"
	"github.com/wireup/wireup/internal/wizard/options"
)

// DefaultRegion is the region offered when neither a flag nor the
// environment names one.
const DefaultRegion = "us-east-1"

// Answers are the wizard's questions. Flags fill some of them; the wizard
// asks only for the empty ones.
type Answers struct {
	Source      string   // service id or alias
	Destination string   // service id or alias
	Route       []string // integration ids, source first
	Name        string   // project name
	Dir         string   // project directory; default: the name
	Region      string   // AWS region; default: DefaultRegion
	// Module is the Go module path (--module); empty: example.com/<name>.
	Module string
	// Yes skips the review's confirmation (--yes).
	Yes bool
}

// Params are the wizard's dependencies.
type Params struct {
	Catalog  *catalog.Catalog
	Prompter prompter.Prompter
	// Out receives the few lines the wizard prints between forms (stderr).
	Out io.Writer
	// EnvEndpoint is $AWS_ENDPOINT_URL: where every command sends its
	// requests when it is set, so "Deploy now?" offers it, not LocalStack
	// or AWS.
	EnvEndpoint string
	// Accessible is accessible mode: what the wizard prints between forms
	// is plain text too (no arrows or box glyphs).
	Accessible bool
	// Columns is the width of the terminal Out writes to, asked each time
	// the review is printed; nil, or 0 from it, means 80 columns.
	Columns func() int
}

// Result is what the wizard decided.
type Result struct {
	Answers Answers    // every question answered
	Spec    *spec.Spec // the project to generate
}

// Run asks for everything in `in` that is still empty, in order: source,
// destination, route, project name, then the review (where options can be
// changed). It returns cmdutil.ErrCancel if the user cancels at any step.
func Run(ctx context.Context, p Params, in Answers) (*Result, error) {
	c := p.Catalog
	out := p.Out
	if out == nil {
		out = io.Discard
	}
	a := in
	if len(a.Route) > 0 {
		r, err := routeFromIDs(c, a.Route)
		if err != nil {
			return nil, err
		}
		svcs := r.Services()
		a.Source, a.Destination = svcs[0], svcs[len(svcs)-1]
	}
	for _, sv := range []*string{&a.Source, &a.Destination} {
		if *sv != "" {
			s, err := c.Resolve(*sv)
			if err != nil {
				return nil, err
			}
			*sv = s.ID
		}
	}

	for askedDestination := false; ; {
		if a.Source == "" {
			form, v := buildSourceForm(c)
			if err := p.Prompter.Run(ctx, form); err != nil {
				return nil, err
			}
			a.Source = *v
		}
		if r := replacement(c, a.Source); r != nil && len(a.Route) == 0 {
			// A retired source: offer what the catalog names instead.
			form, v := buildReplacementForm(c, a.Source, *r)
			if err := p.Prompter.Run(ctx, form); err != nil {
				return nil, err
			}
			if *v == replacementBack {
				a.Source, a.Destination = "", ""
				continue
			}
			a.Route = splitRouteID(strings.TrimPrefix(*v, replacementRoutePrefix))
			svcs := r.Services()
			a.Source, a.Destination = svcs[0], svcs[len(svcs)-1]
			break
		}
		if a.Destination == "" {
			form, v := buildDestinationForm(c, a.Source)
			if err := p.Prompter.Run(ctx, form); err != nil {
				return nil, err
			}
			a.Destination = *v
			askedDestination = true
		}
		if !askedDestination || len(a.Route) > 0 || generatable(c, a.Source, a.Destination) {
			break
		}
		form, v := buildDeadEndForm(c, a.Source, a.Destination)
		if err := p.Prompter.Run(ctx, form); err != nil {
			return nil, err
		}
		switch choice := *v; {
		case choice == deadEndSource:
			a.Source, a.Destination = "", ""
		case strings.HasPrefix(choice, deadEndRoutePrefix):
			a.Route = splitRouteID(strings.TrimPrefix(choice, deadEndRoutePrefix))
			r, err := routeFromIDs(c, a.Route)
			if err != nil {
				return nil, err
			}
			a.Destination = r.Hops[len(r.Hops)-1].To
		case strings.HasPrefix(choice, deadEndDestPrefix):
			a.Destination = strings.TrimPrefix(choice, deadEndDestPrefix)
		default:
			a.Destination = ""
		}
	}
	if len(a.Route) == 0 {
		rs, err := routes.Find(c, a.Source, a.Destination, routes.Options{})
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 {
			return nil, fmt.Errorf("no route from %s to %s: `wireup routes --from %s --to %s --include-retired` shows retired ones",
				a.Source, a.Destination, a.Source, a.Destination)
		}
		if gen := generatableRoutes(rs); len(gen) == 1 && len(rs) == 1 {
			// One way only: nothing to choose, say which.
			line := fmt.Sprintf("Route: %s (the only one)", routes.Describe(c, gen[0]))
			if p.Accessible {
				line = field.PlainText(line)
			}
			fmt.Fprintln(out, line)
			a.Route = gen[0].IntegrationIDs()
		} else {
			form, v := buildRouteForm(c, rs)
			if err := p.Prompter.Run(ctx, form); err != nil {
				return nil, err
			}
			a.Route = splitRouteID(*v)
		}
	}
	if a.Name == "" {
		inDir := a.Dir == ""
		form, v := buildNameForm(a.Source, a.Destination, inDir)
		if err := p.Prompter.Run(ctx, form); err != nil {
			return nil, err
		}
		a.Name = *v
		if a.Name == "" {
			a.Name = suggestName(a.Source, a.Destination, inDir)
		}
	}
	if a.Region == "" {
		a.Region = DefaultRegion
	}
	if a.Dir == "" {
		a.Dir = a.Name
	}
	s, err := registry.New(c, a.Name, a.Region, a.Route)
	if err != nil {
		return nil, err
	}
	s.Module = a.Module
	for !a.Yes {
		cols := 0
		if p.Columns != nil {
			cols = p.Columns()
		}
		review := Review(c, s, a.Dir, reviewWidth(cols, p.Accessible))
		if p.Accessible {
			review = field.PlainText(review)
		}
		fmt.Fprintf(out, "\n%s%s\n\n", reviewLead, review)
		form, choice := buildReviewForm(a.Dir)
		if err := p.Prompter.Run(ctx, form); err != nil {
			return nil, err
		}
		if *choice == reviewGenerate {
			break
		}
		if s, err = changeOptions(ctx, p, &a, s); err != nil {
			return nil, err
		}
		// The fields were checked one by one; this checks them together
		// (the rules spec files from --spec are held to).
		if err := registry.Validate(c, s); err != nil {
			return nil, err
		}
	}
	return &Result{Answers: a, Spec: s}, nil
}

// changeOptions asks for the project settings, then each hop's options,
// starting from the current spec. A new name or region re-derives the
// defaults, because resource names are built from them.
func changeOptions(ctx context.Context, p Params, a *Answers, s *spec.Spec) (*spec.Spec, error) {
	proj := projectAnswers{Name: a.Name, Dir: a.Dir, Region: a.Region, Module: s.ModuleOrDefault()}
	oldName := a.Name
	form, ans := buildProjectForm(proj)
	if err := p.Prompter.Run(ctx, form); err != nil {
		return nil, err
	}
	v := ans.orCurrent(proj)
	if v.Name != a.Name || v.Region != a.Region {
		ns, err := registry.New(p.Catalog, v.Name, v.Region, a.Route)
		if err != nil {
			return nil, err
		}
		s = ns
	}
	a.Name, a.Dir, a.Region = v.Name, v.Dir, v.Region
	// The default path follows the name; only a path the user chose is
	// kept in wireup.yaml.
	a.Module = v.Module
	if v.Module == "example.com/"+v.Name || v.Module == "example.com/"+oldName {
		a.Module = ""
	}
	s.Module = a.Module
	form, opts, err := options.BuildForm(p.Catalog, s)
	if err != nil || form == nil {
		return s, err
	}
	if err := p.Prompter.Run(ctx, form); err != nil {
		return nil, err
	}
	return opts.Apply()
}

// generatable reports whether wireup can generate some route from source
// to destination.
func generatable(c *catalog.Catalog, source, destination string) bool {
	rs, _ := routes.Find(c, source, destination, routes.Options{})
	return len(generatableRoutes(rs)) > 0
}

// dirAvailable refuses a directory that exists and is not empty: the
// generator would refuse it too, after all the questions.
func dirAvailable(dir string) error {
	if dir == "" {
		return errors.New("must not be empty")
	}
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("%s already exists and is not empty; choose another directory", dir)
	}
	return nil
}
