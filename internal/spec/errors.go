package spec

import (
	"fmt"
	"strings"
)

// FieldError says which field of the spec is wrong, its value and the rule it
// breaks.
type FieldError struct {
	Field string
	Value string
	Rule  string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %q %s", e.Field, e.Value, e.Rule)
}

// Errors collects every FieldError of a spec so the user fixes them at once.
type Errors []error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return "invalid spec:\n  " + strings.Join(msgs, "\n  ")
}

// Unwrap lets errors.As find the individual FieldErrors.
func (es Errors) Unwrap() []error { return es }
