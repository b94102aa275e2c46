package routes

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wireup/wireup/internal/catalog"
)

func load(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFindIoTToS3(t *testing.T) {
	c := load(t)
	rs, err := Find(c, "iot", "s3", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, Short(r))
	}
	// The three routes AWS documents, in rank order, must lead.
	want := []string{"iot → s3", "iot → firehose → s3", "iot → kinesis → firehose → s3"}
	if diff := cmp.Diff(want, got[:3]); diff != "" {
		t.Fatalf("routes (-want +got):\n%s\nall: %v", diff, got)
	}
	for _, r := range rs {
		if len(r.Hops) > MaxHops {
			t.Errorf("route %s longer than %d hops", r.ID(), MaxHops)
		}
		for i := 1; i < len(r.Hops); i++ {
			if r.Hops[i-1].To != r.Hops[i].From {
				t.Errorf("route %s is not connected", r.ID())
			}
		}
	}
}

func TestRankingPrefersManagedBatching(t *testing.T) {
	c := load(t)
	rs, _ := Find(c, "app", "s3", Options{})
	// app → s3 direct is one hop and leads; among two-hop routes Firehose leads.
	if Short(rs[0]) != "app → s3" || Short(rs[1]) != "app → firehose → s3" {
		t.Fatalf("got %s, %s", Short(rs[0]), Short(rs[1]))
	}
}

func TestRetiredExcluded(t *testing.T) {
	c := load(t)
	rs, _ := Find(c, "kinesis", "lambda", Options{})
	for _, r := range rs {
		for _, s := range r.Services() {
			if s == "kda" {
				t.Fatalf("retired kda in route %s", r.ID())
			}
		}
	}
	rs, _ = Find(c, "kinesis", "lambda", Options{IncludeRetired: true})
	found := false
	for _, r := range rs {
		found = found || r.ID() == "kinesis-to-kda+kda-to-lambda"
	}
	if !found {
		t.Fatal("--include-retired should include kinesis → kda → lambda")
	}
}

func TestNoTransformOrAppHops(t *testing.T) {
	c := load(t)
	rs, _ := Find(c, "firehose", "lambda", Options{})
	for _, r := range rs {
		if r.ID() == "firehose-transform-lambda" {
			t.Fatal("transform used as a route")
		}
	}
	rs, _ = Find(c, "kinesis", "s3", Options{})
	for _, r := range rs {
		for _, v := range r.Via() {
			if c.Service(v).Kind != catalog.KindService {
				t.Fatalf("route %s passes through %s (%s)", r.ID(), v, c.Service(v).Kind)
			}
		}
	}
}

func TestUnknown(t *testing.T) {
	if _, err := Find(load(t), "nope", "s3", Options{}); err == nil {
		t.Fatal("want error")
	}
}

func BenchmarkFindIoTToS3(b *testing.B) {
	c := load(b)
	for b.Loop() {
		if _, err := Find(c, "iot", "s3", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadAndFind(b *testing.B) {
	for b.Loop() {
		c, err := catalog.Load()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Find(c, "iot", "s3", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNoDataAfterMetadata(t *testing.T) {
	c := load(t)
	rs, _ := Find(c, "dynamodb", "s3", Options{})
	for _, r := range rs {
		if r.ID() == "dynamodb-to-glue+glue-to-s3" {
			t.Fatal("a crawler's catalog is not data for a Glue job to write to S3")
		}
	}
	rs, _ = Find(c, "s3", "athena", Options{})
	found := false
	for _, r := range rs {
		found = found || r.ID() == "s3-to-glue+glue-to-athena"
	}
	if !found {
		t.Fatal("s3 → glue → athena (crawler, then Athena uses the catalog) should be a route")
	}
}

func TestRouteIDs(t *testing.T) {
	c := load(t)
	r := Route{Hops: []*catalog.Integration{c.Integration("iot-to-firehose"), c.Integration("firehose-to-s3")}}
	if diff := cmp.Diff([]string{"iot-to-firehose", "firehose-to-s3"}, r.IntegrationIDs()); diff != "" {
		t.Errorf("IntegrationIDs (-want +got):\n%s", diff)
	}
	if got, want := r.ID(), "iot-to-firehose+firehose-to-s3"; got != want {
		t.Errorf("ID = %q, want %q", got, want)
	}
}
