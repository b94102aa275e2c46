package logs

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

var filterNameRe = regexp.MustCompile(`^[^:*]+$`)

// SubscriptionFilterName checks a subscription filter name: 1-512
// characters, no ":" or "*"
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).
func SubscriptionFilterName(name string) error {
	if len(name) < 1 || len(name) > 512 || !filterNameRe.MatchString(name) || !utf8.ValidString(name) {
		return errors.New(`must be 1-512 characters without ":" or "*" (AWS CloudWatch Logs subscription filter name rules, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html)`)
	}
	return nil
}

// FilterPattern checks a subscription filter pattern: at most 1024
// characters; "" matches every log event
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
func FilterPattern(p string) error {
	if len(p) > 1024 || !utf8.ValidString(p) {
		return errors.New("must be at most 1024 characters of UTF-8 (AWS CloudWatch Logs filter pattern limit, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html)")
	}
	return nil
}

// logsRoleDestinations are the subscription destinations CloudWatch Logs
// puts into with a role; it invokes a Lambda function under the
// function's resource policy.
var logsRoleDestinations = map[string]bool{"kinesis": true, "firehose": true}

// SpecRule checks the spec's logs section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	l := v.Spec.Logs
	if l == nil {
		return
	}
	v.Name("logs.logGroup", l.LogGroup, spec.LogGroupName)
	v.Retention("logs.retentionDays", l.RetentionDays)
	v.Name("logs.filterName", l.FilterName, SubscriptionFilterName)
	v.Name("logs.filterPattern", l.FilterPattern, FilterPattern)
	// Nothing delivers into a log group: it is the route's source.
	to := ""
	if svcs := v.Spec.Services(v.Catalog); len(svcs) > 1 && svcs[0] == "cloudwatch-logs" {
		to = svcs[1]
	}
	switch {
	case to == "":
	case logsRoleDestinations[to]:
		v.Name("logs.role", l.Role, spec.RoleName)
	case l.Role != "":
		v.Add("logs.role", l.Role, fmt.Sprintf("must be empty: CloudWatch Logs invokes %s under its resource policy, without a role", to))
	}
}

// SpecDefault fills the logs section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["cloudwatch-logs"] {
		s.Logs = defaultLogs(n, c.Integration(s.Route[0]).To)
	}
}

// defaultLogs is the logs section of project n whose log group feeds to.
func defaultLogs(n, to string) *spec.Logs {
	l := &spec.Logs{LogGroup: "/wireup/" + n, RetentionDays: 7, FilterName: n}
	if logsRoleDestinations[to] {
		l.Role = n + "-logs"
	}
	return l
}
