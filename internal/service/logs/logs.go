// Package logs is Amazon CloudWatch Logs for wireup, the catalog's
// cloudwatch-logs service: the log group and the subscription filter
// resource kinds, the role CloudWatch Logs assumes to put a log group's
// events into Kinesis or Firehose, and verify's way in (PutLogEvents).
package logs

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/wireup/wireup/internal/service"
)

// Service is the catalog id of CloudWatch Logs.
const Service = "cloudwatch-logs"

// Kinds are the CloudWatch Logs resource kinds, on one client built from
// cfg.
func Kinds(cfg aws.Config) []service.Provider {
	c := cloudwatchlogs.NewFromConfig(cfg)
	return []service.Provider{NewLogGroup(c), NewSubscriptionFilter(c)}
}

// pager is a CloudWatch Logs paginator.
type pager[P any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*cloudwatchlogs.Options)) (P, error)
}

// first pages through pg until an item of a page matches, and returns it,
// or nil: the Describe calls match names by prefix.
func first[P, T any](ctx context.Context, pg pager[P], items func(P) []T, match func(*T) bool) (*T, error) {
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range items(page) {
			if match(&it) {
				return &it, nil
			}
		}
	}
	return nil, nil
}
