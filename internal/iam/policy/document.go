// Package policy is the IAM policy language wireup writes: documents,
// statements, principals and conditions rendered to deterministic JSON, the
// account, Region and partition every ARN is built in (Env), and Validate,
// the invariants every wireup policy must meet. internal/iam names all of
// it too, so a service package builds its IAM with that one import.
package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Version is the IAM policy language version every document uses.
const Version = "2012-10-17"

// Effects.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// Document is an IAM policy document: an identity policy, a role trust
// policy, or a resource-based policy.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Action and Resource are always rendered
// as arrays (AWS accepts both forms; one form keeps diffs and tests simple).
// Resource is empty only in trust policies.
type Statement struct {
	Sid       string     `json:"Sid"`
	Effect    string     `json:"Effect"`
	Principal *Principal `json:"Principal,omitempty"`
	Action    []string   `json:"Action"`
	Resource  []string   `json:"Resource,omitempty"`
	Condition Condition  `json:"Condition,omitempty"`
}

// Principal is the Principal element of a trust or resource-based policy.
type Principal struct {
	// Everyone is the principal "*": every caller, signed or anonymous. It
	// renders as "Principal": "*", the form AWS documents for a bucket
	// policy that refuses a kind of request to all callers. [Validate]
	// accepts it only in a Deny statement: wireup never grants to everyone.
	Everyone bool     `json:"-"`
	Service  []string `json:"Service,omitempty"`
	AWS      []string `json:"AWS,omitempty"`
}

// MarshalJSON renders the everyone principal as "*" and any other as an
// object of principal lists.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Everyone {
		return []byte(`"*"`), nil
	}
	type lists Principal // without the method, so encoding does not recurse
	return json.Marshal(lists(p))
}

// UnmarshalJSON reads what MarshalJSON writes: "*" is everyone, an object
// the principal lists. A document read back (from a plan) is the document
// that was built.
func (p *Principal) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == `"*"` {
		*p = Principal{Everyone: true}
		return nil
	}
	type lists Principal
	var l lists
	if err := json.Unmarshal(data, &l); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	*p = Principal(l)
	return nil
}

// Condition maps a condition operator (StringEquals, ArnLike, …) to condition
// keys and their values. encoding/json sorts map keys, so rendering is
// deterministic.
type Condition map[string]map[string][]string

// JSON renders d as AWS expects it: 2-space indented, keys in a fixed order,
// no HTML escaping, trailing newline. The same document always renders to
// the same bytes.
func (d Document) JSON() ([]byte, error) {
	return Marshal(d)
}

// Merge concatenates the statements of docs into one document, in order. A
// queue that receives from both an S3 bucket and an SNS topic has one policy,
// so the caller merges the per-edge documents. Duplicate Sids are an error:
// they would mean two edges claim the same statement.
func Merge(docs ...Document) (Document, error) {
	out := Document{Version: Version}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Statement {
			if seen[s.Sid] {
				return Document{}, fmt.Errorf("merge policies: duplicate statement id %q", s.Sid)
			}
			seen[s.Sid] = true
			out.Statement = append(out.Statement, s)
		}
	}
	return out, nil
}

// Marshal renders any value with the package's JSON conventions: 2-space
// indented, no HTML escaping, trailing newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode policy: %w", err)
	}
	return buf.Bytes(), nil
}

// AllowStatement returns an Allow statement with sorted, de-duplicated
// actions and resources, so that statement content never depends on call
// order (and [Validate], which requires sorted sets, accepts it).
func AllowStatement(sid string, actions []string, resources ...string) Statement {
	return Statement{Sid: sid, Effect: Allow, Action: sorted(actions), Resource: sorted(resources)}
}

// sorted returns a sorted, de-duplicated copy of ss (nil for empty input).
func sorted(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// With returns c plus one operator/key/values entry (c may be nil), the
// values sorted and de-duplicated.
func (c Condition) With(op, key string, values ...string) Condition {
	if c == nil {
		c = Condition{}
	}
	if c[op] == nil {
		c[op] = map[string][]string{}
	}
	c[op][key] = sorted(append(c[op][key], values...))
	return c
}

// Everyone returns the "*" principal (see [Principal.Everyone]).
func Everyone() *Principal { return &Principal{Everyone: true} }

// ServicePrincipal returns a Principal naming one AWS service. [Validate]
// requires the service's confused-deputy condition keys on any statement
// naming it.
func ServicePrincipal(service string) *Principal {
	return &Principal{Service: []string{service}}
}

// NewDocument wraps statements in a Document of the current [Version].
func NewDocument(stmts ...Statement) Document {
	return Document{Version: Version, Statement: stmts}
}

// DenyInsecureTransport is the statement that refuses actions on resources
// to every caller not using TLS (aws:SecureTransport false): the one Deny of
// the TLS-only bucket, queue and topic policies AWS documents
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport).
func DenyInsecureTransport(actions []string, resources ...string) Statement {
	return Statement{
		Sid:       "DenyInsecureTransport",
		Effect:    Deny,
		Principal: Everyone(),
		Action:    actions,
		Resource:  resources,
		Condition: Condition{}.With("Bool", "aws:SecureTransport", "false"),
	}
}
