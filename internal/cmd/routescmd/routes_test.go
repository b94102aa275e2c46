package routescmd

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/iostreams"
)

// The flags fill RoutesOptions, aliases included, and --max-hops defaults
// to the longest route wireup finds.
func TestFlagsFillOptions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *RoutesOptions
	cmd := NewCmdRoutes(&cmdutil.Factory{IOStreams: ios, Catalog: catalog.Load}, func(o *RoutesOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--from", "iot", "--to", "kds", "--json", "--include-retired"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.From != "iot" || got.To != "kds" || !got.JSON || !got.IncludeRetired || got.MaxHops != 4 {
		t.Errorf("options = %+v", got)
	}
}

// routesRun ranks what the catalog holds: the JSON lists each route with
// its hops in order, every hop joining the last; a route limit that finds
// nothing (exit 1), a missing flag, a limit out of range and an unknown
// service say what to try.
func TestRoutesRun(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	opts := &RoutesOptions{IO: ios, Catalog: catalog.Load, From: "iot", To: "s3", MaxHops: 4, JSON: true}
	if err := routesRun(opts); err != nil {
		t.Fatal(err)
	}
	var rs []jsonRoute
	if err := json.Unmarshal(out.Bytes(), &rs); err != nil || len(rs) < 3 {
		t.Fatalf("routes --json: %v, %d routes:\n%s", err, len(rs), out)
	}
	if rs[0].ID != "iot-to-s3" {
		t.Errorf("first route %s, want the direct iot-to-s3", rs[0].ID)
	}
	for _, r := range rs {
		if r.Hops != len(r.Steps) || r.Steps[0].From != "iot" || r.Steps[len(r.Steps)-1].To != "s3" {
			t.Errorf("%s: %d hops, steps %v", r.ID, r.Hops, r.Steps)
		}
		for i := 1; i < len(r.Steps); i++ {
			if r.Steps[i].From != r.Steps[i-1].To {
				t.Errorf("%s: hop %d starts at %s, not where hop %d ends", r.ID, i, r.Steps[i].From, i-1)
			}
		}
	}
	for _, tt := range []struct {
		args []string
		want string
		code cmdutil.ExitCode // of an ExitError; 0: a usage error
	}{
		{[]string{"--from", "kinesis", "--to", "s3", "--max-hops", "1"}, "Try --max-hops 2", cmdutil.ExitFailure},
		{[]string{"--from", "iot"}, "both --from and --to are required", 0},
		{[]string{"--from", "iot", "--to", "s3", "--max-hops", "9"}, "--max-hops must be between 1 and", 0},
		{[]string{"--from", "iotx", "--to", "s3"}, "did you mean iot?", 0},
	} {
		ios, _, _, _ := iostreams.Test()
		cmd := NewCmdRoutes(&cmdutil.Factory{IOStreams: ios, Catalog: catalog.Load}, nil)
		cmd.SetArgs(tt.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		var ee *cmdutil.ExitError
		switch {
		case err == nil || !strings.Contains(err.Error(), tt.want):
			t.Errorf("%v: %v, want it to say %q", tt.args, err, tt.want)
		case tt.code != 0 && (!errors.As(err, &ee) || ee.Code != tt.code):
			t.Errorf("%v: %v, want exit %d", tt.args, err, tt.code)
		}
	}
}
