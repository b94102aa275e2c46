package logs

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// LogGroupAPI is the part of the CloudWatch Logs client the log group kind
// uses.
type LogGroupAPI interface {
	CreateLogGroup(ctx context.Context, in *cloudwatchlogs.CreateLogGroupInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogGroupOutput, error)
	PutRetentionPolicy(ctx context.Context, in *cloudwatchlogs.PutRetentionPolicyInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutRetentionPolicyOutput, error)
	DescribeLogGroups(ctx context.Context, in *cloudwatchlogs.DescribeLogGroupsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error)
	ListTagsForResource(ctx context.Context, in *cloudwatchlogs.ListTagsForResourceInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.ListTagsForResourceOutput, error)
	DeleteLogGroup(ctx context.Context, in *cloudwatchlogs.DeleteLogGroupInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DeleteLogGroupOutput, error)
	CreateLogStream(ctx context.Context, in *cloudwatchlogs.CreateLogStreamInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogStreamOutput, error)
}

// LogGroup is the logs.log-group kind: a log group with a retention
// period, tagged as the project's, and the log streams the plan names
// (logStreams, comma-separated: a service that writes with a role limited
// to one stream, as Firehose's error logging does, cannot create it). A group of that name that is not the
// project's is never adopted, so destroy deletes only what wireup created.
type LogGroup struct{ c LogGroupAPI }

// NewLogGroup returns the log group kind on c.
func NewLogGroup(c LogGroupAPI) *LogGroup { return &LogGroup{c: c} }

var (
	_ service.Lister = (*LogGroup)(nil)
	_ service.Typed  = (*LogGroup)(nil)
)

// LogGroupSettings are the log group's planned settings.
type LogGroupSettings struct {
	RetentionDays int32    `setting:"retentionDays"`
	LogStreams    []string `setting:"logStreams"`
}

// NewSettings implements service.Typed.
func (*LogGroup) NewSettings() any { return &LogGroupSettings{} }

// Kind implements service.Provider.
func (*LogGroup) Kind() plan.Kind { return plan.KindLogGroup }

// Always implements service.Lister: log groups are listed only when the
// plan has one.
func (*LogGroup) Always() bool { return false }

// Ensure implements service.Provider.
func (g *LogGroup) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	var set LogGroupSettings
	if err := service.Decode(req.Inputs, &set); err != nil {
		return nil, fmt.Errorf("log group %s: %w", r.Name, err)
	}
	name := aws.String(r.Name)
	_, err := g.c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: name, Tags: service.TagMap(p)})
	switch {
	case err == nil:
		req.Created(map[string]string{"name": r.Name})
	case service.ErrorCode(err) == "ResourceAlreadyExistsException":
		lg, err := g.find(ctx, r.Name)
		if err != nil {
			return nil, fmt.Errorf("read existing log group %s: %w", r.Name, err)
		}
		if lg == nil {
			return nil, fmt.Errorf("create log group: CloudWatch Logs says %s exists but does not list it; run the deploy again", r.Name)
		}
		tags, err := g.tags(ctx, lg)
		if err != nil {
			return nil, fmt.Errorf("read tags of log group %s: %w", r.Name, err)
		}
		if !req.Owns(tags) {
			return nil, fmt.Errorf("create log group: %s exists and is not tagged %s=%s: %w. Rename logs.logGroup in wireup.yaml", r.Name, plan.TagProject, p.Project, service.ErrNameTaken)
		}
	default:
		return nil, fmt.Errorf("create log group: %w", err)
	}
	if days := set.RetentionDays; days > 0 {
		if _, err := g.c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: name, RetentionInDays: aws.Int32(days)}); err != nil {
			return nil, fmt.Errorf("set retention of log group %s: %w", r.Name, err)
		}
	}
	for _, st := range set.LogStreams {
		if st == "" {
			continue
		}
		_, err := g.c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: name, LogStreamName: aws.String(st)})
		if err != nil && service.ErrorCode(err) != "ResourceAlreadyExistsException" {
			return nil, fmt.Errorf("create log stream %s in log group %s: %w", st, r.Name, err)
		}
	}
	lg, err := g.find(ctx, r.Name)
	if err != nil {
		return nil, fmt.Errorf("read log group %s: %w", r.Name, err)
	}
	if lg == nil {
		return nil, fmt.Errorf("log group %s: created, but DescribeLogGroups does not list it", r.Name)
	}
	return map[string]string{"name": r.Name, "arn": groupARN(lg)}, nil
}

// groupARN is a log group's ARN without the ":*" DescribeLogGroups appends
// to Arn: the form subscription filters, tags and aws:SourceArn use.
func groupARN(lg *cwltypes.LogGroup) string {
	if a := aws.ToString(lg.LogGroupArn); a != "" {
		return a
	}
	return strings.TrimSuffix(aws.ToString(lg.Arn), ":*")
}

// find returns the log group named name, or nil. DescribeLogGroups
// matches by prefix, so it pages until the exact name.
func (g *LogGroup) find(ctx context.Context, name string) (*cwltypes.LogGroup, error) {
	pg := cloudwatchlogs.NewDescribeLogGroupsPaginator(g.c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	return first(ctx, pg, func(o *cloudwatchlogs.DescribeLogGroupsOutput) []cwltypes.LogGroup { return o.LogGroups },
		func(lg *cwltypes.LogGroup) bool { return aws.ToString(lg.LogGroupName) == name })
}

func (g *LogGroup) tags(ctx context.Context, lg *cwltypes.LogGroup) (map[string]string, error) {
	out, err := g.c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(groupARN(lg))})
	if err != nil {
		return nil, err
	}
	return out.Tags, nil
}

// Exists implements service.Provider.
func (g *LogGroup) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	lg, err := g.find(ctx, rec.Name)
	if err != nil {
		return service.Exists(err)
	}
	return lg != nil, nil
}

// Drift implements service.Provider: a retention shortened by hand loses
// events sooner than the spec says.
func (g *LogGroup) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	if r.Settings["retentionDays"] == "" {
		return "", nil
	}
	var set LogGroupSettings
	if err := service.Decode(r.Settings, &set); err != nil {
		return "", fmt.Errorf("log group %s: %w", r.Name, err)
	}
	lg, err := g.find(ctx, rec.Name)
	if err != nil || lg == nil {
		return "", err
	}
	if days := aws.ToInt32(lg.RetentionInDays); days != set.RetentionDays {
		got := strconv.Itoa(int(days))
		if lg.RetentionInDays == nil {
			got = "never expire"
		}
		return fmt.Sprintf("retention is %s days, the plan says %d", got, set.RetentionDays), nil
	}
	return "", nil
}

// Delete implements service.Provider. Deleting a group deletes its log
// streams and subscription filters with it.
func (g *LogGroup) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := g.c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(rec.Name)})
	return err
}

// List implements service.Lister: the groups under the default prefix
// /wireup/PROJECT and under each log group name the plan holds.
func (g *LogGroup) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	prefixes := []string{"/wireup/" + p.Project}
	for _, r := range p.Resources {
		if r.Kind == plan.KindLogGroup && !slices.Contains(prefixes, r.Name) {
			prefixes = append(prefixes, r.Name)
		}
	}
	seen := map[string]bool{}
	var out []service.Listed
	for _, pre := range prefixes {
		pg := cloudwatchlogs.NewDescribeLogGroupsPaginator(g.c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(pre)})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for i := range page.LogGroups {
				lg := page.LogGroups[i]
				n := aws.ToString(lg.LogGroupName)
				if seen[n] {
					continue
				}
				seen[n] = true
				out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": groupARN(&lg)},
					Tags: func(ctx context.Context) (map[string]string, error) { return g.tags(ctx, &lg) }})
			}
		}
	}
	return out, nil
}
