package wizard

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/prompter"
)

// countingPrompter counts the forms it runs.
type countingPrompter struct {
	prompter.Prompter
	forms int
}

func (p *countingPrompter) Run(ctx context.Context, f *huh.Form) error {
	p.forms++
	return p.Prompter.Run(ctx, f)
}

func TestFlagsSkipQuestions(t *testing.T) {
	c := loadCatalog(t)
	tests := []struct {
		name   string
		in     Answers
		script string
		forms  int
		route  []string
	}{
		{"from and to: route, name, review", Answers{Source: "iot", Destination: "s3"}, "\ndemo\n\n", 3, []string{"iot-to-s3"}},
		{"aliases resolve; the only route is not asked", Answers{Source: "iot-core", Destination: "kds", Name: "demo"}, "\n", 1, []string{"iot-to-kinesis"}},
		{"route and name: review only", Answers{Route: []string{"iot-to-firehose", "firehose-to-s3"}, Name: "demo"}, "\n", 1, []string{"iot-to-firehose", "firehose-to-s3"}},
		{"everything and --yes: no question", Answers{Route: []string{"app-to-sqs"}, Name: "demo", Yes: true}, "", 0, []string{"app-to-sqs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, out := accessible(tt.script)
			p := &countingPrompter{Prompter: h}
			res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, tt.in)
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, out)
			}
			if p.forms != tt.forms {
				t.Errorf("asked %d forms, want %d\n%s", p.forms, tt.forms, out)
			}
			if diff := cmp.Diff(tt.route, res.Spec.Route); diff != "" {
				t.Errorf("route (-want +got):\n%s", diff)
			}
			if res.Spec.Name != "demo" {
				t.Errorf("name = %q", res.Spec.Name)
			}
		})
	}
}

func TestRouteFlagErrors(t *testing.T) {
	c := loadCatalog(t)
	for _, route := range [][]string{{"nope"}, {"iot-to-s3", "kinesis-to-firehose"}} {
		_, err := Run(context.Background(), Params{Catalog: c, Prompter: &countingPrompter{}}, Answers{Route: route, Name: "demo", Yes: true})
		if err == nil {
			t.Errorf("route %v: no error", route)
		}
	}
	_, err := Run(context.Background(), Params{Catalog: c, Prompter: &countingPrompter{}}, Answers{Source: "nosuch"})
	if err == nil || !strings.Contains(err.Error(), "unknown service") {
		t.Errorf("unknown source: err = %v", err)
	}
}

func TestAskDeploy(t *testing.T) {
	c := loadCatalog(t)
	tests := []struct {
		script string
		want   *DeployTarget
	}{
		{"\n", nil},
		{"2\n", &DeployTarget{Endpoint: LocalStackEndpoint}},
		{"3\nhttp://localhost:5000\n", &DeployTarget{Endpoint: "http://localhost:5000"}},
		{"3\nlocalhost\nhttp://127.0.0.1:4566\n", &DeployTarget{Endpoint: "http://127.0.0.1:4566"}},
		{"4\nstaging\n", &DeployTarget{Profile: "staging"}},
		{"5\n", &DeployTarget{}},
	}
	for _, tt := range tests {
		h, _ := accessible(tt.script)
		var called *DeployTarget
		deploy := func(_ context.Context, dir string, target DeployTarget) error {
			if dir != "demo" {
				t.Errorf("deploy dir = %q", dir)
			}
			called = &target
			return nil
		}
		got, err := AskDeploy(context.Background(), Params{Catalog: c, Prompter: h}, "demo", deploy)
		if err != nil {
			t.Fatalf("%q: %v", tt.script, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q: target (-want +got):\n%s", tt.script, diff)
		}
		if diff := cmp.Diff(tt.want, called); diff != "" {
			t.Errorf("%q: deployed to (-want +got):\n%s", tt.script, diff)
		}
	}
}

func TestAskDeployWithoutDeployAsksNothing(t *testing.T) {
	p := &countingPrompter{}
	got, err := AskDeploy(context.Background(), Params{Catalog: loadCatalog(t), Prompter: p}, "demo", nil)
	if err != nil || got != nil || p.forms != 0 {
		t.Fatalf("AskDeploy = %v, %v after %d forms; want nil, nil, no question", got, err, p.forms)
	}
}

func TestAskDeployCancel(t *testing.T) {
	h, _ := accessible("") // Ctrl-D at once
	deploy := func(context.Context, string, DeployTarget) error { t.Error("deployed after cancel"); return nil }
	_, err := AskDeploy(context.Background(), Params{Catalog: loadCatalog(t), Prompter: h}, "demo", deploy)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("err = %v, want ErrCancel", err)
	}
}

func TestEndpointURL(t *testing.T) {
	for s, ok := range map[string]bool{
		"http://localhost:4566":  true,
		"https://127.0.0.1:5000": true,
		"localhost":              false,
		"ftp://localhost:21":     false,
		"http://:4566":           false, // no host: awsconfig.Load would refuse it
	} {
		if err := EndpointURL(s); (err == nil) != ok {
			t.Errorf("EndpointURL(%q) = %v, want ok=%v", s, err, ok)
		}
	}
}

// With AWS_ENDPOINT_URL set the menu offers that endpoint (not LocalStack,
// not AWS, which it would not reach), pre-fills the endpoint field with it,
// says where a deploy goes, and "not now" names it.
func TestAskDeployHonoursAWSEndpointURL(t *testing.T) {
	c := loadCatalog(t)
	const env = "http://127.0.0.1:5000"
	tests := []struct {
		script string
		want   *DeployTarget
	}{
		{"\n", nil},
		{"2\n", &DeployTarget{Endpoint: env}},
		{"3\n\n", &DeployTarget{Endpoint: env}}, // enter keeps the pre-filled endpoint
		{"3\nhttp://127.0.0.1:4566\n", &DeployTarget{Endpoint: "http://127.0.0.1:4566"}},
	}
	for _, tt := range tests {
		h, shown := accessible(tt.script)
		var said bytes.Buffer
		var called *DeployTarget
		deploy := func(_ context.Context, _ string, target DeployTarget) error { called = &target; return nil }
		got, err := AskDeploy(context.Background(), Params{Catalog: c, Prompter: h, Out: &said, EnvEndpoint: env}, "demo", deploy)
		if err != nil {
			t.Fatalf("%q: %v", tt.script, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q: target (-want +got):\n%s", tt.script, diff)
		}
		if diff := cmp.Diff(tt.want, called); diff != "" {
			t.Errorf("%q: deployed to (-want +got):\n%s", tt.script, diff)
		}
		menu := shown.String()
		for _, bad := range []string{"LocalStack", "4566", "to AWS with"} {
			if strings.Contains(menu, bad) && tt.script != "3\nhttp://127.0.0.1:4566\n" {
				t.Errorf("%q: the menu offers %q although AWS_ENDPOINT_URL=%s:\n%s", tt.script, bad, env, menu)
			}
		}
		if !strings.Contains(menu, "Yes, to "+env+" (AWS_ENDPOINT_URL)") || !strings.Contains(said.String(), "AWS_ENDPOINT_URL is set: deploys go to "+env) {
			t.Errorf("%q: the menu does not say where a deploy goes:\n%s", tt.script, menu)
		}
		if tt.want == nil && !strings.Contains(said.String(), "wireup deploy  (to "+env+", from AWS_ENDPOINT_URL)") {
			t.Errorf("not now said %q", said.String())
		}
	}
}
