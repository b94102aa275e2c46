package registry

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// Every kind's settings are a Go struct (service.Typed), and every setting
// any planner writes, over every generatable hop, decodes into its kind's
// struct and has a field there: a planned setting a kind would ignore, or
// a value that would reach AWS as 0, fails here.
func TestPlannedSettingsAreTyped(t *testing.T) {
	kinds, err := Kinds(aws.Config{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	checked := map[plan.Kind]bool{}
	for _, in := range c.Integrations {
		if !in.Generate {
			continue
		}
		s := specWith(t, c, in)
		p, err := Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
		if err != nil {
			t.Fatalf("%s: %v", in.ID, err)
		}
		for _, r := range p.Resources {
			prov, err := kinds.Get(r.Kind)
			if err != nil {
				t.Fatalf("%s: %v", in.ID, err)
			}
			typed, ok := prov.(service.Typed)
			if !ok {
				if !checked[r.Kind] {
					t.Errorf("kind %s (%T) is not service.Typed: its settings must be a struct", r.Kind, prov)
				}
				checked[r.Kind] = true
				continue
			}
			checked[r.Kind] = true
			dst := typed.NewSettings()
			if err := service.Decode(r.Settings, dst); err != nil {
				t.Errorf("%s: %s %s: %v", in.ID, r.Kind, r.ID, err)
			}
			fields := settingTags(dst)
			for k := range r.Settings {
				if k == plan.SettingYouProvide {
					continue // what the user provides, which `wireup plan` prints; no kind reads it
				}
				if !fields[k] {
					t.Errorf("%s: %s %s: planned setting %q has no field in %T", in.ID, r.Kind, r.ID, k, dst)
				}
			}
			for k := range r.Refs {
				if !fields[k] {
					t.Errorf("%s: %s %s: reference input %q has no field in %T", in.ID, r.Kind, r.ID, k, dst)
				}
			}
		}
	}
	if len(checked) < 30 {
		t.Errorf("only %d kinds planned over all generatable hops: the test no longer reaches them", len(checked))
	}
}

// settingTags are the setting names a settings struct holds.
func settingTags(dst any) map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(dst).Elem()
	for i := range t.NumField() {
		if n := t.Field(i).Tag.Get("setting"); n != "" {
			out[n] = true
		}
	}
	return out
}
