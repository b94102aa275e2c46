package redshiftserverless

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	sltypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TagsAPI reads a serverless resource's tags by its ARN.
type TagsAPI interface {
	ListTagsForResource(ctx context.Context, in *redshiftserverless.ListTagsForResourceInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.ListTagsForResourceOutput, error)
}

func serverlessTags(p *plan.Plan) []sltypes.Tag {
	var out []sltypes.Tag
	for _, t := range p.Tags {
		out = append(out, sltypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	return out
}

func slTag(t sltypes.Tag) (*string, *string) { return t.Key, t.Value }

// tagsOf reads the tags of the resource at arn.
func tagsOf(ctx context.Context, c TagsAPI, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &redshiftserverless.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return service.TagsOf(out.Tags, slTag), nil
}

// owned checks an existing resource found by name is the project's.
func owned(ctx context.Context, c TagsAPI, req *service.Request, what, arn, field string) error {
	if req.Recorded {
		return nil
	}
	tags, err := tagsOf(ctx, c, arn)
	if err != nil {
		return fmt.Errorf("read tags of %s: %w", what, err)
	}
	if !req.Owns(tags) {
		return fmt.Errorf("create %s: it exists in this account and is not tagged %s=%s: %w. Rename %s in wireup.yaml",
			what, plan.TagProject, req.Plan.Project, service.ErrNameTaken, field)
	}
	return nil
}

// refuse stops a serverless create on a target without Redshift
// Serverless, with the reason and what to do instead.
func refuse(env service.Env, what string) error {
	if ok, why := Serverless(env.Target); !ok {
		return fmt.Errorf("create %s: %s", what, why)
	}
	return nil
}

// createError says what to do about a failed create: a quota is the
// account's, not the project's.
func createError(what string, err error) error {
	if service.ErrorCode(err) == "ValidationException" && strings.Contains(strings.ToLower(service.ErrorMessage(err)), "subnet") {
		return fmt.Errorf("create %s: %w. wireup creates no network: the workgroup goes into the account's default VPC, which must exist with subnets in three Availability Zones (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-known-issues.html)", what, err)
	}
	if service.ErrorCode(err) == codeQuota {
		return fmt.Errorf("create %s: %w. The account's Redshift Serverless quota is reached: delete an unused namespace or workgroup, or request an increase in Service Quotas", what, err)
	}
	return fmt.Errorf("create %s: %w", what, err)
}

// untilGone waits until get finds nothing (ResourceNotFoundException).
func untilGone(ctx context.Context, wait time.Duration, what string, get func() error) error {
	return service.Poll(ctx, wait, "wait for "+what+" to be deleted", func() (bool, error) {
		err := get()
		if service.ErrorCode(err) == codeNotFound {
			return true, nil
		}
		return false, err
	})
}

// deleteAndWait calls del, again while Redshift Serverless answers
// ConflictException (the resource is still creating or modifying, or a
// workgroup still holds the namespace), and then waits until get finds
// nothing.
func deleteAndWait(ctx context.Context, wait time.Duration, what string, del, get func() error) error {
	err := service.Poll(ctx, wait, "delete "+what, func() (bool, error) {
		switch err := del(); service.ErrorCode(err) {
		case "", codeNotFound:
			return true, nil
		case codeConflict:
			return false, nil
		default:
			return false, err
		}
	})
	if err != nil {
		return err
	}
	return untilGone(ctx, wait, what, get)
}

// existsBy is Exists for a serverless read.
func existsBy(err error) (bool, error) {
	if service.ErrorCode(err) == codeNotFound {
		return false, nil
	}
	return service.Exists(err)
}

// stillCreating adds to a wait that ran out what the next deploy does.
func stillCreating(err error) error {
	if err == nil || !strings.Contains(err.Error(), "not ready after") {
		return err
	}
	return fmt.Errorf("%w: run `wireup deploy` again and it waits for the same resource instead of creating another", err)
}
