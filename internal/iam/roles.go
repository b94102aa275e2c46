package iam

import (
	"fmt"
	"regexp"
)

var (
	roleNameRE     = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	iotRuleNameRE  = regexp.MustCompile(`^[A-Za-z0-9_]{1,128}$`)
	functionNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// CheckRoleName rejects a name IAM would refuse for a role.
func CheckRoleName(name string) error {
	if !roleNameRE.MatchString(name) {
		return fmt.Errorf("role name %q must be 1-64 characters of letters, digits and +=,.@_-", name)
	}
	return nil
}

// CheckRuleName rejects a name IoT Core would refuse for a topic rule. Both
// the rule's role and a function permission for the rule name it in an ARN.
func CheckRuleName(name string) error {
	if !iotRuleNameRE.MatchString(name) {
		return fmt.Errorf("IoT rule name %q must be letters, digits and underscores", name)
	}
	return nil
}

// CheckFunctionName rejects anything but a plain Lambda function name: an
// ARN or a qualified name would change what a grant on it covers.
func CheckFunctionName(name string) error {
	if !functionNameRE.MatchString(name) {
		return fmt.Errorf("function name %q must be 1-64 characters of letters, digits, - and _", name)
	}
	return nil
}

// TrustPolicy returns a trust policy letting one service assume the role
// under cond, the service's confused-deputy conditions.
func TrustPolicy(sid, service string, cond Condition) Document {
	return NewDocument(Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: ServicePrincipal(service),
		Action:    []string{"sts:AssumeRole"},
		Condition: cond,
	})
}

// Validated returns v when it passes its own Validate in env, and otherwise
// the error wrapped with what was being built. Every builder returns
// through it, so none hands out a policy that breaks the invariants.
func Validated[T interface{ Validate(Env) error }](env Env, what string, v T) (T, error) {
	if err := v.Validate(env); err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// TLSOnly is the resource policy of a resource wireup creates with one
// Deny statement refusing actions on it that are not made over TLS
// (aws:SecureTransport false), for every caller: what (a "queue", a
// "topic") named name, at target, of kind. It grants nothing.
func TLSOnly(env Env, kind ResourcePolicyKind, what, name, target string, actions []string, purpose string, notes ...string) (ResourcePolicy, error) {
	desc := fmt.Sprintf("TLS-only policy on %s %s", what, name)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", desc, err)
	}
	if err := CheckName(what, name); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", desc, err)
	}
	return Validated(env, desc, ResourcePolicy{Kind: kind, Target: target, Purpose: purpose,
		Document: NewDocument(DenyInsecureTransport(actions, target)), Notes: notes})
}

// WithDenyInsecureTransport returns a function that merges
// DenyInsecureTransport(actions, target) into a resource policy built for
// target (a queue policy letting S3 send, say), so that setting it keeps the
// resource TLS-only, and adds purpose to its Purpose. An error from the
// builder is passed on.
func WithDenyInsecureTransport(env Env, actions []string, purpose string) func(ResourcePolicy, error) (ResourcePolicy, error) {
	return func(rp ResourcePolicy, err error) (ResourcePolicy, error) {
		if err != nil {
			return rp, err
		}
		doc, err := Merge(rp.Document, NewDocument(DenyInsecureTransport(actions, rp.Target)))
		if err != nil {
			return ResourcePolicy{}, err
		}
		rp.Document = doc
		rp.Purpose += " " + purpose
		return Validated(env, "resource policy of "+rp.Target, rp)
	}
}
