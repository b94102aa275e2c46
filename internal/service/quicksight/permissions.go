package quicksight

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/plan"
)

// PermissionsAPI reads and sets who may use a data source or dataset.
type PermissionsAPI interface {
	DescribeDataSourcePermissions(ctx context.Context, in *quicksight.DescribeDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSourcePermissionsOutput, error)
	UpdateDataSourcePermissions(ctx context.Context, in *quicksight.UpdateDataSourcePermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSourcePermissionsOutput, error)
	DescribeDataSetPermissions(ctx context.Context, in *quicksight.DescribeDataSetPermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.DescribeDataSetPermissionsOutput, error)
	UpdateDataSetPermissions(ctx context.Context, in *quicksight.UpdateDataSetPermissionsInput, optFns ...func(*quicksight.Options)) (*quicksight.UpdateDataSetPermissionsOutput, error)
}

// grants is one resource's permissions as wireup compares them: each
// principal's actions, sorted.
type grants map[string][]string

func grantsOf(ps []qstypes.ResourcePermission) grants {
	g := grants{}
	for _, p := range ps {
		pr := aws.ToString(p.Principal)
		g[pr] = append(g[pr], p.Actions...)
	}
	for pr := range g {
		slices.Sort(g[pr])
		g[pr] = slices.Compact(g[pr])
	}
	return g
}

// permissionsDiff says how the permissions got differ from the plan's:
// the owner holds exactly want and nobody else holds anything. Empty
// when they match. QuickSight documents the permissions as the resource's
// whole access list (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_ResourcePermission.html),
// so a principal added by hand, or an owner's action taken away, is a
// change made outside wireup.
func permissionsDiff(owner string, want []string, got grants) string {
	var diffs []string
	have := got[owner]
	var missing, extra []string
	for _, a := range want {
		if !slices.Contains(have, a) {
			missing = append(missing, a)
		}
	}
	for _, a := range have {
		if !slices.Contains(want, a) {
			extra = append(extra, a)
		}
	}
	switch {
	case len(have) == 0:
		diffs = append(diffs, fmt.Sprintf("owner %s has no permissions", owner))
	case len(missing) > 0:
		diffs = append(diffs, fmt.Sprintf("owner %s lacks %s", owner, strings.Join(missing, ", ")))
	}
	if len(extra) > 0 {
		diffs = append(diffs, fmt.Sprintf("owner %s also has %s", owner, strings.Join(extra, ", ")))
	}
	var others []string
	for pr := range got {
		if pr != owner {
			others = append(others, pr)
		}
	}
	slices.Sort(others)
	for _, pr := range others {
		diffs = append(diffs, fmt.Sprintf("also granted to %s (%s)", pr, strings.Join(got[pr], ", ")))
	}
	if len(diffs) == 0 {
		return ""
	}
	return "permissions changed outside wireup: " + strings.Join(diffs, "; ")
}

// revocations are what to take away so that only the owner's planned
// actions remain: every other principal's actions and the owner's extras.
func revocations(owner string, want []string, got grants) []qstypes.ResourcePermission {
	var out []qstypes.ResourcePermission
	prs := make([]string, 0, len(got))
	for pr := range got {
		prs = append(prs, pr)
	}
	slices.Sort(prs)
	for _, pr := range prs {
		acts := got[pr]
		if pr == owner {
			acts = slices.DeleteFunc(slices.Clone(acts), func(a string) bool { return slices.Contains(want, a) })
		}
		if len(acts) > 0 {
			out = append(out, qstypes.ResourcePermission{Principal: aws.String(pr), Actions: acts})
		}
	}
	return out
}

// restore puts the permissions of what (cur) back to the plan's: it
// grants the owner its actions and, first and in a call of its own (a
// principal in both lists of one call is ambiguous), revokes everything
// else: update takes the grants and the revocations.
func restore(what, owner string, want []string, cur []qstypes.ResourcePermission, update func(grant, revoke []qstypes.ResourcePermission) error) error {
	var err error
	if rv := revocations(owner, want, grantsOf(cur)); len(rv) > 0 {
		err = update(nil, rv)
	}
	if err == nil {
		err = update(permissions(owner, want), nil)
	}
	if err != nil {
		return fmt.Errorf("put back the permissions of %s (owner %s): %w", what, owner, err)
	}
	return nil
}

// restorePermissions puts a data source's permissions back to the plan's:
// the owner's actions granted, everything else revoked.
func (d *DataSource) restorePermissions(ctx context.Context, p *plan.Plan, id, owner string) error {
	cur, err := d.c.DescribeDataSourcePermissions(ctx, &quicksight.DescribeDataSourcePermissionsInput{AwsAccountId: account(p), DataSourceId: aws.String(id)})
	if err != nil {
		return opaque("read the permissions of QuickSight data source "+id, err)
	}
	return restore("QuickSight data source "+id, owner, DataSourceOwnerActions, cur.Permissions, func(grant, revoke []qstypes.ResourcePermission) error {
		_, err := d.c.UpdateDataSourcePermissions(ctx, &quicksight.UpdateDataSourcePermissionsInput{AwsAccountId: account(p), DataSourceId: aws.String(id),
			GrantPermissions: grant, RevokePermissions: revoke})
		return err
	})
}

// restorePermissions puts a dataset's permissions back to the plan's.
func (d *DataSet) restorePermissions(ctx context.Context, p *plan.Plan, id, owner string) error {
	cur, err := d.c.DescribeDataSetPermissions(ctx, &quicksight.DescribeDataSetPermissionsInput{AwsAccountId: account(p), DataSetId: aws.String(id)})
	if err != nil {
		return opaque("read the permissions of QuickSight dataset "+id, err)
	}
	return restore("QuickSight dataset "+id, owner, DataSetOwnerActions, cur.Permissions, func(grant, revoke []qstypes.ResourcePermission) error {
		_, err := d.c.UpdateDataSetPermissions(ctx, &quicksight.UpdateDataSetPermissionsInput{AwsAccountId: account(p), DataSetId: aws.String(id),
			GrantPermissions: grant, RevokePermissions: revoke})
		return err
	})
}
