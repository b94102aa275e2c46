package service

import (
	"fmt"

	"github.com/wireup/wireup/internal/plan"
)

// Adopt checks, after a create found the planned name taken, that the
// resource there is the project's before the provider updates it: the
// state records it, or its tags carry the project's wireup:project tag.
// read is the service's tag call, made only when the state does not record
// the resource, and tags picks the tags from its answer. what names the
// kind in messages ("Glue crawler"), setting is the wireup.yaml setting
// that names the resource.
func Adopt[O any](r *Request, what, name, setting string, read func() (O, error), tags func(O) map[string]string) error {
	if r.Recorded {
		return nil
	}
	out, err := read()
	if err != nil {
		return fmt.Errorf("read tags of %s %s: %w", what, name, err)
	}
	if !r.Owns(tags(out)) {
		return NotOwned(what, name, setting, r.Plan.Project)
	}
	return nil
}

// NotOwned is the error of a create that found name held by a resource
// that is not the project's: it wraps ErrNameTaken and says which setting
// renames it.
func NotOwned(what, name, setting, project string) error {
	return fmt.Errorf("create %s: %s exists in this account and is not tagged %s=%s: %w. Rename %s in wireup.yaml",
		what, name, plan.TagProject, project, ErrNameTaken, setting)
}
