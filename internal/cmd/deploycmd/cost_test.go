package deploycmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/targets"
)

// fakeProvider serves one kind on a fake target: it counts the creates and
// answers the rest as for a resource that exists unchanged.
type fakeProvider struct {
	kind    plan.Kind
	creates *atomic.Int64
}

func (p fakeProvider) Kind() plan.Kind { return p.kind }

func (p fakeProvider) Ensure(_ context.Context, req *service.Request) (map[string]string, error) {
	p.creates.Add(1)
	name := req.Resource.Name
	out := map[string]string{"arn": "arn:aws:fake:us-east-1:210987654321:" + name, "name": name, "url": "https://fake.example/" + name}
	req.Created(out)
	return out, nil
}

func (fakeProvider) Exists(context.Context, service.Env, *service.Record) (bool, error) {
	return true, nil
}

func (fakeProvider) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

func (fakeProvider) Delete(context.Context, service.Env, *service.Record) error { return nil }

// fakeSession is a session on a fake target of the given kind (AWS, or an
// emulator) for project p1 on the route: every kind the plan holds is
// served by a fakeProvider counting its creates, so nothing leaves the
// test.
func fakeSession(t *testing.T, target targets.Target, route ...string) (*Session, *atomic.Int64) {
	t.Helper()
	specPath, c := writeProject(t, route...)
	proj, err := project.Load(c, specPath)
	if err != nil {
		t.Fatal(err)
	}
	info := deploy.TargetInfo{Kind: string(target), Region: "us-east-1", Account: "210987654321"}
	if target != targets.AWS {
		info.Endpoint = "http://127.0.0.1:9"
	}
	conn := &project.Connection{Target: target, Info: info, Kinds: service.Kinds{}}
	p, err := registry.Plan(proj.Spec, c, conn.Env())
	if err != nil {
		t.Fatal(err)
	}
	creates := &atomic.Int64{}
	for _, r := range p.Resources {
		conn.Kinds[r.Kind] = fakeProvider{kind: r.Kind, creates: creates}
	}
	return &Session{Catalog: c, Project: proj, Conn: conn, Plan: p, State: filepath.Join(proj.Dir, deploy.StateFile)}, creates
}

// kinesisRoute plans an on-demand stream: it bills every hour it exists.
var kinesisRoute = []string{"app-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}

func deployWith(t *testing.T, s *Session, tty bool, input string, yes, accept bool) (string, error) {
	t.Helper()
	ios, in, _, errOut := iostreams.Test()
	ios.SetTTY(tty, tty, tty)
	in.WriteString(input)
	err := deploySession(context.Background(), &DeployOptions{IO: ios, Prompter: accessible(ios), Yes: yes, AcceptCost: accept}, s)
	return errOut.String(), err
}

// The gate on a fake AWS target: without --accept-cost and no terminal,
// exit 2 naming the flag and the costs, and not one create call; with it,
// or "accept" typed, the deploy goes ahead. Emulators never ask.
func TestDeployCostGate(t *testing.T) {
	t.Run("AWS without --accept-cost and no terminal: exit 2, nothing created", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, kinesisRoute...)
		stderr, err := deployWith(t, s, false, "", true, false)
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) {
			t.Fatalf("err = %v, want a usage error (exit 2)", err)
		}
		for _, w := range []string{"--accept-cost", "account 210987654321", "stream (kinesis.stream) idle ≈ $29.20/month", "Nothing was created", "wireup plan"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error does not say %q:\n%v", w, err)
			}
		}
		if strings.Contains(err.Error(), "--yes") {
			t.Errorf("--yes was given, the error still asks for it: %v", err)
		}
		if n := creates.Load(); n != 0 {
			t.Errorf("%d create calls, want none", n)
		}
		if _, err := os.Stat(s.State); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a state was written: %v", err)
		}
		for _, w := range []string{"costs on AWS", "stream (kinesis.stream): idle $0.04 per stream-hour, ≈ $29.20/month", "idle floor: ≈ $29.20/month"} {
			if !strings.Contains(stderr, w) {
				t.Errorf("the banner does not show %q:\n%s", w, stderr)
			}
		}
	})
	t.Run("AWS with neither flag: the error names both", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, kinesisRoute...)
		_, err := deployWith(t, s, false, "", false, false)
		if err == nil || !strings.Contains(err.Error(), "--accept-cost") || !strings.Contains(err.Error(), "--yes") || creates.Load() != 0 {
			t.Errorf("err = %v, creates = %d", err, creates.Load())
		}
	})
	t.Run("AWS with --accept-cost proceeds; a redeploy unchanged is not asked again, a changed one is", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, kinesisRoute...)
		if stderr, err := deployWith(t, s, false, "", true, true); err != nil {
			t.Fatalf("deploy: %v\n%s", err, stderr)
		}
		if n := creates.Load(); n != int64(len(s.Plan.Resources)) {
			t.Errorf("%d create calls, want %d", n, len(s.Plan.Resources))
		}
		if stderr, err := deployWith(t, s, false, "", true, false); err != nil {
			t.Errorf("redeploy of what was accepted: %v\n%s", err, stderr)
		}
		st, err := deploy.LoadState(s.State)
		if err != nil {
			t.Fatal(err)
		}
		st.Resources["stream"].Hash = "an older configuration"
		if err := deploy.WriteState(s.State, st); err != nil {
			t.Fatal(err)
		}
		before := creates.Load()
		_, err = deployWith(t, s, false, "", true, false)
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "stream") || creates.Load() != before {
			t.Errorf("a changed stream: err = %v, creates %d → %d", err, before, creates.Load())
		}
	})
	t.Run("AWS in a terminal: accept typed, then the account", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, kinesisRoute...)
		stderr, err := deployWith(t, s, true, "accept\n210987654321\n", false, false)
		if err != nil {
			t.Fatalf("deploy: %v\n%s", err, stderr)
		}
		if !strings.Contains(stderr, "Type accept to continue") || creates.Load() == 0 {
			t.Errorf("no cost prompt or nothing created (%d):\n%s", creates.Load(), stderr)
		}
	})
	t.Run("AWS in a terminal: anything else cancels before a create", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, kinesisRoute...)
		_, err := deployWith(t, s, true, "yes\n", false, false)
		if !errors.Is(err, cmdutil.ErrCancel) || creates.Load() != 0 {
			t.Errorf("err = %v, creates = %d; want cancel and none", err, creates.Load())
		}
	})
	t.Run("AWS, a plan billed only by use: no --accept-cost needed", func(t *testing.T) {
		s, creates := fakeSession(t, targets.AWS, "app-to-sqs")
		stderr, err := deployWith(t, s, false, "", true, false)
		if err != nil || creates.Load() == 0 {
			t.Fatalf("deploy: %v, creates %d\n%s", err, creates.Load(), stderr)
		}
		if !strings.Contains(stderr, "nothing bills while idle or per run") {
			t.Errorf("the banner does not say the plan is billed by use only:\n%s", stderr)
		}
	})
	for _, emu := range []targets.Target{targets.Moto, targets.Kumo, targets.LocalStack} {
		t.Run(string(emu)+": never asks", func(t *testing.T) {
			s, creates := fakeSession(t, emu, kinesisRoute...)
			stderr, err := deployWith(t, s, false, "", false, false)
			if err != nil || creates.Load() != int64(len(s.Plan.Resources)) {
				t.Fatalf("deploy: %v, creates %d\n%s", err, creates.Load(), stderr)
			}
			if strings.Contains(stderr, "costs on AWS") || strings.Contains(stderr, "accept") {
				t.Errorf("an emulator deploy showed or asked about costs:\n%s", stderr)
			}
		})
	}
}
