package plan

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// Writable is a Planner whose resource an identity may write to with a
// grant of its own: an application producer, or an IoT rule's role. Both
// the plan (the rule role deploy creates) and the generator (a project's
// iam/producer-policy.json) take the target from here, so the two can never
// describe different grants.
type Writable interface {
	// WriteTarget is what a writer into the service may write to.
	WriteTarget(s *spec.Spec) iam.Target
}

// WriteTarget asks the planner of service id what a writer into it may
// write to; false for a service nothing writes to directly.
func (b *Builder) WriteTarget(id string) (iam.Target, bool) {
	w, ok := b.planners[id].(Writable)
	if !ok {
		return iam.Target{}, false
	}
	return w.WriteTarget(b.s), true
}

// KeyARN returns the key when the spec names it by ARN: only then can a
// policy grant on it (an alias cannot be a policy resource).
func KeyARN(k string) string {
	if strings.HasPrefix(k, "arn:") && strings.Contains(k, ":key/") {
		return k
	}
	return ""
}
