package redshiftserverless

import (
	"strconv"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Plan adds the serverless warehouse of the spec's redshift section: the
// namespace (its default role the warehouse's, when role says it has
// one), its workgroup at the planned base capacity, publicly accessible
// only when a delivery stream loads it, and the workgroup's daily usage
// limit, which deactivates it.
func Plan(b *plan.Builder, r *spec.Redshift, role bool) {
	public := strconv.FormatBool(r.Firehose())
	ns := b.Add(&plan.Resource{ID: plan.IDNamespace, Kind: plan.KindNamespace, Name: r.Namespace, Settings: map[string]string{
		"database": r.Database, "adminUser": r.AdminUser, "manageAdminPassword": "true",
	}})
	if role {
		b.Ref(ns, "roleArn", plan.IDRoleRedshift, "arn")
	}
	wg := b.Add(&plan.Resource{ID: plan.IDServerlessWorkgroup, Kind: plan.KindServerlessWorkgroup, Name: r.Workgroup, Settings: map[string]string{
		"baseCapacity": plan.ItoA(r.BaseCapacity), "publiclyAccessible": public,
	}})
	b.Ref(wg, "namespace", plan.IDNamespace, "name")
	ul := b.Add(&plan.Resource{ID: plan.IDUsageLimit, Kind: plan.KindUsageLimit, Name: r.Workgroup, Settings: map[string]string{
		"rpuHours": plan.ItoA(r.UsageLimitRPUHours), "period": "daily", "breachAction": "deactivate",
	}})
	b.Ref(ul, "workgroupArn", plan.IDServerlessWorkgroup, "arn")
}
