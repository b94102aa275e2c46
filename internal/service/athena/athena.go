// Package athena is Amazon Athena for wireup: the workgroup (an enforced,
// encrypted results location and a per-query scan limit) and the named
// query resource kinds.
package athena

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Athena resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := athena.NewFromConfig(cfg)
	return []service.Provider{NewWorkGroup(c), NewNamedQuery(c)}
}

// ARN is a workgroup's ARN, which no Athena call returns; the form is
// documented at https://docs.aws.amazon.com/athena/latest/ug/workgroups-access.html.
func ARN(env plan.Env, name string) string {
	return arn.ARN{Partition: env.Partition, Service: "athena", Region: env.Region, AccountID: env.AccountID, Resource: "workgroup/" + name}.String()
}

// notFound recognises Athena's answer for a workgroup or named query that
// is not there: InvalidRequestException with a message saying so
// (https://docs.aws.amazon.com/athena/latest/APIReference/API_GetWorkGroup.html
// documents only InvalidRequestException and InternalServerException).
func notFound(err error) bool {
	if service.IsNotFound(err) {
		return true
	}
	msg := strings.ToLower(service.ErrorMessage(err))
	return service.ErrorCode(err) == "InvalidRequestException" && (strings.Contains(msg, "not found") || strings.Contains(msg, "does not exist"))
}

// exists is service.Exists for Athena.
func exists(err error) (bool, error) {
	if err != nil && notFound(err) {
		return false, nil
	}
	return service.Exists(err)
}
