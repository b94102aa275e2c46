package deploy

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTargetInfoSame(t *testing.T) {
	moto := TargetInfo{Kind: "moto", Endpoint: "http://127.0.0.1:5000", Region: "us-east-1", Account: "123456789012"}
	for _, tt := range []struct {
		name string
		edit func(*TargetInfo)
		want bool
	}{
		{"identical", func(*TargetInfo) {}, true},
		{"trailing slash and case", func(o *TargetInfo) { o.Endpoint = "HTTP://127.0.0.1:5000/" }, true},
		{"another kind at the same endpoint", func(o *TargetInfo) { o.Kind = "kumo" }, true},
		{"account unknown on one side", func(o *TargetInfo) { o.Account = "" }, true},
		{"another endpoint", func(o *TargetInfo) { o.Endpoint = "http://127.0.0.1:4566" }, false},
		{"AWS", func(o *TargetInfo) { o.Endpoint = "" }, false},
		{"another region", func(o *TargetInfo) { o.Region = "eu-west-1" }, false},
		{"another account", func(o *TargetInfo) { o.Account = "210987654321" }, false},
	} {
		o := moto
		tt.edit(&o)
		if got := moto.Same(o); got != tt.want {
			t.Errorf("%s: Same = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The engine refuses a state of another region, as it does one of another
// endpoint or account: before regions were compared, a destroy in the
// wrong region found nothing and emptied the state.
func TestOpenStateRefusesAnotherRegion(t *testing.T) {
	path := filepath.Join(t.TempDir(), StateFile)
	us := TargetInfo{Kind: "moto", Endpoint: "http://127.0.0.1:5000", Region: "us-east-1", Account: "123456789012"}
	st := &State{Version: StateVersion, Project: "p1", Target: us,
		Resources: map[string]*ResourceState{"queue": {ID: "queue", Kind: "sqs-queue", Name: "p1-queue"}}}
	if err := WriteState(path, st); err != nil {
		t.Fatal(err)
	}
	eu := us
	eu.Region = "eu-west-1"
	if _, err := (&Engine{StatePath: path, Target: eu}).openState("p1", "app-to-sqs"); err == nil || !strings.Contains(err.Error(), "(us-east-1)") {
		t.Errorf("openState in eu-west-1 = %v, want a refusal naming us-east-1", err)
	}
	// Same place, kind named again: the recorded kind follows.
	kumo := us
	kumo.Kind = "kumo"
	store, err := (&Engine{StatePath: path, Target: kumo}).openState("p1", "app-to-sqs")
	if err != nil {
		t.Fatal(err)
	}
	if store.st.Target.Kind != "kumo" || store.st.Target.Region != "us-east-1" {
		t.Errorf("target = %+v", store.st.Target)
	}
}
