package httpendpoint

import (
	"github.com/wireup/wireup/internal/plan"
)

// Planner plans the receiver: the access key's secret, the receiver's
// execution role and function, and its function URL.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return Service }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	h := b.Spec().HTTPEndpoint
	if h == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDHTTPEndpointSecret, Kind: plan.KindSecret, Name: h.Secret, Settings: map[string]string{
		"field": SecretField, "description": "Firehose HTTP endpoint access key of wireup project " + b.Spec().Name,
	}})
	b.Add(&plan.Resource{ID: plan.IDRoleReceiver, Kind: plan.KindRole, Name: h.Role})
	fn := b.Add(&plan.Resource{ID: plan.IDReceiver, Kind: plan.KindFunction, Name: h.Function, Settings: map[string]string{
		"memoryMiB": plan.ItoA(h.MemoryMiB), "timeoutSeconds": plan.ItoA(h.TimeoutSeconds), "package": "./cmd/receiver",
	}})
	b.Ref(fn, "role", plan.IDRoleReceiver, "arn")
	// The function reads the secret's name from its configuration, not
	// its value: the key stays in Secrets Manager.
	fn.DependsOn = append(fn.DependsOn, plan.IDHTTPEndpointSecret)
	u := b.Add(&plan.Resource{ID: plan.IDReceiverURL, Kind: plan.KindFunctionURL, Name: h.Function, Settings: map[string]string{}})
	b.Ref(u, "functionName", plan.IDReceiver, "name")
	return nil
}

// Without its RoleOwner method the planner's role would deploy with no
// policy; the build fails instead.
var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the receiver's execution role.
func (Planner) Roles(b *plan.Builder) error {
	h := b.Spec().HTTPEndpoint
	if h == nil {
		return nil
	}
	return b.SetRole(plan.IDRoleReceiver)(ReceiverRole(b.IAMEnv(), RoleInput(b.Spec())))
}
