package spec

import "testing"

func TestModulePath(t *testing.T) {
	for p, ok := range map[string]bool{
		"github.com/you/demo":    true,
		"example.com/demo":       true,
		"gitlab.com/a_b/C~d/v2":  true,
		"go.example.io":          true,
		"":                       false,
		"demo":                   false, // no dot in the host
		"GitHub.com/you/demo":    false, // upper-case host
		"-x.com/demo":            false,
		"github.com//demo":       false,
		"github.com/you/demo/":   false,
		"github.com/.hidden":     false,
		"github.com/you/demo.":   false,
		"github.com/you/my demo": false,
		"github.com/you/dé":      false,
		"github.com/you/a:b":     false,
	} {
		if err := ModulePath(p); (err == nil) != ok {
			t.Errorf("ModulePath(%q) = %v, want ok=%v", p, err, ok)
		}
	}
}

func TestModuleOrDefault(t *testing.T) {
	s := &Spec{Name: "demo"}
	if got := s.ModuleOrDefault(); got != "example.com/demo" {
		t.Errorf("default = %q", got)
	}
	s.Module = "github.com/you/demo"
	if got := s.ModuleOrDefault(); got != "github.com/you/demo" {
		t.Errorf("chosen = %q", got)
	}
}
