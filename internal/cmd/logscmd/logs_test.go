package logscmd

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/service/logs"
)

const (
	fnGroup = "/aws/lambda/demo-consumer"
	fhGroup = "/aws/kinesisfirehose/demo-delivery"
)

func TestPick(t *testing.T) {
	gs := []logs.Group{{Name: fhGroup}, {Name: fnGroup}}
	for _, name := range []string{fnGroup, "demo-consumer"} {
		got, err := pick(gs, name)
		if err != nil || len(got) != 1 || got[0].Name != fnGroup {
			t.Errorf("pick(%q) = %v, %v", name, got, err)
		}
	}
	if got, _ := pick(gs, ""); len(got) != 2 {
		t.Errorf("pick(\"\") = %v, want every group", got)
	}
	_, err := pick(gs, "nope")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), fhGroup+", "+fnGroup) {
		t.Errorf("pick(nope) = %v, want a usage error listing the groups", err)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 2, 5, 30, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                     now.Add(-10 * time.Minute),
		"90s":                  now.Add(-90 * time.Second),
		"2h":                   now.Add(-2 * time.Hour),
		"2026-12-01T00:00:00Z": time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
	} {
		got, err := ParseSince(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"-5m", "0s", "yesterday", "2026-12-01"} {
		var fe *cmdutil.FlagError
		if _, err := ParseSince(in, now); !errors.As(err, &fe) {
			t.Errorf("ParseSince(%q) = %v, want a usage error", in, err)
		}
	}
}

// Read merges the groups oldest first, follows pages, starts at --since,
// and says once that a group does not exist yet.
