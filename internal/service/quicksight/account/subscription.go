package account

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// API is the part of the QuickSight client the account check uses.
type API interface {
	DescribeAccountSubscription(ctx context.Context, in *quicksight.DescribeAccountSubscriptionInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeAccountSubscriptionOutput, error)
	DescribeUser(ctx context.Context, in *quicksight.DescribeUserInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeUserOutput, error)
	DescribeGroup(ctx context.Context, in *quicksight.DescribeGroupInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeGroupOutput, error)
}

// ErrNoSubscription is the account without a QuickSight subscription (or
// one that is not usable yet): deploy stops before creating anything.
var ErrNoSubscription = errors.New("no usable QuickSight subscription")

// ErrNoPrincipal is a spec whose quicksight.principal is not set or names
// no QuickSight user or group.
var ErrNoPrincipal = errors.New("no QuickSight principal")

// subscribed is the status DescribeAccountSubscription reports for a
// usable account
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_AccountInfo.html).
const subscribed = "ACCOUNT_CREATED"

// CheckSubscription returns nil when the account of p has a usable
// QuickSight subscription, and otherwise an error saying what to do.
// AWS answers an account that never subscribed with
// ResourceNotFoundException, and a caller QuickSight does not know (an
// account without QuickSight, or an identity without the permission)
// with AccessDeniedException.
func CheckSubscription(ctx context.Context, c API, p *plan.Plan) error {
	acct := p.Env.AccountID
	out, err := c.DescribeAccountSubscription(ctx, &quicksight.DescribeAccountSubscriptionInput{AwsAccountId: ID(p)})
	switch {
	case err == nil:
	case service.ErrorCode(err) == "ResourceNotFoundException":
		return fmt.Errorf("account %s has no QuickSight subscription: %w. Sign up in the console (%s; an account subscription is billed per user and is yours, not the project's), then deploy again; nothing was created", acct, ErrNoSubscription, SignUpURL)
	case service.ErrorCode(err) == "AccessDeniedException":
		return fmt.Errorf("QuickSight refused DescribeAccountSubscription for account %s (%s): %w. Either the account has not signed up (%s) or your identity lacks quicksight:DescribeAccountSubscription; nothing was created", acct, service.ErrorMessage(err), ErrNoSubscription, SignUpURL)
	case service.ErrorCode(err) == "" && service.HTTPStatus(err) != 0:
		return fmt.Errorf("the target answers DescribeAccountSubscription with HTTP %d and no QuickSight error: it has no QuickSight account API, so wireup cannot check the subscription (%w); nothing was created", service.HTTPStatus(err), ErrNoSubscription)
	default:
		return fmt.Errorf("check the QuickSight subscription of account %s: %w; nothing was created", acct, err)
	}
	if out.AccountInfo == nil {
		return fmt.Errorf("account %s: DescribeAccountSubscription returned no account: %w", acct, ErrNoSubscription)
	}
	if st := aws.ToString(out.AccountInfo.AccountSubscriptionStatus); st != subscribed {
		return fmt.Errorf("account %s's QuickSight subscription is %s, not %s: %w. Finish the sign-up (%s), then deploy again; nothing was created", acct, st, subscribed, ErrNoSubscription, SignUpURL)
	}
	return nil
}

// Principal is the QuickSight user or group that owns the project's data
// source and dataset.
type Principal struct {
	User, Group, Namespace string
}

// String is how the principal is named in messages.
func (p Principal) String() string {
	if p.Group != "" {
		return fmt.Sprintf("group %s (namespace %s)", p.Group, p.Namespace)
	}
	return fmt.Sprintf("user %s (namespace %s)", p.User, p.Namespace)
}

// PrincipalSettings are the owner's settings every QuickSight kind reads
// (PrincipalOf), added to into.
func PrincipalSettings(q *spec.QuickSight, into map[string]string) map[string]string {
	into["principalUser"], into["principalGroup"], into["namespace"] = q.Principal.User, q.Principal.Group, q.Principal.Namespace
	return into
}

// PrincipalOf reads the principal from a resource's inputs.
func PrincipalOf(in map[string]string) Principal {
	return Principal{User: in["principalUser"], Group: in["principalGroup"], Namespace: in["namespace"]}
}

// PrincipalARN looks the principal up and returns its ARN, as QuickSight
// reports it (a user's ARN is in the account's identity Region, which may
// not be the deploy Region). An unknown principal says where to find the
// names.
func PrincipalARN(ctx context.Context, c API, p *plan.Plan, pr Principal) (string, error) {
	if pr.User == "" && pr.Group == "" {
		return "", fmt.Errorf("%w: set quicksight.principal.user (or .group) in wireup.yaml to the QuickSight user or group who owns the data source and dataset (Manage QuickSight → Manage users, %s)", ErrNoPrincipal, UsersURL)
	}
	describe := func(optFns ...func(*quicksight.Options)) (*string, error) {
		if pr.Group != "" {
			out, err := c.DescribeGroup(ctx, &quicksight.DescribeGroupInput{AwsAccountId: ID(p), Namespace: aws.String(pr.Namespace), GroupName: aws.String(pr.Group)}, optFns...)
			if err != nil || out.Group == nil {
				return nil, err
			}
			return out.Group.Arn, nil
		}
		out, err := c.DescribeUser(ctx, &quicksight.DescribeUserInput{AwsAccountId: ID(p), Namespace: aws.String(pr.Namespace), UserName: aws.String(pr.User)}, optFns...)
		if err != nil || out.User == nil {
			return nil, err
		}
		return out.User.Arn, nil
	}
	a, err := describe()
	if r := identityRegion(err); r != "" {
		// QuickSight manages users and groups in the account's identity
		// Region only, and its error names that Region.
		a, err = describe(func(o *quicksight.Options) { o.Region = r })
	}
	switch {
	case NotFound(err):
		return "", fmt.Errorf("%w: QuickSight has no %s in account %s. Fix quicksight.principal in wireup.yaml (Manage QuickSight → Manage users, %s)", ErrNoPrincipal, pr, p.Env.AccountID, UsersURL)
	case err != nil:
		return "", fmt.Errorf("look up QuickSight %s: %w", pr, err)
	case aws.ToString(a) == "":
		return "", fmt.Errorf("look up QuickSight %s: QuickSight returned no ARN", pr)
	}
	return aws.ToString(a), nil
}

// identityRegionRe finds the Region QuickSight names when a user or group
// call reaches another one: "Operation is being called from endpoint
// eu-west-1, but your identity region is us-east-1. Please use the
// us-east-1 endpoint."
var identityRegionRe = regexp.MustCompile(`identity region is ([a-z]{2}(?:-[a-z]+)+-[0-9]+)`)

func identityRegion(err error) string {
	if err == nil || service.ErrorCode(err) != "AccessDeniedException" {
		return ""
	}
	if m := identityRegionRe.FindStringSubmatch(service.ErrorMessage(err)); m != nil {
		return m[1]
	}
	return ""
}
