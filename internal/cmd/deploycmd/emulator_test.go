package deploycmd_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/statefile"
	"github.com/wireup/wireup/internal/targets"
)

// run executes the real CLI in-process in dir and returns the exit code,
// stdout and stderr.
func run(t *testing.T, dir string, args ...string) (cmdutil.ExitCode, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := app.NewFactory(ios)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := app.Run(context.Background(), args, f)
	return code, out.String(), errOut.String()
}

// The CLI end to end on a generated project: new, plan, deploy (twice),
// status, verify (pass, or exit 3 with the reason), destroy.
func TestEmulatorCLI(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	tg, err := targets.Parse(os.Getenv("WIREUP_TARGET"))
	if err != nil {
		if tg, err = targets.Detect(context.Background(), ep, nil); err != nil {
			t.Skip(err)
		}
	}
	for _, route := range []string{"s3-to-sqs", "s3-to-lambda", "sqs-to-lambda"} {
		t.Run(route, func(t *testing.T) {
			root := t.TempDir()
			b := make([]byte, 3)
			_, _ = rand.Read(b)
			name := "cli-" + strings.ReplaceAll(route, "-to-", "") + "-" + hex.EncodeToString(b)
			if code, _, e := run(t, root, "new", "--route", route, "--name", name, "--no-prompt"); code != 0 {
				t.Fatalf("new: exit %d: %s", code, e)
			}
			dir := filepath.Join(root, name)
			t.Cleanup(func() {
				if code, _, e := run(t, dir, "destroy"); code != 0 {
					t.Errorf("destroy: exit %d: %s", code, e)
				}
			})
			if code, out, e := run(t, dir, "plan", "--json"); code != 0 || !strings.Contains(out, `"resources"`) {
				t.Fatalf("plan: exit %d: %s %s", code, out, e)
			}
			code, _, e := run(t, dir, "deploy")
			if code != 0 {
				t.Fatalf("deploy: exit %d: %s", code, e)
			}
			if !strings.Contains(e, "Deploying "+name) || !strings.Contains(e, ep) {
				t.Errorf("deploy did not print the target first:\n%s", e)
			}
			// The handler build is a step of its own, with its time.
			if strings.HasSuffix(route, "-to-lambda") && !strings.Contains(e, "lambda handler "+name+"-handler (go build ./cmd/handler): built (") {
				t.Errorf("deploy did not show the handler build as a step:\n%s", e)
			}
			if code, _, e := run(t, dir, "deploy"); code != 0 || !strings.Contains(e, "No changes") {
				t.Errorf("second deploy: exit %d, want 'No changes':\n%s", code, e)
			}
			if code, out, e := run(t, dir, "status", "--exit-code"); code != 0 {
				t.Errorf("status shows drift: exit %d:\n%s%s", code, out, e)
			}
			code, out, e := run(t, dir, "verify", "--timeout", "15s")
			table, err := registry.Targets()
			if err != nil {
				t.Fatal(err)
			}
			c := table.Route(tg, []string{route})
			switch {
			case c.Data && code != 0:
				t.Errorf("verify: exit %d, want 0:\n%s%s", code, out, e)
			case !c.Data && (code != cmdutil.ExitUnverified || !strings.Contains(e, "wired, data flow not verifiable on "+string(tg))):
				t.Errorf("verify: exit %d, want 3 with the reason:\n%s%s", code, out, e)
			case !c.Data:
				t.Logf("verify exit 3: %s", strings.TrimSpace(e))
			}
		})
	}
}

// The project's target and region are fixed facts (issue 10, items 2 and
// 3), on the emulator in AWS_ENDPOINT_URL: a --target the endpoint
// contradicts deploys nothing; AWS_REGION does not move the project; once
// deployed, status and destroy in a shell with no endpoint, region or
// credentials go where the state says (the child process cannot reach
// anything but the loopback interface, so no AWS call can succeed); a
// region change needs --yes, is recorded, and is followed by status and
// destroy without --region.
func TestEmulatorStateTarget(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	ctx := context.Background()
	tg, err := targets.Detect(ctx, ep, nil)
	if err != nil {
		t.Skip(err)
	}
	other := targets.Kumo
	if tg == targets.Kumo {
		other = targets.Moto
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := "pin-" + hex.EncodeToString(b)
	dir := newProject(t, name)
	statePath := filepath.Join(dir, deploy.StateFile)
	t.Cleanup(func() {
		if code, _, e := run(t, dir, "destroy", "--yes"); code != 0 {
			t.Errorf("cleanup destroy: exit %d: %s", code, e)
		}
	})
	readState := func() *deploy.State {
		t.Helper()
		st, err := deploy.LoadState(statePath)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	status := func(args ...string) deploy.StatusReport {
		t.Helper()
		code, out, e := runIsolated(t, dir, append([]string{"status", "--json", "--exit-code"}, args...)...)
		if code != 0 {
			t.Fatalf("status with no endpoint in the environment: exit %d:\n%s%s", code, out, e)
		}
		var rep deploy.StatusReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("status --json: %v\n%s", err, out)
		}
		return rep
	}
	queueIn := func(region string) bool {
		t.Helper()
		cfg, err := awsconfig.Load(ctx, awsconfig.Options{Endpoint: ep, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sqs.NewFromConfig(cfg).GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name + "-queue")})
		return err == nil
	}
	if tg != targets.Moto {
		queueIn = nil // kumo keeps one namespace for every region; LocalStack is not measured here
	}

	// A --target the endpoint contradicts deploys and records nothing.
	code, _, e := run(t, dir, "deploy", "--target", string(other))
	if code != cmdutil.ExitUsage || !strings.Contains(e, "answers as "+string(tg)) {
		t.Fatalf("deploy --target %s on %s: exit %d, want 2 naming %s:\n%s", other, tg, code, tg, e)
	}
	if _, err := os.Stat(statePath); err == nil {
		t.Fatal("the refused deploy wrote a state")
	}

	// AWS_REGION from the shell does not move the project.
	t.Setenv("AWS_REGION", "eu-west-1")
	if code, _, e := run(t, dir, "deploy"); code != 0 || !strings.Contains(e, "AWS_REGION=eu-west-1 is not used") {
		t.Fatalf("deploy with AWS_REGION=eu-west-1: exit %d, want 0 with a note:\n%s", code, e)
	}
	t.Setenv("AWS_REGION", "")
	st := readState()
	if st.Target.Kind != string(tg) || !statefile.SameEndpoint(st.Target.Endpoint, ep) || st.Target.Region != "us-east-1" || st.Target.Account == "" {
		t.Fatalf("state target = %+v, want %s at %s in us-east-1 with the account", st.Target, tg, ep)
	}
	if queueIn != nil && (!queueIn("us-east-1") || queueIn("eu-west-1")) {
		t.Errorf("the queue is not in us-east-1 alone")
	}

	// A plain status in a shell without AWS_ENDPOINT_URL goes to the
	// emulator.
	rep := status()
	if !statefile.SameEndpoint(rep.Target.Endpoint, ep) || rep.Target.Region != "us-east-1" || len(rep.Items) == 0 {
		t.Errorf("status went to %+v with %d items, want %s in us-east-1", rep.Target, len(rep.Items), ep)
	}
	// Naming another place is refused with the flag to pass.
	if code, _, e := run(t, dir, "status", "--region", "eu-west-1"); code != cmdutil.ExitUsage || !strings.Contains(e, "drop --region") {
		t.Errorf("status --region eu-west-1: exit %d, want 2 with `drop --region`:\n%s", code, e)
	}
	if code, _, e := run(t, dir, "destroy", "--endpoint", "http://127.0.0.1:1"); code != cmdutil.ExitUsage || !strings.Contains(e, "--endpoint "+st.Target.Endpoint) {
		t.Errorf("destroy --endpoint elsewhere: exit %d, want 2 naming --endpoint %s:\n%s", code, st.Target.Endpoint, e)
	}
	// destroy in another shell deletes what is there.
	if code, _, e := runIsolated(t, dir, "destroy"); code != 0 || !strings.Contains(e, "Nothing of "+name+" is left on "+string(tg)) {
		t.Fatalf("destroy with no endpoint in the environment: exit %d:\n%s", code, e)
	}
	if readState().Deployed() || queueIn != nil && queueIn("us-east-1") {
		t.Fatal("destroy left the queue or its state")
	}

	// A region change is explicit and confirmed, then recorded and followed.
	if code, _, e := run(t, dir, "deploy", "--region", "eu-west-1"); code != cmdutil.ExitUsage || !strings.Contains(e, "pass --yes") {
		t.Fatalf("deploy --region eu-west-1 without --yes: exit %d, want 2:\n%s", code, e)
	}
	if readState().Deployed() {
		t.Fatal("the unconfirmed region change deployed")
	}
	if code, _, e := run(t, dir, "deploy", "--region", "eu-west-1", "--yes"); code != 0 {
		t.Fatalf("deploy --region eu-west-1 --yes: exit %d:\n%s", code, e)
	}
	if r := readState().Target.Region; r != "eu-west-1" {
		t.Fatalf("state region = %q, want eu-west-1", r)
	}
	if queueIn != nil && (!queueIn("eu-west-1") || queueIn("us-east-1")) {
		t.Errorf("the queue is not in eu-west-1 alone")
	}
	if rep := status(); rep.Target.Region != "eu-west-1" {
		t.Errorf("status went to %s, want the recorded eu-west-1", rep.Target.Region)
	}
	if code, _, e := run(t, dir, "deploy"); code != cmdutil.ExitUsage || !strings.Contains(e, "pass --region eu-west-1") {
		t.Errorf("deploy without --region in a project deployed in eu-west-1: exit %d, want 2:\n%s", code, e)
	}
	if code, _, e := runIsolated(t, dir, "destroy"); code != 0 || !strings.Contains(e, "(eu-west-1)") {
		t.Fatalf("destroy with no region given: exit %d, want 0 in eu-west-1:\n%s", code, e)
	}
	if readState().Deployed() || queueIn != nil && queueIn("eu-west-1") {
		t.Error("destroy left the queue in eu-west-1")
	}
}
