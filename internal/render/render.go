// Package render generates a starter project from a spec: it decides the
// file tree (which templates, for which roles of which services), executes
// the templates with typed data, formats the Go files and returns the tree
// in memory. Write then puts a tree on disk atomically.
//
// Templates are composed per service role and per edge, never per route
// (see package templates): a route's project is the union of its producer,
// consumer, handler and transform templates plus the shared project files.
package render

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/wireup/wireup"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/templates"
)

// File is one generated file.
type File struct {
	Path string // slash-separated, relative to the project directory
	Data []byte
	Mode fs.FileMode
}

// Files is a generated tree, sorted by path.
type Files []File

// Get returns the file at path, or nil.
func (fs Files) Get(p string) *File {
	for i := range fs {
		if fs[i].Path == p {
			return &fs[i]
		}
	}
	return nil
}

// entry maps one template to one output file.
type entry struct {
	tmpl string // path under templates/, without .tmpl
	out  string // path in the project
}

// Render generates the project tree for s. The same spec always renders to
// byte-identical files.
func Render(s *spec.Spec, c *catalog.Catalog) (Files, error) {
	for _, id := range s.Route {
		if !c.Generatable(id) {
			return nil, &spec.NotGeneratableError{IDs: []string{id}}
		}
	}
	mod, err := parseGoMod(wireup.GoMod)
	if err != nil {
		return nil, err
	}
	p, err := newProject(s, c, newGenerators(registry.Generators()), mod.goVersion)
	if err != nil {
		return nil, err
	}
	if p.Modules, err = mod.requirements(p.modules()); err != nil {
		return nil, err
	}
	if p.IAM, err = iamFiles(s, c, p); err != nil {
		return nil, err
	}

	var files Files
	for _, e := range p.entries() {
		data, err := execute(e.tmpl, p)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(e.out, ".go") {
			formatted, err := format.Source(data)
			if err != nil {
				return nil, fmt.Errorf("render %s: gofmt %s: %w", s.Name, e.out, err)
			}
			data = formatted
		}
		files = append(files, File{Path: e.out, Data: data, Mode: 0o644})
	}
	specYAML, err := s.Marshal()
	if err != nil {
		return nil, err
	}
	files = append(files,
		File{Path: spec.FileName, Data: specYAML, Mode: 0o644},
		File{Path: "go.sum", Data: goSum(wireup.GoSum, p.Modules), Mode: 0o644},
	)
	for _, f := range p.IAM {
		files = append(files, File{Path: f.Path, Data: f.data, Mode: 0o644})
	}
	for _, n := range p.Services {
		more := p.gens.get(n.ID).Files
		if more == nil {
			continue
		}
		fs, err := more(s)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", s.Name, err)
		}
		for _, f := range fs {
			files = append(files, File{Path: f.Path, Data: f.Data, Mode: 0o644})
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, fmt.Errorf("render %s: two templates write %s", s.Name, files[i].Path)
		}
	}
	return files, nil
}

// modules lists the modules the project's code imports, and what `go mod
// tidy` adds for them.
func (p *Project) modules() (direct, indirect []string) {
	direct = []string{modSDK, modConfig, modCreds}
	add := func(id string) {
		sv := p.gens.get(id)
		direct = append(direct, sv.Modules...)
		indirect = append(indirect, sv.Indirect...)
	}
	add(p.Producer.ID)
	for _, r := range p.Readers {
		add(r.ID)
	}
	if p.Notifier != nil {
		add(p.Notifier.ID)
	}
	for _, id := range p.serviceIDs() {
		if exists(id + "/config.go.tmpl") {
			add(id)
		}
	}
	for _, c := range p.Commands {
		add(c.Service)
		direct = append(direct, c.modules...)
		indirect = append(indirect, c.indirect...)
	}
	if p.Handler != nil || p.Transform != nil {
		direct = append(direct, modLambdaGo)
	}
	slices.Sort(direct)
	return slices.Compact(direct), indirect
}

// entries decides the file tree: which template renders to which path.
func (p *Project) entries() []entry {
	var es []entry
	add := func(tmpl, out string) { es = append(es, entry{tmpl: tmpl, out: out}) }

	for _, f := range []string{"go.mod", "Makefile", "README.md", "docker-compose.yml", ".gitignore",
		"internal/config/config.go", "internal/event/event.go", "internal/event/event_test.go",
		"cmd/producer/main.go", "cmd/producer/integration_test.go"} {
		add("project/"+f, f)
	}
	for _, id := range p.serviceIDs() {
		if exists(id + "/config.go.tmpl") {
			add(id+"/config.go", "internal/config/"+id+".go")
		}
		if exists(id + "/config_test.go.tmpl") {
			add(id+"/config_test.go", "internal/config/"+id+"_test.go")
		}
	}
	add("producer/producer.go", "internal/producer/producer.go")
	add("producer/producer_test.go", "internal/producer/producer_test.go")
	pr := p.Producer.ID
	add(pr+"/producer.go", "internal/producer/"+pr+".go")
	if exists(pr + "/producer_test.go.tmpl") {
		add(pr+"/producer_test.go", "internal/producer/"+pr+"_test.go")
	}
	if len(p.Readers) > 0 {
		add("consumer/consumer.go", "internal/consumer/consumer.go")
		polls := false
		for _, r := range p.Readers {
			add(r.ID+"/consumer.go", "internal/consumer/"+r.ID+".go")
			if exists(r.ID + "/consumer_test.go.tmpl") {
				add(r.ID+"/consumer_test.go", "internal/consumer/"+r.ID+"_test.go")
			}
			polls = polls || p.gens.get(r.ID).Polls
		}
		if polls {
			add("consumer/poll.go", "internal/consumer/poll.go")
		}
	}
	if p.Consumer != nil {
		add("project/cmd/consumer/main.go", "cmd/consumer/main.go")
		add("project/cmd/consumer/main_test.go", "cmd/consumer/main_test.go")
		if n := p.Notifier; n != nil {
			add(n.ID+"/notified.go", "cmd/consumer/"+n.ID+".go")
			add(n.ID+"/notified_test.go", "cmd/consumer/"+n.ID+"_test.go")
		}
	}
	if h := p.Handler; h != nil {
		add("handler/main.go", "cmd/handler/main.go")
		add(h.ID+"/handler.go", "cmd/handler/"+h.ID+".go")
		add(h.ID+"/handler_test.go", "cmd/handler/"+h.ID+"_test.go")
		for _, fx := range fixtures(h.ID + "/testdata") {
			add(fx, "cmd/handler/testdata/"+path.Base(fx))
		}
	}
	for _, c := range p.Commands {
		add(c.Service+"/"+c.Name+".go", "internal/"+c.Name+"/"+c.Name+".go")
		add(c.Service+"/"+c.Name+"_test.go", "internal/"+c.Name+"/"+c.Name+"_test.go")
		add(c.Service+"/"+c.Name+"_main.go", "cmd/"+c.Name+"/main.go")
		for _, f := range c.files {
			add(c.Service+"/"+f, "internal/"+c.Name+"/"+path.Base(f))
		}
	}
	if p.Transform != nil {
		add("transform/main.go", "cmd/transform/main.go")
		add("transform/main_test.go", "cmd/transform/main_test.go")
		for _, fx := range fixtures("transform/testdata") {
			add(fx, "cmd/transform/testdata/"+path.Base(fx))
		}
	}
	return es
}

// serviceIDs lists the services on the route, in route order.
func (p *Project) serviceIDs() []string {
	ids := make([]string, len(p.Services))
	for i, n := range p.Services {
		ids[i] = n.ID
	}
	return ids
}

// exists reports whether a template file exists.
func exists(name string) bool {
	_, err := fs.Stat(templates.FS, name)
	return err == nil
}

// fixtures lists the fixture templates in dir (without .tmpl), sorted.
func fixtures(dir string) []string {
	ents, err := fs.ReadDir(templates.FS, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() {
			out = append(out, dir+"/"+strings.TrimSuffix(e.Name(), ".tmpl"))
		}
	}
	return out
}

// funcs are the template functions: formatting only, no logic.
var funcs = template.FuncMap{
	"quote": func(s string) string { return fmt.Sprintf("%q", s) },
	"add":   func(a, b int) int { return a + b },
	// urlpath escapes one path segment, "/" included.
	"urlpath": url.PathEscape,
}

// execute renders one template with the project data.
func execute(name string, p *Project) ([]byte, error) {
	src, err := fs.ReadFile(templates.FS, name+".tmpl")
	if err != nil {
		return nil, fmt.Errorf("render %s: read template: %w", p.Name, err)
	}
	// readme renders a service's part of the README,
	// templates/<id>/<part>.tmpl, so the shared README names no service.
	readme := func(id, part string) (string, error) {
		out, err := execute(id+"/"+part, p)
		return strings.TrimSpace(string(out)), err
	}
	// readmeIf is readme for a part a service may leave out: "" without it.
	readmeIf := func(id, part string) (string, error) {
		if !exists(id + "/" + part + ".tmpl") {
			return "", nil
		}
		return readme(id, part)
	}
	t, err := template.New(name).Funcs(funcs).Funcs(template.FuncMap{"readme": readme, "readmeIf": readmeIf}).
		Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("render %s: parse template %s: %w", p.Name, name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render %s: execute template %s: %w", p.Name, name, err)
	}
	return buf.Bytes(), nil
}
