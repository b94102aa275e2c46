package quicksight

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/connection"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what keeps the data source and dataset private and cheap.
func Defaults(s *spec.Spec) []service.Default {
	q := s.QuickSight
	warehouse := s.Redshift != nil && s.Has(redshiftHop)
	engine := "Athena"
	if warehouse {
		engine = "the warehouse"
	}
	var out []service.Default
	if q.DataSet != "" {
		out = append(out, service.Default{Setting: "quicksight.importMode", Value: q.ImportMode,
			What: "the dataset queries " + engine + " when it is opened instead of copying the table into SPICE, which bills capacity per GB",
			Doc:  "https://docs.aws.amazon.com/quicksight/latest/user/spice.html"})
	}
	out = append(out, service.Default{Setting: "", Value: "SSL on",
		What: "QuickSight connects to " + engine + " over TLS",
		Doc:  "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_SslProperties.html"})
	switch {
	case warehouse && s.Redshift.Provisioned():
		out = append(out, service.Default{Setting: "quicksight.role", Value: fmt.Sprintf("%s, database user %s", q.Role, q.DatabaseUser),
			What: "QuickSight signs in to the cluster with temporary IAM credentials for one database user that may only SELECT from the table, never a password",
			Doc:  RedshiftIAMURL})
	case warehouse:
		out = append(out, service.Default{Setting: "quicksight.secret", Value: fmt.Sprintf("%s, database user %s", q.Secret, q.DatabaseUser),
			What: "QuickSight signs in to the workgroup as a user of its own that may only SELECT from the table (its IAM sign-in is documented for clusters only), with a secret whose password deploy generates and never writes anywhere; only QuickSight's Secrets Manager role may read it",
			Doc:  SecretsURL})
	default:
		out = append(out, service.Default{Setting: "quicksight.role", Value: fmt.Sprintf("%s, this data source only", q.Role),
			What: "QuickSight queries Athena as a role scoped to the project's workgroup, table and buckets, not as its account-wide service role",
			Doc:  RoleOverrideURL})
	}
	if warehouse {
		v := q.VPCConnection
		if v == "" {
			v = "(not set: yours to create)"
		}
		out = append(out, service.Default{Setting: "quicksight.vpcConnection", Value: v,
			What: "the warehouse is not publicly accessible: QuickSight reaches it only through a VPC connection you create in its VPC; wireup creates none, and without one the data source fails to connect",
			Doc:  connection.VPCURL})
	}
	return append(out, service.Default{Setting: "quicksight.principal", Value: principalText(q),
		What: "only this QuickSight user or group owns the data source and dataset; nobody else in QuickSight sees them until they are shared",
		Doc:  "https://docs.aws.amazon.com/quicksight/latest/user/sharing-data-sets.html"})
}

func principalText(q *spec.QuickSight) string {
	switch {
	case q.Principal.Group != "":
		return "group " + q.Principal.Group
	case q.Principal.User != "":
		return "user " + q.Principal.User
	}
	return "(not set: deploy asks for it)"
}
