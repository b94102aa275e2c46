package spec

import (
	"errors"
	"strings"
)

// ModuleOrDefault is the generated Go module's path: Module, or
// example.com/<name> when the user chose none.
func (s *Spec) ModuleOrDefault() string {
	if s.Module != "" {
		return s.Module
	}
	return "example.com/" + s.Name
}

// ModulePath checks a Go module path by the rule of
// golang.org/x/mod/module.CheckPath (https://go.dev/ref/mod#go-mod-file-ident),
// which wireup applies itself rather than depend on x/mod: elements
// separated by single slashes, each of ASCII letters, digits and - . _ ~,
// none beginning or ending with a dot; the first (a host name) of
// lower-case letters, digits, dots and dashes, with a dot in it and no
// leading dash.
func ModulePath(p string) error {
	const rule = "must be a Go module path such as github.com/you/demo: elements separated by /, each of letters, digits and - . _ ~ (not starting or ending with a dot), the first a lower-case host name with a dot (https://go.dev/ref/mod#go-mod-file-ident)"
	if p == "" || len(p) > 1024 {
		return errors.New(rule)
	}
	elems := strings.Split(p, "/")
	for i, e := range elems {
		if e == "" || e[0] == '.' || e[len(e)-1] == '.' {
			return errors.New(rule)
		}
		for _, r := range e {
			ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.'
			if i > 0 {
				ok = ok || r >= 'A' && r <= 'Z' || r == '_' || r == '~'
			}
			if !ok {
				return errors.New(rule)
			}
		}
	}
	if first := elems[0]; !strings.Contains(first, ".") || first[0] == '-' {
		return errors.New(rule)
	}
	return nil
}
