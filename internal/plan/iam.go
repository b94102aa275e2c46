package plan

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/wireup/wireup/internal/iam"
)

// The IAM of every hop comes from the service packages' iam.go, built on
// internal/iam: the same builders the generator renders into a project's
// iam/ files. The plan only attaches each document to the resource that
// carries it.

func docJSON(d iam.Document) (json.RawMessage, error) {
	b, err := d.JSON()
	if err != nil {
		return nil, err
	}
	return b, nil
}

// SetRole returns a function that attaches a role's trust and inline
// policy to resource id (shaped to take a builder's two results).
func (b *Builder) SetRole(id string) func(iam.Role, error) error {
	return func(role iam.Role, err error) error {
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		r := b.byID[id]
		r.Purpose, r.Notes = role.Purpose, role.Notes
		if r.Trust, err = docJSON(role.Trust); err != nil {
			return err
		}
		r.Policy, err = docJSON(role.Policy)
		return err
	}
}

// SetResourcePolicy attaches a queue or topic policy to resource id.
func (b *Builder) SetResourcePolicy(id string, rp iam.ResourcePolicy, err error) error {
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	r := b.byID[id]
	r.Purpose, r.Notes = rp.Purpose, rp.Notes
	if len(rp.KeyPolicy) > 0 {
		if r.KeyPolicy, err = docJSON(iam.NewDocument(rp.KeyPolicy...)); err != nil {
			return err
		}
	}
	r.Policy, err = docJSON(rp.Document)
	return err
}

// KeyPolicyFile is the iam/ file of the statements to add to the policy
// of the customer managed key that encrypts resource name.
func KeyPolicyFile(name string) string { return "key-policy-" + name + ".json" }

// SetPermission copies a Lambda permission's AddPermission input into the
// settings of resource id.
func (b *Builder) SetPermission(id string, rp iam.ResourcePolicy, err error) error {
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	if rp.Permission == nil {
		return fmt.Errorf("plan: %s: the IAM builder returned no Lambda permission", id)
	}
	r := b.byID[id]
	r.Purpose, r.Notes = rp.Purpose, rp.Notes
	p := rp.Permission
	r.Settings["statementId"], r.Settings["principal"] = p.StatementID, p.Principal
	r.Settings["sourceArn"], r.Settings["sourceAccount"] = p.SourceARN, p.SourceAccount
	r.Policy, err = docJSON(rp.Document)
	return err
}

// RoleOwner is a Planner whose roles' policies are built once every hop is
// planned: the Lambda execution role and the Firehose delivery and transform
// roles. The service's iam.go builds them; SetRole attaches them. (An IoT
// rule role is built with its rule, in Wire.)
type RoleOwner interface {
	// Roles sets the trust and inline policy of the service's roles.
	Roles(b *Builder) error
}

// roles asks every RoleOwner for its roles' policies, in service order so
// that the first error reported does not depend on map order.
func (b *Builder) roles() error {
	ids := make([]string, 0, len(b.planners))
	for id := range b.planners {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if o, ok := b.planners[id].(RoleOwner); ok {
			restore := b.as(id)
			err := o.Roles(b)
			restore()
			if err != nil {
				return err
			}
		}
	}
	return nil
}
