package redshift

import (
	"fmt"

	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the warehouse wireup creates and bounds what
// it costs.
func Defaults(s *spec.Spec) []service.Default {
	r := s.Redshift
	secret := service.Default{Setting: "redshift.adminUser", Value: r.AdminUser + ", password in Secrets Manager",
		What: "Redshift creates the admin password and keeps it in a Secrets Manager secret; wireup never sees it",
		Doc:  "https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-secrets-manager-integration.html"}
	if r.Provisioned() {
		return []service.Default{
			{Setting: "redshift.mode", Value: "provisioned, one " + r.NodeType + " node",
				What: "a single-node cluster bills every hour until `wireup destroy`",
				Doc:  "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html"},
			{Setting: "", Value: "encrypted, not publicly accessible",
				What: "the cluster's storage is encrypted and it has no public endpoint",
				Doc:  "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"},
			secret,
		}
	}
	return []service.Default{
		{Setting: "redshift.baseCapacity", Value: fmt.Sprintf("%d RPUs", r.BaseCapacity),
			What: "the smallest compute a workgroup may have; it bills only while queries run",
			Doc:  "https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html"},
		{Setting: "redshift.usageLimitRPUHours", Value: fmt.Sprintf("%d RPU-hours a day, then deactivate%s", r.UsageLimitRPUHours, dailyCap(r.UsageLimitRPUHours)),
			What: "past the daily limit Redshift turns the workgroup off until the next day, which bounds its cost",
			Doc:  "https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-workgroup-max-rpu.html"},
		{Setting: "", Value: "not publicly accessible",
			What: "the workgroup has no public endpoint; it sits in the account's default VPC",
			Doc:  "https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html"},
		secret,
	}
}

// dailyCap is what the usage limit caps a day's compute at, from the
// price table's RPU-hour.
func dailyCap(rpuHours int) string {
	for _, p := range cost.Table() {
		if p.Kind == plan.KindServerlessWorkgroup && p.Unit == "RPU-hour" {
			return fmt.Sprintf(" (at most about $%.2f a day at $%.3f per RPU-hour in %s)", float64(rpuHours)*p.USD, p.USD, cost.PriceRegion)
		}
	}
	return ""
}
