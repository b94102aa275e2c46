package redshift

import (
	"strconv"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/redshiftserverless"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the warehouse of the spec's redshift section: the role
// COPY, UNLOAD and Spectrum use, and either the provisioned cluster or
// the Serverless namespace, workgroup and usage limit
// (redshiftserverless.Plan).
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "redshift" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	r := b.Spec().Redshift
	if r == nil {
		return nil
	}
	// A warehouse the route only reads (redshift-to-quicksight alone) or
	// only Firehose loads has no COPY, UNLOAD or Spectrum, so no role.
	role := NeedsRole(b.Spec())
	if role {
		b.Add(&plan.Resource{ID: plan.IDRoleRedshift, Kind: plan.KindRole, Name: r.Role})
	}
	if err := firehoseResources(b, r); err != nil {
		return err
	}
	if r.Provisioned() {
		cl := b.Add(&plan.Resource{ID: plan.IDCluster, Kind: plan.KindCluster, Name: r.Cluster, Settings: map[string]string{
			"nodeType": r.NodeType, "numberOfNodes": "1", "database": r.Database, "adminUser": r.AdminUser,
			"encrypted": "true", "publiclyAccessible": strconv.FormatBool(r.Firehose()),
		}})
		if role {
			b.Ref(cl, "roleArn", plan.IDRoleRedshift, "arn")
		}
		return nil
	}
	redshiftserverless.Plan(b, r, role)
	return nil
}

// Wire implements plan.Wirer: COPY, UNLOAD and Spectrum are SQL the
// generated project runs on the warehouse with its role; deploy makes no
// call of its own for them.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	return sqlHop(in.ID) && b.Resource(plan.IDRoleRedshift) != nil, nil
}

// NeedsRole reports whether the warehouse of s has a role: it does when
// its SQL runs COPY, UNLOAD or Spectrum. A warehouse only Firehose loads
// has none: Firehose's COPY reads the staging bucket with the delivery
// role's credentials.
func NeedsRole(s *spec.Spec) bool {
	in := RoleInputFor(s)
	return in.CopyPrefix != "" || in.UnloadPrefix != "" || in.Database != ""
}

// sqlHop reports whether hop id is one the generated SQL makes
// (firehose-to-redshift is Firehose's).
func sqlHop(id string) bool {
	switch id {
	case "s3-to-redshift", "redshift-to-s3", "s3-to-redshift-spectrum", "glue-to-redshift":
		return true
	}
	return false
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the warehouse's role.
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.Redshift == nil || !NeedsRole(s) {
		return nil
	}
	return b.SetRole(plan.IDRoleRedshift)(WarehouseRole(b.IAMEnv(), RoleInputFor(s)))
}

// SecretUserField is the field of the Firehose user's secret that holds
// its name; the password is under "password", the two fields Firehose
// reads from a Redshift secret
// (https://docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html).
const SecretUserField = "username"

// firehoseResources are what a delivery stream loading the warehouse
// needs besides it (firehose-to-redshift): the bucket it stages objects
// in for its COPY and backs every record up to (encrypted, public access
// blocked, TLS only, emptied on destroy: both are copies of what was
// sent), and the secret of its database user, whose password deploy
// generates and never records.
func firehoseResources(b *plan.Builder, r *spec.Redshift) error {
	if !r.Firehose() {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDStagingBucket, Kind: plan.KindBucket, Name: r.StagingBucket, Settings: map[string]string{
		"versioning": "false", "kmsKey": "", "forceDestroy": "true", "objectPrefix": "", "expirePrefix": "", "expireDays": "0",
	}})
	rp, err := s3.TLSOnlyPolicy(b.IAMEnv(), r.StagingBucket)
	if err := b.SetResourcePolicy(plan.IDStagingBucket, rp, err); err != nil {
		return err
	}
	b.Add(&plan.Resource{ID: plan.IDRedshiftFirehoseSecret, Kind: plan.KindSecret, Name: r.FirehoseSecret, Settings: map[string]string{
		"field": "password", "username": r.FirehoseUser,
		"description": "Redshift user " + r.FirehoseUser + " of the Firehose delivery stream of wireup project " + b.Spec().Name,
	}})
	return nil
}
