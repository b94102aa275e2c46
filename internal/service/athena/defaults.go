package athena

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what protects the workgroup wireup creates and what its
// queries cost.
func Defaults(s *spec.Spec) []service.Default {
	a := s.Athena
	return []service.Default{
		{Setting: "athena.resultsBucket", Value: fmt.Sprintf("s3://%s/%s, encrypted, enforced", a.ResultsBucket, a.ResultsPrefix),
			What: "every query writes its results there, encrypted, whatever the client asks (EnforceWorkGroupConfiguration)",
			Doc:  "https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html"},
		{Setting: "athena.resultsExpireDays", Value: fmt.Sprintf("%d days", a.ResultsExpireDays),
			What: "query results expire from the bucket by a lifecycle rule",
			Doc:  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"},
		{Setting: "athena.bytesScannedCutoffMiB", Value: fmt.Sprintf("%d MiB", a.BytesScannedCutoffMiB),
			What: "a query that would scan more is cancelled, which bounds its cost",
			Doc:  "https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html"},
	}
}
