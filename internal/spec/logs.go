package spec

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
	logGroupRe = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
)

// RetentionDays are the values PutRetentionPolicy accepts
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

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

// Retention checks a log group's retention in days.
func (v *Validator) Retention(field string, n int) {
	if slices.Contains(RetentionDays, n) {
		return
	}
	days := make([]string, len(RetentionDays))
	for i, d := range RetentionDays {
		days[i] = strconv.Itoa(d)
	}
	v.Add(field, strconv.Itoa(n), "must be one of "+strings.Join(days, ", ")+
		" (the values CloudWatch Logs retention takes, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html)")
}
