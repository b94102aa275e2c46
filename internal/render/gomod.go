package render

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/service/sts"
)

// SDK modules the templates import.
const (
	modLambdaGo = "github.com/aws/aws-lambda-go"
	modSDK      = "github.com/aws/aws-sdk-go-v2"
	modConfig   = "github.com/aws/aws-sdk-go-v2/config"
	modCreds    = "github.com/aws/aws-sdk-go-v2/credentials"
	modSmithy   = "github.com/aws/smithy-go"
)

// baseDeps are the modules `go mod tidy` adds for config and credentials,
// which every project imports (sts.ConfigModules). What it adds for a
// service's modules is that service's Indirect list
// (internal/service/<id>/generate.go).
var baseDeps = sts.ConfigModules()

// goMod is the parsed part of wireup's go.mod the generator needs.
type goMod struct {
	goVersion string
	versions  map[string]string // module path → version
}

// parseGoMod reads the go directive and every requirement of a go.mod file.
// wireup's go.mod is machine-written, so a line scanner is enough.
func parseGoMod(data []byte) (*goMod, error) {
	m := &goMod{versions: map[string]string{}}
	inBlock := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "go" && len(f) == 2:
			m.goVersion = f[1]
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case inBlock && f[0] == ")":
			inBlock = false
		case f[0] == "require" && len(f) == 3:
			m.versions[f[1]] = f[2]
		case inBlock && len(f) == 2:
			m.versions[f[0]] = f[1]
		}
	}
	if m.goVersion == "" {
		return nil, fmt.Errorf("parse wireup's go.mod: no go directive")
	}
	return m, nil
}

// requirements returns the go.mod requirements of a project whose code
// imports the direct modules, which need the indirect ones besides
// baseDeps, at wireup's versions, sorted.
func (m *goMod) requirements(direct, deps []string) ([]Module, error) {
	need := map[string]bool{}
	for _, d := range direct {
		need[d] = true
	}
	indirect := map[string]bool{}
	for _, dep := range slices.Concat(deps, baseDeps) {
		if !need[dep] {
			indirect[dep] = true
		}
	}
	var out []Module
	for path, ind := range merge(need, indirect) {
		v, ok := m.versions[path]
		if !ok {
			return nil, fmt.Errorf("wireup's go.mod does not require %s: import it from wireup's code or tests so `go mod tidy` keeps it", path)
		}
		out = append(out, Module{Path: path, Version: v, Indirect: ind})
	}
	slices.SortFunc(out, func(a, b Module) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// merge returns every key of direct (false) and indirect (true).
func merge(direct, indirect map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range indirect {
		out[k] = true
	}
	for k := range direct {
		out[k] = false
	}
	return out
}

// goSum returns the lines of sum that belong to the modules at their
// versions, in go.sum order.
func goSum(sum []byte, mods []Module) []byte {
	want := map[string]bool{}
	for _, m := range mods {
		want[m.Path+" "+m.Version] = true
		want[m.Path+" "+m.Version+"/go.mod"] = true
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(sum))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && want[f[0]+" "+f[1]] {
			out.WriteString(sc.Text())
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}
