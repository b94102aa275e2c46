package app

import (
	"context"
	"io"
	"strings"
	"testing"

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
