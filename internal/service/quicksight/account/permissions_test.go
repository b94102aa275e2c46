package account

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"
)

// Restore revokes every other principal's actions and the owner's extras
// in a call of its own, then grants the owner's planned actions; Drift
// names the same differences.
func TestAccessRestoreAndDrift(t *testing.T) {
	cur := []qstypes.ResourcePermission{
		{Principal: aws.String("owner"), Actions: []string{"b", "x"}},
		{Principal: aws.String("bob"), Actions: []string{"a"}},
	}
	var calls [][2][]qstypes.ResourcePermission
	a := Access{What: "QuickSight dataset d", Actions: []string{"a", "b"},
		Read: func() ([]qstypes.ResourcePermission, error) { return cur, nil },
		Update: func(grant, revoke []qstypes.ResourcePermission) error {
			calls = append(calls, [2][]qstypes.ResourcePermission{grant, revoke})
			return nil
		}}
	got, err := a.Drift("owner")
	for _, want := range []string{"owner owner lacks a", "owner owner also has x", "also granted to bob (a)"} {
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("Drift = %q, %v; want it to say %q", got, err, want)
		}
	}
	if err := a.Restore("owner"); err != nil || len(calls) != 2 {
		t.Fatalf("Restore = %v after %d calls, want revoke then grant", err, len(calls))
	}
	rv := calls[0][1]
	if len(calls[0][0]) != 0 || len(rv) != 2 || aws.ToString(rv[0].Principal) != "bob" || strings.Join(rv[1].Actions, ",") != "x" {
		t.Errorf("revoke call = %+v", calls[0])
	}
	if g := calls[1][0]; len(calls[1][1]) != 0 || len(g) != 1 || strings.Join(g[0].Actions, ",") != "a,b" {
		t.Errorf("grant call = %+v", calls[1])
	}
	a.Update = func(grant, revoke []qstypes.ResourcePermission) error { return errors.New("denied") }
	if err := a.Restore("owner"); err == nil || err.Error() != "put back the permissions of QuickSight dataset d (owner owner): denied" {
		t.Errorf("Restore with a refused update = %v", err)
	}
}
