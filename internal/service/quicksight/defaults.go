package quicksight

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what keeps the data source and dataset private and cheap.
func Defaults(s *spec.Spec) []service.Default {
	q := s.QuickSight
	var out []service.Default
	if q.DataSet != "" {
		out = append(out, service.Default{Setting: "quicksight.importMode", Value: q.ImportMode,
			What: "the dataset queries Athena when it is opened instead of copying the table into SPICE, which bills capacity per GB",
			Doc:  "https://docs.aws.amazon.com/quicksight/latest/user/spice.html"})
	}
	return append(out, []service.Default{
		{Setting: "", Value: "SSL on",
			What: "QuickSight connects to Athena over TLS",
			Doc:  "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_SslProperties.html"},
		{Setting: "quicksight.role", Value: fmt.Sprintf("%s, this data source only", q.Role),
			What: "QuickSight queries Athena as a role scoped to the project's workgroup, table and buckets, not as its account-wide service role",
			Doc:  RoleOverrideURL},
		{Setting: "quicksight.principal", Value: principalText(q),
			What: "only this QuickSight user or group owns the data source and dataset; nobody else in QuickSight sees them until they are shared",
			Doc:  "https://docs.aws.amazon.com/quicksight/latest/user/sharing-data-sets.html"},
	}...)
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
