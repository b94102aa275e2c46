package field

import "testing"

func TestRankTiers(t *testing.T) {
	e := Entry{IDs: []string{"kinesis", "kds"}, Names: []string{"Amazon Kinesis Data Streams"}, Other: []string{"streaming", "Sharded stream"}}
	for q, want := range map[string]int{
		"kds": tierExact, "KINESIS": tierExact, "kin": tierPrefix, "data": tierPrefix,
		"nesis": tierSubstring, "shard": tierOther, "xyz": tierNone, "": tierExact,
	} {
		if got := matchTier(e, q); got != want {
			t.Errorf("matchTier(%q) = %d, want %d", q, got, want)
		}
	}
}
