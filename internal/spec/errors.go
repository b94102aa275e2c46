package spec

import (
	"fmt"
	"strings"
)

// FieldError says which field of the spec is wrong, its value and the rule it
// breaks.
type FieldError struct {
	Field string // YAML path, e.g. s3.bucket or route[1]
	Value string // the offending value; empty when the field is missing
	Rule  string // the rule in words, e.g. "must be 3-63 characters ..."
	Err   error  // optional cause, e.g. a *NotGeneratableError
}

// Error renders `field: "value" rule`, or `field: rule` without a value.
func (e *FieldError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Rule)
	}
	return fmt.Sprintf("%s: %q %s", e.Field, e.Value, e.Rule)
}

// Unwrap returns the cause, if any.
func (e *FieldError) Unwrap() error { return e.Err }

// Errors collects every FieldError of a spec so the user fixes them at once.
type Errors []error

// Error lists every problem, one a line.
func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return "invalid spec:\n  " + strings.Join(msgs, "\n  ")
}

// Unwrap lets errors.As find the individual FieldErrors.
func (es Errors) Unwrap() []error { return es }
