package account

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TagAPI reads a QuickSight resource's tags.
type TagAPI interface {
	ListTagsForResource(ctx context.Context, in *quicksight.ListTagsForResourceInput, optFns ...func(*quicksight.Options)) (*quicksight.ListTagsForResourceOutput, error)
}

// ListAPI is the part of the QuickSight client the listings use.
type ListAPI interface {
	TagAPI
	quicksight.ListDataSourcesAPIClient
	quicksight.ListDataSetsAPIClient
}

// Tags are the plan's tags as QuickSight takes them.
func Tags(p *plan.Plan) []qstypes.Tag {
	return service.TagList(p, func(k, v *string) qstypes.Tag { return qstypes.Tag{Key: k, Value: v} })
}

func qsTag(t qstypes.Tag) (*string, *string) { return t.Key, t.Value }

// TagsOf picks the tags from a ListTagsForResource answer.
func TagsOf(out *quicksight.ListTagsForResourceOutput) map[string]string {
	return service.TagsOf(out.Tags, qsTag)
}

// unlistable reports a listing the target cannot answer in QuickSight's
// shape: a body the SDK cannot decode (moto's ListDataSources writes
// timestamps as strings) or an HTTP error without a QuickSight error code
// (moto's ListDataSets answers an HTML 500; kumo has no QuickSight). AWS
// always names its error (X-Amzn-ErrorType), so on AWS nothing is
// swallowed. What the state records is still deleted by name there; only
// unrecorded resources go unseen.
func unlistable(err error) bool {
	var de *smithy.DeserializationError
	return errors.As(err, &de) || (service.ErrorCode(err) == "" && service.HTTPStatus(err) != 0)
}

// listed is one resource of a listing, its tags read when asked.
func listed(c TagAPI, id, a string) service.Listed {
	return service.Listed{Name: id, Outputs: map[string]string{"id": id, "arn": a}, Tags: func(ctx context.Context) (map[string]string, error) {
		tg, err := c.ListTagsForResource(ctx, &quicksight.ListTagsForResourceInput{ResourceArn: aws.String(a)})
		if err != nil {
			return nil, err
		}
		return TagsOf(tg), nil
	}}
}

// listable is what a listing collected: all of it, or what came before a
// page the target could not answer (unlistable); nothing on another error.
func listable(out []service.Listed, err error) ([]service.Listed, error) {
	switch {
	case unlistable(err):
		return out, nil
	case err != nil:
		return nil, err
	}
	return out, nil
}

// ListDataSources is every data source of the plan's account.
func ListDataSources(ctx context.Context, c ListAPI, p *plan.Plan) ([]service.Listed, error) {
	pg := quicksight.NewListDataSourcesPaginator(c, &quicksight.ListDataSourcesInput{AwsAccountId: ID(p)})
	return listable(service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *quicksight.ListDataSourcesOutput) (out []service.Listed) {
		for _, ds := range page.DataSources {
			out = append(out, listed(c, aws.ToString(ds.DataSourceId), aws.ToString(ds.Arn)))
		}
		return out
	}))
}

// ListDataSets is every dataset of the plan's account.
func ListDataSets(ctx context.Context, c ListAPI, p *plan.Plan) ([]service.Listed, error) {
	pg := quicksight.NewListDataSetsPaginator(c, &quicksight.ListDataSetsInput{AwsAccountId: ID(p)})
	return listable(service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *quicksight.ListDataSetsOutput) (out []service.Listed) {
		for _, ds := range page.DataSetSummaries {
			out = append(out, listed(c, aws.ToString(ds.DataSetId), aws.ToString(ds.Arn)))
		}
		return out
	}))
}
