package spec

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Logs is a CloudWatch Logs log group as a route's source, and the
// subscription filter that sends its events on to the next hop.
type Logs struct {
	LogGroup      string `yaml:"logGroup"`      // created by wireup, with the retention below
	RetentionDays int    `yaml:"retentionDays"` // one of the values PutRetentionPolicy takes
	FilterName    string `yaml:"filterName"`    // the subscription filter's name
	FilterPattern string `yaml:"filterPattern"` // "" sends every event
	// Role is the IAM role CloudWatch Logs assumes to put the events into
	// Kinesis or Firehose; a Lambda destination is invoked under the
	// function's resource policy instead, with no role.
	Role string `yaml:"role,omitempty"`
}

var (
	logGroupRe   = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
	filterNameRe = regexp.MustCompile(`^[^:*]+$`)
)

// retentionDays are the values PutRetentionPolicy accepts
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
var retentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogGroupName checks a CloudWatch Logs log group name: 1-512 characters
// of letters, digits and _ - / . #, not starting with "aws/", which AWS
// reserves
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
func LogGroupName(name string) error {
	if len(name) < 1 || len(name) > 512 || !logGroupRe.MatchString(name) {
		return errors.New("must be 1-512 characters of letters, digits and _ - / . # (AWS CloudWatch Logs log group name rules, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html)")
	}
	if strings.HasPrefix(name, "aws/") {
		return errors.New(`must not start with "aws/", which CloudWatch Logs reserves for AWS services (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html)`)
	}
	return nil
}

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

// defaultLogs is the logs section of project n whose log group feeds to.
func defaultLogs(n, to string) *Logs {
	l := &Logs{LogGroup: "/wireup/" + n, RetentionDays: 7, FilterName: n}
	if logsRoleDestinations[to] {
		l.Role = n + "-logs"
	}
	return l
}

// retention checks a log group's retention in days.
func (v *validator) retention(field string, n int) {
	if slices.Contains(retentionDays, n) {
		return
	}
	days := make([]string, len(retentionDays))
	for i, d := range retentionDays {
		days[i] = strconv.Itoa(d)
	}
	v.add(field, strconv.Itoa(n), "must be one of "+strings.Join(days, ", ")+
		" (the values CloudWatch Logs retention takes, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html)")
}

func (v *validator) logs() {
	l := v.s.Logs
	if l == nil {
		return
	}
	v.name("logs.logGroup", l.LogGroup, LogGroupName)
	v.retention("logs.retentionDays", l.RetentionDays)
	v.name("logs.filterName", l.FilterName, SubscriptionFilterName)
	v.name("logs.filterPattern", l.FilterPattern, FilterPattern)
	// Nothing delivers into a log group: it is the route's source.
	to := ""
	if svcs := v.s.Services(v.c); len(svcs) > 1 && svcs[0] == "cloudwatch-logs" {
		to = svcs[1]
	}
	switch {
	case to == "":
	case logsRoleDestinations[to]:
		v.name("logs.role", l.Role, RoleName)
	case l.Role != "":
		v.add("logs.role", l.Role, fmt.Sprintf("must be empty: CloudWatch Logs invokes %s under its resource policy, without a role", to))
	}
}
