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

func checkRoleName(name string) error {
	if !roleNameRE.MatchString(name) {
		return fmt.Errorf("role name %q must be 1-64 characters of letters, digits and +=,.@_-", name)
	}
	return nil
}

func checkRuleName(name string) error {
	if !iotRuleNameRE.MatchString(name) {
		return fmt.Errorf("IoT rule name %q must be letters, digits and underscores", name)
	}
	return nil
}

func checkFunctionName(name string) error {
	if !functionNameRE.MatchString(name) {
		return fmt.Errorf("function name %q must be 1-64 characters of letters, digits, - and _", name)
	}
	return nil
}

// trustPolicy returns a trust policy letting one service assume the role
// under cond.
func trustPolicy(sid, service string, cond Condition) Document {
	return document(Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: servicePrincipal(service),
		Action:    []string{"sts:AssumeRole"},
		Condition: cond,
	})
}

// finishRole validates r and wraps any error with what was being built.
func finishRole(env Env, what string, r Role) (Role, error) {
	if err := r.Validate(env); err != nil {
		return Role{}, fmt.Errorf("%s: %w", what, err)
	}
	return r, nil
}
