package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/root"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want cmdutil.ExitCode
	}{
		{[]string{"version"}, cmdutil.ExitOK},
		{[]string{"routes", "--from", "iot", "--to", "s3"}, cmdutil.ExitOK},
		{[]string{"routes", "--from", "iot"}, cmdutil.ExitUsage},
		{[]string{"routes", "--from", "iot", "--to", "nope"}, cmdutil.ExitUsage},
		{[]string{"catalog", "--bogus"}, cmdutil.ExitUsage},
		{[]string{"bogus"}, cmdutil.ExitUsage},
		{[]string{"routes", "--from", "kinesis", "--to", "kda"}, cmdutil.ExitFailure},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			if got := Run(context.Background(), tt.args, NewFactory(ios)); got != tt.want {
				t.Fatalf("exit code %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCancelExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := exitCode(ctx, context.Canceled); got != cmdutil.ExitCancel {
		t.Fatalf("exit code %d, want %d", got, cmdutil.ExitCancel)
	}
}

// BenchmarkRoutesCommand measures `wireup routes --from iot --to s3` end to
// end in-process: catalog load and validation, route search, output.
func BenchmarkRoutesCommand(b *testing.B) {
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		ios.Out = io.Discard
		if code := Run(context.Background(), []string{"routes", "--from", "iot", "--to", "s3"}, NewFactory(ios)); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// TestCatalogJSONHoldsEverything checks that `wireup catalog --json` emits
// every integration of the catalog, retired ones included, with its fields.
func TestCatalogJSONHoldsEverything(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	f := NewFactory(ios)
	if code := Run(context.Background(), []string{"catalog", "--json"}, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Services     []struct{ ID string }
		Integrations []struct {
			ID, From, To, Mechanism, Handling, Description string
			Sections                                       []int
			Lifecycle                                      struct{ Status string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	c, _ := f.Catalog()
	if len(got.Integrations) != len(c.Integrations) || len(got.Services) != len(c.Services) {
		t.Fatalf("json has %d integrations and %d services, catalog %d and %d",
			len(got.Integrations), len(got.Services), len(c.Integrations), len(c.Services))
	}
	sections := map[int]bool{}
	for _, in := range got.Integrations {
		if in.ID == "" || in.From == "" || in.To == "" || in.Mechanism == "" || in.Handling == "" || in.Description == "" || in.Lifecycle.Status == "" {
			t.Errorf("incomplete integration in JSON: %+v", in)
		}
		for _, s := range in.Sections {
			sections[s] = true
		}
	}
	if len(sections) != 16 {
		t.Errorf("JSON covers %d seed sections, want 16", len(sections))
	}
}

func TestCancelMessage(t *testing.T) {
	var b strings.Builder
	printError(&b, cmdutil.ErrCancel, cmdutil.ExitCancel)
	if b.String() != "Cancelled; nothing was changed.\n" {
		t.Errorf("bare cancel: %q", b.String())
	}
	b.Reset()
	err := fmt.Errorf("deploy interrupted; run `wireup deploy` again to finish: %w", context.Canceled)
	printError(&b, err, cmdutil.ExitCancel)
	if !strings.Contains(b.String(), "run `wireup deploy` again") || strings.Contains(b.String(), "nothing was changed") {
		t.Errorf("interrupted deploy: %q", b.String())
	}
}

// TestBadInputExitCodes is the bad-input sweep: every input below is a
// usage error (exit 2) found before any AWS call, or (no route) exit 1 the
// same with --json as without.
func TestBadInputExitCodes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "WIREUP_TARGET"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "aws-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "aws-credentials"))
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("aws-config", "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n")
	write("aws-credentials", "[ci]\naws_access_key_id = x\n")
	run := func(args ...string) (cmdutil.ExitCode, string) {
		ios, _, _, errOut := iostreams.Test()
		code := Run(context.Background(), args, NewFactory(ios))
		return code, errOut.String()
	}
	if code, msg := run("new", "--from", "app", "--to", "sqs", "--name", "ok", "--dir", "ok"); code != cmdutil.ExitOK {
		t.Fatalf("new: exit %d: %s", code, msg)
	}
	good, err := os.ReadFile(filepath.Join(dir, "ok", "wireup.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("empty.yaml", "")
	write("broken.yaml", "x: [")
	write("version.yaml", "version: one\n")
	write("unknown.yaml", "foo: 1\n")
	write("fraction.yaml", strings.Replace(string(good), "maxReceiveCount: 5", "maxReceiveCount: 5.99", 1))
	if err := os.Mkdir(filepath.Join(dir, "adir.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	okSpec := filepath.Join(dir, "ok", "wireup.yaml")

	tests := []struct {
		name string
		env  map[string]string
		args []string
		want cmdutil.ExitCode
		msg  string // in stderr
	}{
		{"empty spec", nil, []string{"new", "--spec", "empty.yaml", "--dir", "x"}, cmdutil.ExitUsage, "empty.yaml"},
		{"not YAML", nil, []string{"new", "--spec", "broken.yaml", "--dir", "x"}, cmdutil.ExitUsage, "parse spec"},
		{"version one", nil, []string{"new", "--spec", "version.yaml", "--dir", "x"}, cmdutil.ExitUsage, "one"},
		{"unknown key", nil, []string{"new", "--spec", "unknown.yaml", "--dir", "x"}, cmdutil.ExitUsage, "field foo not found"},
		{"directory", nil, []string{"new", "--spec", "adir.yaml", "--dir", "x"}, cmdutil.ExitUsage, "is a directory"},
		{"missing spec", nil, []string{"new", "--spec", "missing.yaml", "--dir", "x"}, cmdutil.ExitUsage, "missing.yaml"},
		{"fraction", nil, []string{"new", "--spec", "fraction.yaml", "--dir", "x"}, cmdutil.ExitUsage, `sqs.maxReceiveCount: "5.99" must be a whole number`},
		{"name with spec", nil, []string{"new", "--spec", okSpec, "--name", "other", "--dir", "x"}, cmdutil.ExitUsage, "--spec cannot be combined with --name"},
		{"region with spec", nil, []string{"new", "--spec", okSpec, "--region", "eu-west-1", "--dir", "x"}, cmdutil.ExitUsage, "--spec cannot be combined with --name or --region"},
		{"no wireup.yaml", nil, []string{"status"}, cmdutil.ExitUsage, "no wireup.yaml here"},
		{"status missing --spec", nil, []string{"status", "--spec", "missing.yaml"}, cmdutil.ExitUsage, "missing.yaml"},
		{"endpoint no host", map[string]string{"AWS_ENDPOINT_URL": "http://"}, []string{"status", "--spec", okSpec}, cmdutil.ExitUsage, "missing host"},
		{"endpoint scheme", map[string]string{"AWS_ENDPOINT_URL": "ftp://x"}, []string{"status", "--spec", okSpec}, cmdutil.ExitUsage, "scheme must be http or https"},
		{"endpoint port", nil, []string{"status", "--spec", okSpec, "--endpoint", "http://127.0.0.1:99999"}, cmdutil.ExitUsage, "port 99999 is not between 1 and 65535"},
		{"unknown target", nil, []string{"status", "--spec", okSpec, "--target", "nope"}, cmdutil.ExitUsage, "unknown target"},
		{"bad region", nil, []string{"status", "--spec", okSpec, "--region", "nope-1"}, cmdutil.ExitUsage, "invalid --region"},
		{"unknown profile", map[string]string{"AWS_PROFILE": "nosuch"}, []string{"status", "--spec", okSpec}, cmdutil.ExitUsage, "the profiles there are: ci, default, dev"},
		{"unknown --profile", nil, []string{"status", "--spec", okSpec, "--profile", "nosuch"}, cmdutil.ExitUsage, `AWS profile "nosuch" does not exist`},
		{"verify timeout 0", nil, []string{"verify", "--spec", okSpec, "--timeout", "0"}, cmdutil.ExitUsage, "--timeout must be positive"},
		{"verify timeout negative", nil, []string{"verify", "--spec", okSpec, "--timeout", "-5s"}, cmdutil.ExitUsage, "--timeout must be positive"},
		{"no route", nil, []string{"routes", "--from", "sqs", "--to", "iot"}, cmdutil.ExitFailure, "no route from sqs to iot"},
		{"no route --json", nil, []string{"routes", "--from", "sqs", "--to", "iot", "--json"}, cmdutil.ExitFailure, "no route from sqs to iot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, msg := run(tt.args...)
			if code != tt.want || !strings.Contains(msg, tt.msg) {
				t.Fatalf("wireup %s: exit %d, want %d; stderr:\n%s\nwant it to contain %q", strings.Join(tt.args, " "), code, tt.want, msg, tt.msg)
			}
			if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
				t.Fatalf("wireup %s wrote ./x", strings.Join(tt.args, " "))
			}
		})
	}
}

// runComplete runs `wireup __complete args...` in-process, as the shell
// scripts do, and returns the completion lines (value, or value TAB
// description) without cobra's trailing directive line.
func runComplete(t *testing.T, env map[string]string, args ...string) []string {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	f := NewFactory(ios)
	f.Getenv = func(k string) string { return env[k] }
	if code := Run(context.Background(), append([]string{"__complete"}, args...), f); code != 0 {
		t.Fatalf("__complete %v: exit %d", args, code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
		t.Fatalf("__complete %v: no directive line in %q", args, out.String())
	}
	return lines[:len(lines)-1]
}

func values(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i], _, _ = strings.Cut(l, "\t")
	}
	return out
}

func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	cfg, creds := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if err := os.WriteFile(cfg, []byte("[default]\nregion = eu-west-1\n[profile dev]\n[sso-session corp]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(creds, []byte("[prod]\naws_access_key_id = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": creds}

	tests := []struct {
		name    string
		args    []string
		want    []string // exactly these values, in order; nil: see contains
		first   string   // the first value
		has     []string // starts of lines (value TAB description) among the output
		without []string // values that must not appear
	}{
		{name: "from ids and aliases", args: []string{"new", "--from", "ki"},
			has:     []string{"kinesis\tAmazon Kinesis Data Streams", "kinesis-firehose\tAmazon Data Firehose (firehose)", "kibana\tOpenSearch Dashboards (Kibana)"},
			without: []string{"s3", "kda"}},
		{name: "to on routes", args: []string{"routes", "--to", "elastic"},
			want: []string{"elasticsearch", "elasticsearch-service"}},
		{name: "catalog service", args: []string{"catalog", "--service", "dyn"},
			want: []string{"dynamodb", "dynamo"}},
		{name: "via list", args: []string{"new", "--via", "kinesis,fire"},
			want: []string{"kinesis,firehose"}},
		{name: "route first id, generatable first", args: []string{"new", "--route", "s3-to-"},
			first: "s3-to-lambda", has: []string{"s3-to-redshift\ts3 → redshift: "}},
		{name: "route continues the last hop", args: []string{"new", "--route", "s3-to-sns,"},
			has:     []string{"s3-to-sns,sns-to-sqs\tsns → sqs: Queue subscribed to a topic receives every (filtered) message; the usual fan-out of S3 events."},
			without: []string{"s3-to-sns,s3-to-sqs", "s3-to-sns,iot-to-s3"}},
		{name: "profiles", args: []string{"deploy", "--profile", ""},
			want: []string{"default", "dev", "prod"}},
		{name: "profiles prefix", args: []string{"status", "--profile", "p"},
			want: []string{"prod"}},
		{name: "targets", args: []string{"verify", "--target", ""},
			want: []string{"moto", "kumo", "localstack", "aws"}},
		{name: "targets prefix", args: []string{"destroy", "--target", "lo"},
			want: []string{"localstack"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := runComplete(t, env, tt.args...)
			got := values(lines)
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("__complete %v (-want +got):\n%s", tt.args, diff)
				}
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("__complete %v = %v, want %s first", tt.args, got, tt.first)
			}
			for _, h := range tt.has {
				if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, h) }) {
					t.Errorf("__complete %v lacks %q in:\n%s", tt.args, h, strings.Join(lines, "\n"))
				}
			}
			for _, w := range tt.without {
				if slices.Contains(got, w) {
					t.Errorf("__complete %v offers %q", tt.args, w)
				}
			}
		})
	}
}

// TestCompletionDescriptions checks every description the service and
// integration completions give, and those of flag names (their usage
// strings, "source `service`" in --help): one line, no back-quotes, and for --route
// the generatable integrations before the others.
func TestCompletionDescriptions(t *testing.T) {
	f := NewFactory(nil)
	c, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"new", "--from", ""}, {"new", "--route", ""}, {"new", "--"}, {"deploy", "--"}} {
		lines := runComplete(t, nil, args...)
		if len(lines) < 8 {
			t.Fatalf("__complete %v: %d lines, want at least %d", args, len(lines), len(c.Services))
		}
		for _, l := range lines {
			v, d, ok := strings.Cut(l, "\t")
			if !ok || d == "" {
				t.Errorf("__complete %v: %q has no description", args, l)
			}
			if strings.ContainsAny(d, "`\n") {
				t.Errorf("__complete %v: description of %s has a back-quote: %q", args, v, d)
			}
		}
		if args[1] != "--route" {
			continue
		}
		seenOther := false
		for _, id := range values(lines) {
			gen := c.Generatable(id)
			if !gen {
				seenOther = true
			} else if seenOther {
				t.Errorf("__complete --route: generatable %s after one that is not", id)
			}
		}
	}
}

// TestHelp walks every command, cobra's own included, and checks that its
// --help shows examples and that no line is wider than 80 columns: the
// help is read in a terminal, which would wrap it mid-word.
func TestHelp(t *testing.T) {
	const width = 80
	ios, _, _, _ := iostreams.Test()
	cmd := root.NewCmdRoot(NewFactory(ios))
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				walk(sub, append(slices.Clone(path), sub.Name()))
			}
		}
	}
	walk(cmd, nil)
	if len(paths) < 12 {
		t.Fatalf("walked %d commands: %v", len(paths), paths)
	}
	for _, path := range paths {
		t.Run("wireup "+strings.Join(path, " "), func(t *testing.T) {
			ios, _, out, _ := iostreams.Test()
			if code := Run(context.Background(), append(slices.Clone(path), "--help"), NewFactory(ios)); code != 0 {
				t.Fatalf("exit %d", code)
			}
			help := out.String()
			if !strings.Contains(help, "\nExamples:\n") {
				t.Errorf("no Examples section:\n%s", help)
			}
			for i, line := range strings.Split(help, "\n") {
				if n := utf8.RuneCountInString(line); n > width {
					t.Errorf("line %d is %d columns wide (max %d): %q", i+1, n, width, line)
				}
			}
		})
	}
}
