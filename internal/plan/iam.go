package plan

import (
	"encoding/json"
	"fmt"

	"github.com/wireup/wireup/internal/iam"
)

// The IAM of every hop comes from internal/iam, the same builders the
// generator renders into a project's iam/ files; the plan only attaches
// each document to the resource that carries it.

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
	r.Policy, err = docJSON(rp.Document)
	return err
}

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
	p := rp.Permission
	r.Settings["statementId"], r.Settings["principal"] = p.StatementID, p.Principal
	r.Settings["sourceArn"], r.Settings["sourceAccount"] = p.SourceARN, p.SourceAccount
	r.Policy, err = docJSON(rp.Document)
	return err
}

// roles builds the policies of every role and resource policy once the
// whole route is known.
func (b *Builder) roles() error {
	s, env := b.s, b.IAMEnv()
	if s.Lambda != nil && b.byID[IDRoleLambda] != nil {
		in, err := LambdaRoleInput(s)
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		if err := b.SetRole(IDRoleLambda)(iam.LambdaExecutionRole(env, in)); err != nil {
			return err
		}
	}
	if f := s.Firehose; f != nil && s.S3 != nil {
		if t := f.Transform; t != nil {
			if err := b.SetRole(IDRoleTransform)(iam.LambdaExecutionRole(env, TransformRoleInput(t))); err != nil {
				return err
			}
		}
		if err := b.SetRole(IDRoleFirehose)(iam.FirehoseDeliveryRole(env, FirehoseRoleInput(s))); err != nil {
			return err
		}
	}
	return nil
}
