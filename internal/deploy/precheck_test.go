package deploy

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// checkingKind is the fake kind with a prerequisite outside the plan.
type checkingKind struct {
	*fakeKind
	err    error
	checks int
}

func (k *checkingKind) Precheck(context.Context, service.Env, *plan.Plan) error {
	k.checks++
	return k.err
}

// A kind's Precheck runs once per deploy, before any resource of the plan
// is created; when it fails, nothing is created and the state records
// nothing.
func TestPrecheckStopsBeforeAnythingIsCreated(t *testing.T) {
	for _, tt := range []struct {
		name    string
		err     error
		created int
	}{{"fails", errors.New("no subscription"), 0}, {"passes", nil, 3}} {
		t.Run(tt.name, func(t *testing.T) {
			k := &checkingKind{fakeKind: &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}, err: tt.err}
			kinds, err := service.NewKinds([]service.Provider{k})
			if err != nil {
				t.Fatal(err)
			}
			e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
			res, err := e.Apply(context.Background(), fakePlan())
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("apply = %v, want %v", err, tt.err)
			}
			if k.checks != 1 {
				t.Errorf("Precheck ran %d times for 3 resources of one kind, want once", k.checks)
			}
			if len(k.log) != tt.created {
				t.Errorf("provider calls %v, want %d ensures", k.log, tt.created)
			}
			if res != nil && res.Counts.Created != tt.created {
				t.Errorf("created %d, want %d", res.Counts.Created, tt.created)
			}
			st, err := LoadState(e.StatePath)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(st.Resources); n != tt.created {
				t.Errorf("state records %d resources, want %d", n, tt.created)
			}
		})
	}
}
