package account

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"
)

// Permissions are the planned permissions of a resource: its owner's
// actions, and nobody else's.
func Permissions(principal string, actions []string) []qstypes.ResourcePermission {
	if principal == "" {
		return nil
	}
	return []qstypes.ResourcePermission{{Principal: aws.String(principal), Actions: actions}}
}

// Access is one data source's or dataset's permissions, read and set with
// its kind's own calls.
type Access struct {
	// What names the resource in messages ("QuickSight dataset ID").
	What string
	// Actions are the owner's planned actions.
	Actions []string
	// Read returns the resource's permissions; its error says what failed.
	Read func() ([]qstypes.ResourcePermission, error)
	// Update grants and revokes permissions.
	Update func(grant, revoke []qstypes.ResourcePermission) error
}

// Drift says how the resource's permissions differ from the plan's
// (permissionsDiff); empty when they match.
func (a Access) Drift(owner string) (string, error) {
	cur, err := a.Read()
	if err != nil {
		return "", err
	}
	return permissionsDiff(owner, a.Actions, grantsOf(cur)), nil
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

// Restore puts the resource's permissions back to the plan's: it grants
// the owner its actions and, first and in a call of its own (a principal
// in both lists of one call is ambiguous), revokes everything else.
func (a Access) Restore(owner string) error {
	cur, err := a.Read()
	if err != nil {
		return err
	}
	if rv := revocations(owner, a.Actions, grantsOf(cur)); len(rv) > 0 {
		err = a.Update(nil, rv)
	}
	if err == nil {
		err = a.Update(Permissions(owner, a.Actions), nil)
	}
	if err != nil {
		return fmt.Errorf("put back the permissions of %s (owner %s): %w", a.What, owner, err)
	}
	return nil
}
