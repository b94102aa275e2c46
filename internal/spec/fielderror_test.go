package spec

import (
	"errors"
	"strings"
	"testing"
)

// wantFieldError fails the test case name unless err is nil when field is
// "", and otherwise exactly one FieldError on field that says text (any
// text when text is "").
func wantFieldError(t *testing.T, name string, err error, field, text string) {
	t.Helper()
	var es Errors
	var fe *FieldError
	switch {
	case field == "" && err != nil:
		t.Errorf("%s: %v", name, err)
	case field != "" && (!errors.As(err, &es) || len(es) != 1 || !errors.As(es[0], &fe) || fe.Field != field):
		t.Errorf("%s: %v, want one error on %s", name, err, field)
	case field != "" && !strings.Contains(err.Error(), text):
		t.Errorf("%s: %v, want it to say %q", name, err, text)
	}
}
