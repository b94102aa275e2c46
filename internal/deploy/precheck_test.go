package deploy

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
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

// typedKind is the fake kind whose settings are a struct.
type typedKind struct{ *fakeKind }

type typedSettings struct {
	Size int32 `setting:"size"`
}

func (typedKind) NewSettings() any { return &typedSettings{} }

// A planned setting that does not parse into its kind's struct stops the
// deploy before anything is created, naming the resource and the setting;
// one that parses deploys.
func TestUnparsableSettingStopsBeforeAnythingIsCreated(t *testing.T) {
	for _, tt := range []struct {
		size    string
		want    string
		created int
	}{{"abc", `fake.kind demo-c: setting size = "abc" is not a whole number`, 0}, {"64", "", 3}} {
		t.Run(tt.size, func(t *testing.T) {
			k := typedKind{&fakeKind{kind: "fake.kind", recorded: map[string]bool{}}}
			kinds, err := service.NewKinds([]service.Provider{k})
			if err != nil {
				t.Fatal(err)
			}
			e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
			p := fakePlan()
			p.Resources[2].Settings = map[string]string{"size": tt.size}
			_, err = e.Apply(context.Background(), p)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("apply = %v, want %q", err, tt.want)
			}
			if len(k.log) != tt.created {
				t.Errorf("provider calls %v, want %d ensures", k.log, tt.created)
			}
		})
	}
}

// typedCheckingKind is a typed kind with a prerequisite outside the plan.
type typedCheckingKind struct{ *checkingKind }

func (typedCheckingKind) NewSettings() any { return &typedSettings{} }

// A setting that does not parse is reported before any Precheck asks the
// target anything.
func TestSettingsAreDecodedBeforePrechecks(t *testing.T) {
	k := typedCheckingKind{&checkingKind{fakeKind: &fakeKind{kind: "fake.kind", recorded: map[string]bool{}}}}
	kinds, err := service.NewKinds([]service.Provider{k})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile)}
	p := fakePlan()
	p.Resources[0].Settings = map[string]string{"size": "big"}
	if _, err := e.Apply(context.Background(), p); err == nil || !strings.Contains(err.Error(), `setting size = "big"`) {
		t.Fatalf("apply = %v, want the unparsable setting", err)
	}
	if k.checks != 0 || len(k.log) != 0 {
		t.Errorf("Precheck ran %d times and the provider was called %v before the bad setting was reported", k.checks, k.log)
	}
}
