package service

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/plan"
)

func TestDiffs(t *testing.T) {
	var d Diffs
	if d.String() != "" {
		t.Fatalf("empty Diffs = %q, want \"\"", d.String())
	}
	d.If(false, "role %s, want %s", "a", "b")
	d.If(true, "role %s, want %s", "a", "b")
	d.Add("", "SSL is off", "")
	d.If(true, "mode %q", "SPICE")
	if got, want := d.String(), `role a, want b; SSL is off; mode "SPICE"`; got != want {
		t.Errorf("Diffs = %q, want %q", got, want)
	}
}

// A role read back as the ARN or as the name of the planned ARN is the
// planned one; another is named.
func TestRoleDrift(t *testing.T) {
	want := "arn:aws:iam::123456789012:role/demo"
	for got, diff := range map[string]string{want: "", "demo": "", "other": "role other, want " + want} {
		if d := RoleDrift(got, want); d != diff {
			t.Errorf("RoleDrift(%q) = %q, want %q", got, d, diff)
		}
	}
}

func TestAdopt(t *testing.T) {
	p := &plan.Plan{Project: "demo"}
	tagged := func(project string) func() (map[string]string, error) {
		return func() (map[string]string, error) { return map[string]string{plan.TagProject: project}, nil }
	}
	same := func(m map[string]string) map[string]string { return m }
	unread := func() (map[string]string, error) { t.Fatal("tags read for a recorded resource"); return nil, nil }
	if err := Adopt(&Request{Plan: p, Recorded: true}, "Glue crawler", "c", "glue.crawler.name", unread, same); err != nil {
		t.Errorf("recorded: %v", err)
	}
	if err := Adopt(&Request{Plan: p}, "Glue crawler", "c", "glue.crawler.name", tagged("demo"), same); err != nil {
		t.Errorf("tagged by the project: %v", err)
	}
	err := Adopt(&Request{Plan: p}, "Glue crawler", "c", "glue.crawler.name", tagged("other"), same)
	want := "create Glue crawler: c exists in this account and is not tagged wireup:project=demo: name taken. Rename glue.crawler.name in wireup.yaml"
	if !errors.Is(err, ErrNameTaken) || err.Error() != want {
		t.Errorf("someone else's: %v, want %q wrapping ErrNameTaken", err, want)
	}
	boom := errors.New("boom")
	err = Adopt(&Request{Plan: p}, "Glue job", "j", "glue.job.name", func() (map[string]string, error) { return nil, boom }, same)
	if !errors.Is(err, boom) || err.Error() != "read tags of Glue job j: boom" {
		t.Errorf("unreadable tags: %v", err)
	}
}

// pager is a paginator over fixed pages that fails at page fail (-1: never).
type pager struct {
	pages [][]string
	next  int
	fail  int
}

type pageOptions struct{}

func (p *pager) HasMorePages() bool { return p.next < len(p.pages) }

func (p *pager) NextPage(context.Context, ...func(*pageOptions)) ([]string, error) {
	if p.next == p.fail {
		return nil, errors.New("page failed")
	}
	p.next++
	return p.pages[p.next-1], nil
}

func TestCollect(t *testing.T) {
	upper := func(page []string) []string {
		var out []string
		for _, s := range page {
			out = append(out, strings.ToUpper(s))
		}
		return out
	}
	pg := &pager{pages: [][]string{{"a", "b"}, {}, {"c"}}, fail: -1}
	got, err := Collect(context.Background(), pg.HasMorePages, pg.NextPage, upper)
	if err != nil || strings.Join(got, ",") != "A,B,C" {
		t.Errorf("Collect = %v, %v; want A,B,C", got, err)
	}
	pg = &pager{pages: [][]string{{"a"}, {"b"}, {"c"}}, fail: 2}
	got, err = Collect(context.Background(), pg.HasMorePages, pg.NextPage, upper)
	if err == nil || strings.Join(got, ",") != "A,B" {
		t.Errorf("Collect with a failing page = %v, %v; want A,B and the error", got, err)
	}
}

type testTag struct{ k, v string }

func TestTagList(t *testing.T) {
	mk := func(k, v *string) testTag { return testTag{aws.ToString(k), aws.ToString(v)} }
	if got := TagList(&plan.Plan{}, mk); got != nil {
		t.Errorf("no tags = %v, want nil", got)
	}
	got := TagList(&plan.Plan{Tags: []plan.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}}, mk)
	if len(got) != 2 || got[0] != (testTag{"a", "1"}) || got[1] != (testTag{"b", "2"}) {
		t.Errorf("TagList = %v", got)
	}
}

func TestAwaitGone(t *testing.T) {
	notFound := &smithy.GenericAPIError{Code: "ResourceNotFoundException"}
	reads := 0
	err := AwaitGone(context.Background(), time.Minute, "delete x", func() error {
		if reads++; reads < 3 {
			return nil
		}
		return notFound
	}, IsNotFound)
	if err != nil || reads != 3 {
		t.Errorf("AwaitGone = %v after %d reads, want nil after 3", err, reads)
	}
	boom := errors.New("boom")
	if err := AwaitGone(context.Background(), time.Minute, "delete x", func() error { return boom }, IsNotFound); !errors.Is(err, boom) {
		t.Errorf("AwaitGone on a failing read = %v, want boom", err)
	}
	err = AwaitGone(context.Background(), 50*time.Millisecond, "delete x", func() error { return nil }, IsNotFound)
	if err == nil || !strings.Contains(err.Error(), "delete x: not ready after") {
		t.Errorf("AwaitGone that never ends = %v, want a timeout", err)
	}
}

func TestWatch(t *testing.T) {
	checks := 0
	err := Watch(context.Background(), time.Minute, func() (bool, error) { checks++; return checks == 2, nil })
	if err != nil || checks != 2 {
		t.Errorf("Watch = %v after %d checks, want nil after 2", err, checks)
	}
	boom := errors.New("boom")
	if err := Watch(context.Background(), time.Minute, func() (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("Watch on a failing check = %v, want boom", err)
	}
	checks = 0
	err = Watch(context.Background(), 600*time.Millisecond, func() (bool, error) { checks++; return false, nil })
	if !errors.Is(err, ErrNotSeen) || checks != 2 { // at 0 and 250 ms; the next, at 750 ms, is past the timeout
		t.Errorf("Watch that never finds = %v after %d checks, want ErrNotSeen after 2", err, checks)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Watch(ctx, time.Minute, func() (bool, error) { return false, nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Watch after a cancel = %v, want context.Canceled", err)
	}
}
