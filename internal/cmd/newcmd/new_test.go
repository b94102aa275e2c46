package newcmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/render"
	"github.com/wireup/wireup/internal/service/registry"
)

func testOptions(t *testing.T) *NewOptions {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	return &NewOptions{IO: ios, Catalog: catalog.Load, Getenv: func(string) string { return "" }, write: render.Write}
}

// TestNewFailureMidWriteLeavesNothing makes the write fail after most of
// the tree is on disk (the last file's directory clashes with a file) and
// checks that neither the project nor a temporary directory remains; then
// does the same with Ctrl-C.
func TestNewFailureMidWriteLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	opts := testOptions(t)
	opts.Route, opts.Name, opts.Dir = []string{"app-to-kinesis", "kinesis-to-lambda"}, "demo", filepath.Join(parent, "demo")
	opts.write = func(ctx context.Context, files render.Files, dir string, wo render.WriteOptions) error {
		clash := render.File{Path: files[0].Path + "/clash", Data: []byte("x")}
		return render.Write(ctx, append(files, clash), dir, wo)
	}
	if err := NewRun(context.Background(), opts); err == nil {
		t.Fatal("NewRun: no error from a write that cannot complete")
	}
	if es, _ := os.ReadDir(parent); len(es) != 0 {
		t.Fatalf("after a failed write the parent holds %d entries; want nothing", len(es))
	}

	// The real case: cancel (Ctrl-C) while writing.
	ctx, cancel := context.WithCancel(context.Background())
	opts.write = func(_ context.Context, files render.Files, dir string, wo render.WriteOptions) error {
		cancel()
		return render.Write(ctx, files, dir, wo)
	}
	err := NewRun(ctx, opts)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Fatalf("NewRun after Ctrl-C: got %v, want ErrCancel", err)
	}
	if es, _ := os.ReadDir(parent); len(es) != 0 {
		t.Errorf("after Ctrl-C the parent holds %d entries; want nothing", len(es))
	}
}

func TestNewPromptsOnlyOnATerminal(t *testing.T) {
	opts := testOptions(t)
	opts.Dir = filepath.Join(t.TempDir(), "demo")
	called := false
	opts.Prompt = func(_ context.Context, o *NewOptions) error {
		called = true
		o.From, o.To, o.Name = "app", "sqs", "demo"
		return nil
	}
	var flagErr *cmdutil.FlagError
	if err := NewRun(context.Background(), opts); !errors.As(err, &flagErr) || called {
		t.Fatalf("without a terminal: got %v (prompt called: %v), want a usage error and no prompt", err, called)
	}
	opts.IO.SetTTY(true, true, true)
	if err := NewRun(context.Background(), opts); err != nil || !called {
		t.Fatalf("on a terminal: got %v (prompt called: %v), want the prompt's answers generated", err, called)
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, "internal", "producer", "sqs.go")); err != nil {
		t.Error(err)
	}
}

func TestNewPromptCancel(t *testing.T) {
	opts := testOptions(t)
	opts.Dir = filepath.Join(t.TempDir(), "demo")
	opts.IO.SetTTY(true, true, true)
	opts.Prompt = func(context.Context, *NewOptions) error { return cmdutil.ErrCancel }
	if err := NewRun(context.Background(), opts); !errors.Is(err, cmdutil.ErrCancel) {
		t.Fatalf("got %v, want ErrCancel", err)
	}
	if _, err := os.Stat(opts.Dir); !os.IsNotExist(err) {
		t.Errorf("a cancelled wizard wrote %s", opts.Dir)
	}
}

// A delivery stream needs a destination: `--from app --to firehose` (the
// 1-hop route ranked first) generates app → firehose → s3 and says so, and
// its plan gives the stream a bucket and its role a trust and a policy.
func TestNewFirehoseRouteGetsItsDestination(t *testing.T) {
	ios, _, _, stderr := iostreams.Test()
	opts := testOptions(t)
	opts.IO = ios
	opts.From, opts.To, opts.Name, opts.Dir = "app", "firehose", "demo", filepath.Join(t.TempDir(), "demo")
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := decide(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Route, ","); got != "app-to-firehose,firehose-to-s3" {
		t.Fatalf("route %s, want app-to-firehose,firehose-to-s3", got)
	}
	if !strings.Contains(stderr.String(), "continues with firehose-to-s3") {
		t.Errorf("stderr %q does not say the route was completed", stderr.String())
	}
	p, err := registry.Plan(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	ds := p.Resource(plan.IDDeliveryStream)
	if ds == nil || ds.Refs["bucketArn"] != plan.IDBucket+".arn" {
		t.Errorf("delivery stream %+v has no bucket", ds)
	}
	if role := p.Resource(plan.IDRoleFirehose); role == nil || len(role.Trust) == 0 || len(role.Policy) == 0 {
		t.Errorf("firehose role %+v lacks a trust or a policy", role)
	}
	// A spec file that still ends at Firehose is refused, saying the fix.
	if _, err := registry.New(c, "demo", "us-east-1", []string{"app-to-firehose"}); err != nil {
		t.Fatalf("spec.New completes the route: %v", err)
	}
	bad := *s
	bad.Route = []string{"app-to-firehose"}
	if err := registry.Validate(c, &bad); err == nil || !strings.Contains(err.Error(), "add firehose-to-s3") {
		t.Errorf("Validate of a route ending at Firehose: %v", err)
	}
}
