package iam

import (
	"fmt"
	"slices"
)

// The service packages (internal/service/<id>/iam.go) build the roles and
// resource policies of their hops from the pieces below, so that every
// grant, name check and note comes from one place: the grant tables of
// grants.go and the checks the application policies use.

// Use is the part an identity plays on one resource of a hop. It fixes the
// grant the identity gets there and the verb its statement ids start with.
type Use int

// Uses.
const (
	// Produce is an application writing through the SDK the way the
	// generated producer does, as in [ProducerPolicy]. Sids: Write….
	Produce Use = iota
	// Consume is an application reading through the SDK the way the
	// generated consumer does, as in [ConsumerPolicy]. Sids: Read….
	Consume
	// Poll is a Lambda event source mapping reading its source for the
	// function: AWS's managed execution policy for the source without the
	// actions no source ARN can grant. Sids: Poll….
	Poll
	// OnFailure is a stream event source mapping sending what it gives up
	// on to its destination: the producer's grant. Sids: OnFailure….
	OnFailure
	// RuleAction is an IoT topic rule action writing to its target with
	// the rule's role (https://docs.aws.amazon.com/iot/latest/developerguide/pass-role.html). Sids: Write….
	RuleAction
)

// grants returns u's Sid verb, grant table, and whether the notes on how
// the generated code calls each service apply.
func (u Use) grants() (verb string, table map[Kind]grant, app bool) {
	switch u {
	case Produce:
		return "Write", producerGrants, true
	case Consume:
		return "Read", consumerGrants, true
	case Poll:
		return "Poll", pollerGrants, false
	case OnFailure:
		return "OnFailure", producerGrants, false
	case RuleAction:
		return "Write", iotGrants, false
	}
	return "", nil, false
}

// Resource is a [Target] or a [Source]: a resource at one end of a hop.
type Resource interface {
	Target | Source
	ref() ref
}

// Grant checks r for use u and returns the statements that grant u on it,
// with Sids of u's verb and r's [Label] ("ReadS3UploadsBucketObjects"),
// and the notes to pass on: a customer managed key that needs no grant
// and, for Produce and Consume, how the generated code calls the service.
// extra adds actions on r's resource (an IoT rule's batchMode). For a
// Source only its kind, name, prefix and key count: the caller decides
// what EnhancedFanOut means.
func Grant[R Resource](env Env, u Use, r R, extra ...string) ([]Statement, []string, error) {
	verb, table, app := u.grants()
	if table == nil {
		return nil, nil, fmt.Errorf("use %d is not one internal/iam grants", u)
	}
	ref := r.ref()
	if err := ref.check(env, table); err != nil {
		return nil, nil, err
	}
	g := table[ref.kind]
	if len(extra) > 0 {
		g.actions = append(slices.Clone(g.actions), extra...)
	}
	stmts, notes := ref.statements(env, verb, g)
	if app {
		notes = append(notes, appNotes(verb, ref)...)
	}
	return stmts, notes, nil
}

// Label is r's Sid fragment, its kind and name: "KinesisOrders".
func Label[R Resource](r R) string { return r.ref().label() }

// Describe names resources for a Purpose line: "kinesis orders, sqs jobs".
func Describe[R Resource](rs ...R) string {
	refs := make([]ref, len(rs))
	for i, r := range rs {
		refs[i] = r.ref()
	}
	return describe(refs)
}

// CheckName rejects an empty name, an ARN passed as a name, and characters
// that would turn an ARN built from it into a pattern; what names the
// field in the error ("bucket").
func CheckName(what, name string) error { return checkName(what, name) }

// CheckKey rejects anything but the ARN of one KMS key in env's partition
// and Region: an alias ARN does not authorize key use, and these services
// need a same-Region key.
func CheckKey(env Env, key string) error { return checkKey(env, key) }

// SidName turns a resource name into a Sid fragment: "orders-stream.v1"
// becomes "OrdersStreamV1".
func SidName(name string) string { return sidName(name) }

// UniqueNotes drops repeated notes, keeping the first of each in order.
func UniqueNotes(notes []string) []string { return uniqueNotes(notes) }

// KeyPolicyNote explains the KMS key-policy requirement for service
// delivering into an encrypted queue or topic (what): with no key, that
// the AWS managed key cannot work; with one, that its policy must carry
// the ResourcePolicy's KeyPolicy statements
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
func KeyPolicyNote(what, service, key string) string {
	if key == "" {
		return fmt.Sprintf("If the %s is SSE-KMS encrypted, it must use a customer managed key whose key policy lets %s call kms:GenerateDataKey and kms:Decrypt; the AWS managed key's policy cannot be changed, so delivery would fail (%s).", what, service, keyDoc(what))
	}
	return fmt.Sprintf("The %s's key %s must carry the KeyPolicy statements (add them to the key policy; Resource \"*\" there means this key) or %s cannot deliver (%s).", what, key, service, keyDoc(what))
}

// keyDoc is AWS's page on letting a service use the key of an encrypted
// queue or topic (what).
func keyDoc(what string) string {
	if what == "topic" {
		return "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"
	}
	return "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html"
}
