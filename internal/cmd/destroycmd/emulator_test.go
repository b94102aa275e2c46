package destroycmd_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/app"
	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
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

// A project with s3.forceDestroy: false, end to end through the CLI: the
// plan says destroy keeps the bucket while it holds objects; destroy keeps
// it with the user's object, says so plainly (what, why, how to remove it)
// and exits 1, never calling it a leftover or a failure; once the bucket
// is empty, destroy deletes it, says so and exits 0.
func TestEmulatorCLIDestroyKeepsBucket(t *testing.T) {
	if os.Getenv("AWS_ENDPOINT_URL") == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	ctx := context.Background()
	root := t.TempDir()
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := "cli-keep-" + hex.EncodeToString(b)
	if code, _, e := run(t, root, "new", "--route", "app-to-s3", "--name", name, "--no-prompt"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, e)
	}
	dir := filepath.Join(root, name)
	specPath := filepath.Join(dir, "wireup.yaml")
	raw, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "forceDestroy: true") {
		t.Fatalf("generated wireup.yaml lacks the default forceDestroy: true:\n%s", raw)
	}
	if err := os.WriteFile(specPath, []byte(strings.Replace(string(raw), "forceDestroy: true", "forceDestroy: false", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	bucket := name + "-us-east-1-data"
	if !strings.Contains(string(raw), "bucket: "+bucket) {
		t.Fatalf("generated wireup.yaml does not name bucket %s:\n%s", bucket, raw)
	}

	if code, out, e := run(t, dir, "plan", "--policies=false"); code != 0 || !strings.Contains(out, "destroy keeps it while it holds objects") {
		t.Errorf("plan: exit %d, want the bucket line to say destroy keeps it:\n%s%s", code, out, e)
	}
	if code, _, e := run(t, dir, "deploy"); code != 0 {
		t.Fatalf("deploy: exit %d: %s", code, e)
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg))
	key := aws.String("user/notes.txt")
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: key, Body: strings.NewReader("the user's data")}); err != nil {
		t.Fatalf("put the user's object: %v", err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: key})
		if code, _, e := run(t, dir, "destroy"); code != 0 {
			t.Errorf("cleanup destroy: exit %d: %s", code, e)
		}
	})

	code, _, e := run(t, dir, "destroy")
	if code != cmdutil.ExitFailure {
		t.Errorf("destroy keeping the bucket: exit %d, want %d:\n%s", code, cmdutil.ExitFailure, e)
	}
	for _, want := range []string{
		"s3.bucket " + bucket + ": kept: it holds 1 object and s3.forceDestroy is false",
		"Kept bucket " + bucket, "aws s3 rm s3://" + bucket + " --recursive", "set s3.forceDestroy: true",
	} {
		if !strings.Contains(e, want) {
			t.Errorf("destroy output lacks %q:\n%s", want, e)
		}
	}
	for _, never := range []string{"Nothing of", "still there", "failed", "Error:"} {
		if strings.Contains(e, never) {
			t.Errorf("destroy output says %q of a bucket kept on purpose:\n%s", never, e)
		}
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: key}); err != nil {
		t.Fatalf("the user's object is gone after destroy: %v", err)
	}

	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: key}); err != nil {
		t.Fatal(err)
	}
	code, _, e = run(t, dir, "destroy")
	if code != 0 || !strings.Contains(e, "Deleted bucket "+bucket+": it was empty") || !strings.Contains(e, "Nothing of "+name+" is left") {
		t.Errorf("destroy of the emptied bucket: exit %d:\n%s", code, e)
	}
}
