package iam

import "github.com/wireup/wireup/internal/iam/policy"

// The policy language is internal/iam/policy; iam names it as well, so a
// service package builds its IAM (grants, roles, resource policies) and
// the documents they are made of with the one import.

type (
	// Document is an IAM policy document (see policy.Document).
	Document = policy.Document
	// Statement is one policy statement (see policy.Statement).
	Statement = policy.Statement
	// Principal is the Principal element of a trust or resource-based
	// policy (see policy.Principal).
	Principal = policy.Principal
	// Condition maps a condition operator to condition keys and their
	// values (see policy.Condition).
	Condition = policy.Condition
	// Env is the account and Region a pipeline is deployed into: every ARN
	// comes from one (see policy.Env).
	Env = policy.Env
)

// Version is the IAM policy language version every document uses.
const Version = policy.Version

// Effects.
const (
	Allow = policy.Allow
	Deny  = policy.Deny
)

// Partitions wireup supports (see policy.PartitionAWS).
const (
	PartitionAWS   = policy.PartitionAWS
	PartitionChina = policy.PartitionChina
	PartitionGov   = policy.PartitionGov
)

// EnvFor returns the Env for region and account (see policy.EnvFor).
func EnvFor(region, account string) Env { return policy.EnvFor(region, account) }

// PartitionFor returns the partition of region (see policy.PartitionFor).
func PartitionFor(region string) string { return policy.PartitionFor(region) }

// Validate checks d against the invariants every wireup policy must meet
// (see policy.Validate).
func Validate(env Env, d Document) error { return policy.Validate(env, d) }

// Merge concatenates the statements of docs into one document (see
// policy.Merge).
func Merge(docs ...Document) (Document, error) { return policy.Merge(docs...) }

// AllowStatement returns an Allow statement with sorted, de-duplicated
// actions and resources (see policy.AllowStatement).
func AllowStatement(sid string, actions []string, resources ...string) Statement {
	return policy.AllowStatement(sid, actions, resources...)
}

// Everyone returns the "*" principal (see policy.Everyone).
func Everyone() *Principal { return policy.Everyone() }

// ServicePrincipal returns a Principal naming one AWS service (see
// policy.ServicePrincipal).
func ServicePrincipal(service string) *Principal { return policy.ServicePrincipal(service) }

// NewDocument wraps statements in a Document of the current Version.
func NewDocument(stmts ...Statement) Document { return policy.NewDocument(stmts...) }

// DenyInsecureTransport is the statement that refuses actions on resources
// to every caller not using TLS (see policy.DenyInsecureTransport).
func DenyInsecureTransport(actions []string, resources ...string) Statement {
	return policy.DenyInsecureTransport(actions, resources...)
}

// allow and document are the short spellings grants.go and app.go use.
func allow(sid string, actions []string, resources ...string) Statement {
	return policy.AllowStatement(sid, actions, resources...)
}

func document(stmts ...Statement) Document { return policy.NewDocument(stmts...) }
