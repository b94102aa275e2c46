package logs

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// SubscriptionFilterAPI is the part of the CloudWatch Logs client the
// subscription filter kind uses.
type SubscriptionFilterAPI interface {
	PutSubscriptionFilter(ctx context.Context, in *cloudwatchlogs.PutSubscriptionFilterInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutSubscriptionFilterOutput, error)
	DescribeSubscriptionFilters(ctx context.Context, in *cloudwatchlogs.DescribeSubscriptionFiltersInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeSubscriptionFiltersOutput, error)
	DeleteSubscriptionFilter(ctx context.Context, in *cloudwatchlogs.DeleteSubscriptionFilterInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DeleteSubscriptionFilterOutput, error)
}

// SubscriptionFilter is the logs.subscription-filter kind: the filter that
// sends a log group's events to a Kinesis stream, a Firehose delivery
// stream or a Lambda function. PutSubscriptionFilter creates or replaces
// the filter of that name, so Ensure is the same call every time.
type SubscriptionFilter struct{ c SubscriptionFilterAPI }

// NewSubscriptionFilter returns the subscription filter kind on c.
func NewSubscriptionFilter(c SubscriptionFilterAPI) *SubscriptionFilter {
	return &SubscriptionFilter{c: c}
}

var _ service.Typed = (*SubscriptionFilter)(nil)

// SubscriptionFilterSettings are the filter's planned settings and the
// references resolved at apply.
type SubscriptionFilterSettings struct {
	LogGroupName   string `setting:"logGroupName"`
	FilterPattern  string `setting:"filterPattern"`
	DestinationArn string `setting:"destinationArn"`
	RoleArn        string `setting:"roleArn"`
	Distribution   string `setting:"distribution"`
}

// NewSettings implements service.Typed.
func (*SubscriptionFilter) NewSettings() any { return &SubscriptionFilterSettings{} }

// Kind implements service.Provider.
func (*SubscriptionFilter) Kind() plan.Kind { return plan.KindSubscriptionFilter }

// propagating recognises CloudWatch Logs refusing a filter because it
// cannot reach the destination yet: it checks the destination with the
// role when the filter is put, and a role (or a Lambda permission) just
// created is not visible to it for some seconds. It answers
// InvalidParameterException ("Could not deliver test message to specified
// destination")
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).
func propagating(err error) bool { return service.ErrorCode(err) == "InvalidParameterException" }

// Ensure implements service.Provider.
func (f *SubscriptionFilter) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	in, err := service.DecodeFor[SubscriptionFilterSettings](plan.KindSubscriptionFilter, req.Resource.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	put := &cloudwatchlogs.PutSubscriptionFilterInput{
		LogGroupName: aws.String(in.LogGroupName), FilterName: aws.String(req.Resource.Name),
		FilterPattern: aws.String(in.FilterPattern), DestinationArn: aws.String(in.DestinationArn),
	}
	if r := in.RoleArn; r != "" {
		put.RoleArn = aws.String(r)
	}
	if d := in.Distribution; d != "" {
		put.Distribution = cwltypes.Distribution(d)
	}
	err = req.Do(ctx, propagating, func() error {
		_, err := f.c.PutSubscriptionFilter(ctx, put)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("put subscription filter %s on log group %s: %w", req.Resource.Name, in.LogGroupName, err)
	}
	out := map[string]string{"logGroupName": in.LogGroupName, "filterName": req.Resource.Name}
	req.Created(out)
	return out, nil
}

// find returns the filter rec names, or nil.
func (f *SubscriptionFilter) find(ctx context.Context, rec *service.Record) (*cwltypes.SubscriptionFilter, error) {
	group, name := rec.Outputs["logGroupName"], rec.Outputs["filterName"]
	pg := cloudwatchlogs.NewDescribeSubscriptionFiltersPaginator(f.c, &cloudwatchlogs.DescribeSubscriptionFiltersInput{
		LogGroupName: aws.String(group), FilterNamePrefix: aws.String(name)})
	return first(ctx, pg, func(o *cloudwatchlogs.DescribeSubscriptionFiltersOutput) []cwltypes.SubscriptionFilter {
		return o.SubscriptionFilters
	},
		func(sf *cwltypes.SubscriptionFilter) bool { return aws.ToString(sf.FilterName) == name })
}

// Exists implements service.Provider. A filter whose log group is gone is
// gone with it.
func (f *SubscriptionFilter) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	sf, err := f.find(ctx, rec)
	if err != nil {
		return service.Exists(err)
	}
	return sf != nil, nil
}

// Drift implements service.Provider: a filter edited by hand to send the
// events elsewhere, or only some of them, no longer feeds the route.
func (f *SubscriptionFilter) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	in, err := service.DecodeFor[SubscriptionFilterSettings](plan.KindSubscriptionFilter, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	sf, err := f.find(ctx, rec)
	if err != nil || sf == nil {
		return "", err
	}
	var diffs service.Diffs
	if got, want := aws.ToString(sf.DestinationArn), in.DestinationArn; want != "" && got != want {
		diffs = append(diffs, fmt.Sprintf("sends to %s, the plan says %s", got, want))
	}
	if got, want := aws.ToString(sf.FilterPattern), in.FilterPattern; got != want {
		diffs = append(diffs, fmt.Sprintf("filter pattern is %q, the plan says %q", got, want))
	}
	return diffs.String(), nil
}

// Delete implements service.Provider.
func (f *SubscriptionFilter) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := f.c.DeleteSubscriptionFilter(ctx, &cloudwatchlogs.DeleteSubscriptionFilterInput{
		LogGroupName: aws.String(rec.Outputs["logGroupName"]), FilterName: aws.String(rec.Outputs["filterName"])})
	return err
}
