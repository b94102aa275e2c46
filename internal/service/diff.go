package service

import (
	"fmt"
	"strings"
)

// Diffs collects what a provider's Drift found different from the plan,
// in the order it compared: Drift returns their String.
type Diffs []string

// If adds the difference format describes when differs is true. Its
// arguments are evaluated either way: pass values that are safe to read
// when nothing differs.
func (d *Diffs) If(differs bool, format string, args ...any) {
	if differs {
		*d = append(*d, fmt.Sprintf(format, args...))
	}
}

// Add adds differences described already (another part's String); empty
// ones are skipped.
func (d *Diffs) Add(diffs ...string) {
	for _, s := range diffs {
		if s != "" {
			*d = append(*d, s)
		}
	}
}

// String joins the differences with "; ", or is "" when there are none.
func (d Diffs) String() string { return strings.Join(d, "; ") }

// RoleDrift says how a resource's role differs from the planned ARN, or
// "": a service that reads back the role as it was given (Glue: an ARN or
// a name) matches by name too.
func RoleDrift(got, want string) string {
	if got == want || strings.HasSuffix(want, "/"+got) {
		return ""
	}
	return fmt.Sprintf("role %s, want %s", got, want)
}
