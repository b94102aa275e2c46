package deploycmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/awsfake"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

func deployedOn(t deploy.TargetInfo) *deploy.State {
	return &deploy.State{Version: deploy.StateVersion, Project: "p1", Target: t,
		Resources: map[string]*deploy.ResourceState{"queue": {ID: "queue", Kind: "sqs-queue", Name: "p1-events"}}}
}

func emptyState() *deploy.State {
	return &deploy.State{Version: deploy.StateVersion, Resources: map[string]*deploy.ResourceState{}}
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// choose is the whole rule set of where a command goes; each case says
// what a user would type and what must happen.
func TestChoose(t *testing.T) {
	moto := deploy.TargetInfo{Kind: "moto", Endpoint: "http://127.0.0.1:5000", Region: "us-east-1", Account: "123456789012"}
	motoEU := moto
	motoEU.Region = "eu-west-1"
	aws := deploy.TargetInfo{Kind: "aws", Region: "us-east-1", Account: "210987654321", Profile: "prod"}
	tests := []struct {
		name   string
		flags  project.TargetOptions
		env    func(string) string
		state  *deploy.State
		create bool
		// want is the chosen options; wantErr, when set, the words the
		// usage error must contain instead.
		want       project.TargetOptions
		wantErr    []string
		wantChange string
		wantNote   string
	}{
		{name: "new project: the spec's region, whatever AWS_REGION says",
			env: env("AWS_REGION", "eu-west-1"), state: emptyState(), create: true,
			want: project.TargetOptions{Region: "us-east-1"}, wantNote: "AWS_REGION=eu-west-1 is not used"},
		{name: "new project: AWS_DEFAULT_REGION is not used either",
			env: env("AWS_DEFAULT_REGION", "ap-south-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), state: emptyState(),
			want: project.TargetOptions{Endpoint: "http://127.0.0.1:5000", Region: "us-east-1"}, wantNote: "AWS_DEFAULT_REGION=ap-south-1 is not used"},
		{name: "new project: --region elsewhere is a change to confirm",
			flags: project.TargetOptions{Region: "eu-west-1"}, env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), state: emptyState(), create: true,
			want: project.TargetOptions{Endpoint: "http://127.0.0.1:5000", Region: "eu-west-1"}, wantChange: "us-east-1"},
		{name: "new project: --region equal to the spec's changes nothing",
			flags: project.TargetOptions{Region: "us-east-1"}, env: env(), state: emptyState(), create: true,
			want: project.TargetOptions{Region: "us-east-1"}},
		{name: "new project: WIREUP_TARGET and AWS_PROFILE are passed on",
			env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "WIREUP_TARGET", "KUMO", "AWS_PROFILE", "dev"), state: emptyState(),
			want: project.TargetOptions{Endpoint: "http://127.0.0.1:4566", Region: "us-east-1", Target: "kumo", Profile: "dev"}},

		{name: "deployed on moto: no AWS_ENDPOINT_URL goes to moto",
			env: env(), state: deployedOn(moto),
			want: project.TargetOptions{Endpoint: moto.Endpoint, Region: "us-east-1", Assume: "moto"}, wantNote: "acting there"},
		{name: "deployed on moto: the same endpoint spelled with a slash",
			env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:5000/"), state: deployedOn(moto), create: true,
			want: project.TargetOptions{Endpoint: moto.Endpoint, Region: "us-east-1", Assume: "moto"}},
		{name: "deployed on moto: AWS_REGION is not used",
			env: env("AWS_REGION", "eu-west-1"), state: deployedOn(moto),
			want: project.TargetOptions{Endpoint: moto.Endpoint, Region: "us-east-1", Assume: "moto"}, wantNote: "AWS_REGION=eu-west-1 is not used"},
		{name: "deployed on moto: another AWS_ENDPOINT_URL is refused",
			env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), state: deployedOn(moto),
			wantErr: []string{"p1 is deployed on moto at http://127.0.0.1:5000", ".wireup/state.json", "unset AWS_ENDPOINT_URL", "--endpoint http://127.0.0.1:5000", "--state FILE"}},
		{name: "deployed on moto: another --endpoint is refused",
			flags: project.TargetOptions{Endpoint: "http://127.0.0.1:4566"}, env: env(), state: deployedOn(moto),
			wantErr: []string{"--endpoint selects http://127.0.0.1:4566", "drop --endpoint", "--endpoint http://127.0.0.1:5000"}},
		{name: "deployed on moto: another --region is refused",
			flags: project.TargetOptions{Region: "eu-west-1"}, env: env(), state: deployedOn(moto),
			wantErr: []string{"--region eu-west-1 selects another region", "drop --region", "--state FILE"}},
		{name: "deployed on moto: --target aws is refused",
			flags: project.TargetOptions{Target: "aws"}, env: env(), state: deployedOn(moto),
			wantErr: []string{"--target aws names real AWS", "deployed on moto", "drop --target"}},

		{name: "deployed in eu-west-1 by --region: status goes there and says so",
			env: env(), state: deployedOn(motoEU),
			want: project.TargetOptions{Endpoint: moto.Endpoint, Region: "eu-west-1", Assume: "moto"}, wantNote: "wireup.yaml says region us-east-1"},
		{name: "deployed in eu-west-1 by --region: deploy needs --region again",
			env: env(), state: deployedOn(motoEU), create: true,
			wantErr: []string{"wireup.yaml now says region us-east-1", "pass --region eu-west-1", "wireup destroy"}},
		{name: "deployed in eu-west-1 by --region: deploy --region eu-west-1 needs no confirmation",
			flags: project.TargetOptions{Region: "eu-west-1"}, env: env(), state: deployedOn(motoEU), create: true,
			want: project.TargetOptions{Endpoint: moto.Endpoint, Region: "eu-west-1", Assume: "moto"}, wantNote: "acting there"},

		{name: "deployed on AWS: AWS_ENDPOINT_URL exported for something else is refused",
			env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), state: deployedOn(aws),
			wantErr: []string{"p1 is deployed on AWS account 210987654321 (us-east-1)", "unset AWS_ENDPOINT_URL"}},
		{name: "deployed on AWS: a plain command goes to AWS in the recorded region",
			env: env("AWS_REGION", "eu-west-1"), state: deployedOn(aws),
			want: project.TargetOptions{Region: "us-east-1", Assume: "aws"}, wantNote: "AWS_REGION=eu-west-1 is not used: p1 is deployed in us-east-1"},
		{name: "state of another project",
			env: env(), state: func() *deploy.State { s := deployedOn(moto); s.Project = "other"; return s }(),
			wantErr: []string{`belongs to project "other"`, "--state FILE"}},

		{name: "--target aws with an endpoint",
			flags: project.TargetOptions{Target: "aws"}, env: env("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), state: emptyState(),
			wantErr: []string{"--target aws names real AWS", "AWS_ENDPOINT_URL=http://127.0.0.1:5000", "unset AWS_ENDPOINT_URL"}},
		{name: "--target moto without an endpoint",
			flags: project.TargetOptions{Target: "moto"}, env: env(), state: emptyState(),
			wantErr: []string{"--target moto needs an endpoint"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := readRequest(tt.flags, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			c, err := choose(r, where{project: "p1", specRegion: "us-east-1", state: tt.state, statePath: ".wireup/state.json", create: tt.create})
			if tt.wantErr != nil {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) {
					t.Fatalf("err = %v, want a usage error (exit 2)", err)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not say %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.opts != tt.want {
				t.Errorf("options = %+v, want %+v", c.opts, tt.want)
			}
			if c.regionChange != tt.wantChange {
				t.Errorf("regionChange = %q, want %q", c.regionChange, tt.wantChange)
			}
			notes := strings.Join(c.notes, "\n")
			if tt.wantNote != "" && !strings.Contains(notes, tt.wantNote) {
				t.Errorf("notes %q do not say %q", notes, tt.wantNote)
			}
			if tt.wantNote == "" && notes != "" && tt.wantChange == "" {
				t.Errorf("unexpected notes: %s", notes)
			}
		})
	}
}

// Malformed values are usage errors before any call.
func TestReadRequestRejects(t *testing.T) {
	for _, tt := range []struct {
		flags project.TargetOptions
		env   func(string) string
		want  string
	}{
		{project.TargetOptions{Target: "kumoo"}, env(), `--target: unknown target "kumoo"`},
		{project.TargetOptions{}, env("WIREUP_TARGET", "x"), `WIREUP_TARGET: unknown target "x"`},
		{project.TargetOptions{Region: "Mars"}, env(), `invalid --region "Mars"`},
		{project.TargetOptions{Endpoint: "ftp://x"}, env(), `invalid --endpoint "ftp://x"`},
		{project.TargetOptions{}, env("AWS_ENDPOINT_URL", "http://"), `invalid AWS_ENDPOINT_URL "http://"`},
	} {
		_, err := readRequest(tt.flags, tt.env)
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want a usage error saying %q", tt.flags, err, tt.want)
		}
	}
}

// writeProject writes project p1 in us-east-1 on the route (default: one
// queue, app → sqs) and returns its spec path.
func writeProject(t *testing.T, route ...string) (string, *catalog.Catalog) {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(route) == 0 {
		route = []string{"app-to-sqs"}
	}
	s, err := registry.New(c, "p1", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), spec.FileName)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, c
}

func factory(c *catalog.Catalog) (*cmdutil.Factory, *iostreams.IOStreams, func() string) {
	ios, _, _, errOut := iostreams.Test()
	return &cmdutil.Factory{IOStreams: ios, Catalog: func() (*catalog.Catalog, error) { return c, nil }, Getenv: os.Getenv}, ios, errOut.String
}

// Open against local endpoints standing in for moto and kumo: the state
// decides where a command goes, and every contradiction is a usage error
// made before any call.
func TestOpen(t *testing.T) {
	awsfake.IsolateAWS(t)
	moto := awsfake.NewEndpoint(t, "moto")
	kumo := awsfake.NewEndpoint(t, "kumo")
	specPath, c := writeProject(t)
	statePath := filepath.Join(filepath.Dir(specPath), deploy.StateFile)
	record := func(t *testing.T, info deploy.TargetInfo) {
		t.Helper()
		if err := deploy.WriteState(statePath, deployedOn(info)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(statePath) })
	}
	onMoto := deploy.TargetInfo{Kind: "moto", Endpoint: moto.URL, Region: "us-east-1", Account: moto.Account}
	usage := func(t *testing.T, err error, words ...string) {
		t.Helper()
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) {
			t.Fatalf("err = %v, want a usage error (exit 2)", err)
		}
		for _, w := range words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error does not say %q:\n%v", w, err)
			}
		}
	}

	t.Run("a plain status goes where the state says", func(t *testing.T) {
		record(t, onMoto)
		t.Setenv("AWS_REGION", "eu-west-1")
		f, _, errOut := factory(c)
		before := moto.Calls()
		s, err := Open(context.Background(), f, TargetFlags{Spec: specPath})
		if err != nil {
			t.Fatal(err)
		}
		if s.Conn.Info.Endpoint != moto.URL || s.Conn.Info.Region != "us-east-1" || s.Conn.Target != targets.Moto {
			t.Errorf("went to %+v, want moto at %s in us-east-1", s.Conn.Info, moto.URL)
		}
		if moto.Calls() != before+1 {
			t.Errorf("moto answered %d STS calls, want 1", moto.Calls()-before)
		}
		if s.Plan.Env.Region != "us-east-1" {
			t.Errorf("planned for %s", s.Plan.Env.Region)
		}
		for _, w := range []string{"acting there", "AWS_REGION=eu-west-1 is not used"} {
			if !strings.Contains(errOut(), w) {
				t.Errorf("stderr does not say %q:\n%s", w, errOut())
			}
		}
	})

	t.Run("another endpoint is refused before any call", func(t *testing.T) {
		record(t, onMoto)
		t.Setenv("AWS_ENDPOINT_URL", kumo.URL)
		f, _, _ := factory(c)
		_, err := Open(context.Background(), f, TargetFlags{Spec: specPath})
		usage(t, err, "unset AWS_ENDPOINT_URL", "--endpoint "+moto.URL)
		if kumo.Calls() != 0 {
			t.Errorf("kumo was called %d times", kumo.Calls())
		}
	})

	t.Run("--target kumo against moto", func(t *testing.T) {
		f, _, _ := factory(c)
		before := moto.Calls()
		_, err := OpenForDeploy(context.Background(), f, TargetFlags{Spec: specPath, Target: project.TargetOptions{Endpoint: moto.URL, Target: "kumo"}})
		usage(t, err, "answers as moto", "pass --target moto")
		if moto.Calls() != before {
			t.Error("STS was called although the target is wrong")
		}
		t.Setenv("WIREUP_TARGET", "kumo")
		_, err = OpenForDeploy(context.Background(), f, TargetFlags{Spec: specPath, Target: project.TargetOptions{Endpoint: moto.URL}})
		usage(t, err, "WIREUP_TARGET", "set WIREUP_TARGET=moto")
	})

	t.Run("a state recording the wrong kind is corrected by detection", func(t *testing.T) {
		wrong := onMoto
		wrong.Kind = "kumo"
		record(t, wrong)
		f, _, errOut := factory(c)
		s, err := Open(context.Background(), f, TargetFlags{Spec: specPath})
		if err != nil {
			t.Fatal(err)
		}
		if s.Conn.Target != targets.Moto || !strings.Contains(errOut(), "answers as moto now") {
			t.Errorf("target %s, stderr:\n%s", s.Conn.Target, errOut())
		}
	})

	t.Run("another account names the recorded profile", func(t *testing.T) {
		other := onMoto
		other.Account, other.Profile = "999999999999", "prod"
		record(t, other)
		f, _, _ := factory(c)
		_, err := Open(context.Background(), f, TargetFlags{Spec: specPath})
		usage(t, err, "belong to account 123456789012", "pass --profile prod")
	})

	t.Run("--region elsewhere: deploy asks, status goes", func(t *testing.T) {
		f, ios, errOut := factory(c)
		flags := TargetFlags{Spec: specPath, Target: project.TargetOptions{Endpoint: moto.URL, Region: "eu-west-1"}}
		s, err := OpenForDeploy(context.Background(), f, flags)
		if err != nil {
			t.Fatal(err)
		}
		if s.Conn.Info.Region != "eu-west-1" || s.Plan.Env.Region != "eu-west-1" || s.RegionChange != "us-east-1" {
			t.Errorf("region %s, plan %s, change %q", s.Conn.Info.Region, s.Plan.Env.Region, s.RegionChange)
		}
		usage(t, s.Confirm(context.Background(), accessible(ios), ios, false, "deploy"), "deploy would act on p1 in eu-west-1, not in us-east-1", "--yes")
		if err := s.Confirm(context.Background(), accessible(ios), ios, true, "deploy"); err != nil {
			t.Errorf("--yes: %v", err)
		}
		if !strings.Contains(errOut(), "--region acts in eu-west-1") {
			t.Errorf("no note on stderr:\n%s", errOut())
		}
	})

	t.Run("deployed in eu-west-1: status follows, deploy needs --region", func(t *testing.T) {
		eu := onMoto
		eu.Region = "eu-west-1"
		record(t, eu)
		f, _, _ := factory(c)
		s, err := Open(context.Background(), f, TargetFlags{Spec: specPath})
		if err != nil {
			t.Fatal(err)
		}
		if s.Conn.Info.Region != "eu-west-1" || s.RegionChange != "" {
			t.Errorf("status went to %s (change %q), want eu-west-1", s.Conn.Info.Region, s.RegionChange)
		}
		_, err = OpenForDeploy(context.Background(), f, TargetFlags{Spec: specPath})
		usage(t, err, "pass --region eu-west-1")
		s, err = OpenForDeploy(context.Background(), f, TargetFlags{Spec: specPath, Target: project.TargetOptions{Region: "eu-west-1"}})
		if err != nil || s.RegionChange != "" {
			t.Errorf("deploy --region eu-west-1: %v, change %q (already there: nothing to confirm)", err, s.RegionChange)
		}
	})

	t.Run("--state FILE is the override", func(t *testing.T) {
		record(t, onMoto)
		f, _, _ := factory(c)
		other := filepath.Join(t.TempDir(), "kumo.json")
		s, err := Open(context.Background(), f, TargetFlags{Spec: specPath, State: other, Target: project.TargetOptions{Endpoint: kumo.URL}})
		if err != nil {
			t.Fatal(err)
		}
		if s.Conn.Target != targets.Kumo || s.State != other {
			t.Errorf("target %s, state %s", s.Conn.Target, s.State)
		}
	})
}

// Confirm asks for the region, then the account, from one input: the
// second answer must not be lost to the first prompt's read.
func TestConfirmRegionThenAccount(t *testing.T) {
	s := &Session{
		Project:      &project.Project{Spec: &spec.Spec{Name: "p1", Region: "us-east-1"}},
		Conn:         &project.Connection{Target: targets.AWS, Info: deploy.TargetInfo{Kind: "aws", Region: "eu-west-1", Account: "210987654321"}},
		RegionChange: "us-east-1",
	}
	for _, tt := range []struct {
		input string
		ok    bool
	}{
		{"eu-west-1\n210987654321\n", true},
		{"us-east-1\n210987654321\n", false},
		{"eu-west-1\n", false},
	} {
		ios, in, _, errOut := iostreams.Test()
		ios.SetTTY(true, true, true)
		in.WriteString(tt.input)
		err := s.Confirm(context.Background(), accessible(ios), ios, false, "deploy")
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, cmdutil.ErrCancel) {
			t.Errorf("%q: Confirm = %v, want ok=%v", tt.input, err, tt.ok)
		}
		if !strings.Contains(errOut.String(), "This deploys p1 in eu-west-1, not in us-east-1") {
			t.Errorf("prompt: %q", errOut.String())
		}
	}
}
