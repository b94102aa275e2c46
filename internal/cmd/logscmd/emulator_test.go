package logscmd_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/logs"
)

// syncBuffer is a buffer a running command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run executes the real CLI in-process in dir with ctx and returns the
// exit code, stdout and stderr.
func run(ctx context.Context, t *testing.T, dir string, out io.Writer, args ...string) (cmdutil.ExitCode, string) {
	t.Helper()
	errOut := &syncBuffer{}
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	return app.Run(ctx, args, app.NewFactory(ios)), errOut.String()
}

// `wireup logs` on an emulator with CloudWatch Logs (moto): a Firehose
// route is deployed, events are put into its delivery error log group, and
// logs prints them (text, --json, --group by stream name), then --follow
// prints one put while it runs and ends with exit 0 when cancelled, as
// Ctrl-C cancels the command's context.
func TestEmulatorLogs(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	ctx := context.Background()
	root := t.TempDir()
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := "logs-" + hex.EncodeToString(b)
	var out syncBuffer
	if code, e := run(ctx, t, root, &out, "new", "--route", "app-to-firehose,firehose-to-s3", "--name", name, "--no-prompt"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, e)
	}
	dir := filepath.Join(root, name)
	if code, e := run(ctx, t, dir, &out, "deploy"); code != 0 {
		t.Fatalf("deploy: exit %d: %s", code, e)
	}
	t.Cleanup(func() {
		if code, e := run(ctx, t, dir, io.Discard, "destroy"); code != 0 {
			t.Errorf("destroy: exit %d: %s", code, e)
		}
	})

	// The state pins the target: from here on no AWS_ENDPOINT_URL is needed.
	t.Setenv("AWS_ENDPOINT_URL", "")
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Endpoint: ep, Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	cwl := cloudwatchlogs.NewFromConfig(cfg)
	group := firehose.LogGroup(name + "-delivery")
	put := func(msgs ...string) {
		t.Helper()
		var evs []types.InputLogEvent
		for _, m := range msgs {
			evs = append(evs, types.InputLogEvent{Message: aws.String(m), Timestamp: aws.Int64(time.Now().UnixMilli())})
		}
		if _, err := cwl.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group),
			LogStreamName: aws.String(firehose.LogStream), LogEvents: evs}); err != nil {
			t.Fatalf("put log events into %s: %v", group, err)
		}
	}
	put("delivery failed: "+name+" one", "delivery failed: "+name+" two")

	var text syncBuffer
	code, e := run(ctx, t, dir, &text, "logs")
	if code != 0 {
		t.Fatalf("logs: exit %d: %s", code, e)
	}
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], group+" delivery failed: "+name+" one") || !strings.HasSuffix(lines[1], " two") {
		t.Fatalf("logs printed:\n%s\nstderr:\n%s", text.String(), e)
	}
	if !strings.Contains(e, "acting there") {
		t.Errorf("logs did not say it went where the state says:\n%s", e)
	}

	var js syncBuffer
	if code, e := run(ctx, t, dir, &js, "logs", "--json", "--since", "1h", "--group", name+"-delivery"); code != 0 {
		t.Fatalf("logs --json: exit %d: %s", code, e)
	}
	var ev logs.Event
	first, _, _ := strings.Cut(js.String(), "\n")
	if err := json.Unmarshal([]byte(first), &ev); err != nil || ev.Group != group || ev.Stream != firehose.LogStream || ev.EventID == "" ||
		ev.Message != "delivery failed: "+name+" one" || time.Since(ev.Time) > time.Hour {
		t.Errorf("logs --json first line %q: %+v, %v", first, ev, err)
	}

	// --follow: the existing events, then one put while it runs; cancel
	// once it is printed.
	fctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var follow syncBuffer
	done := make(chan struct{})
	var fcode cmdutil.ExitCode
	var ferr string
	go func() {
		defer close(done)
		fcode, ferr = run(fctx, t, dir, &follow, "logs", "--follow")
	}()
	waitFor := func(s string) {
		t.Helper()
		for !strings.Contains(follow.String(), s) {
			select {
			case <-done:
				t.Fatalf("logs --follow ended (exit %d) before printing %q:\n%s\n%s", fcode, s, follow.String(), ferr)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	waitFor(" two")
	put("delivery failed: " + name + " three")
	waitFor(" three")
	cancel()
	<-done
	if fcode != 0 {
		t.Errorf("logs --follow after Ctrl-C: exit %d, want 0: %s", fcode, ferr)
	}
	if n := strings.Count(follow.String(), "\n"); n != 3 {
		t.Errorf("logs --follow printed %d lines, want 3 (each event once):\n%s", n, follow.String())
	}
}
