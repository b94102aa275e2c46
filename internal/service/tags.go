package service

import (
	"encoding/json"
	"net/url"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/plan"
)

// TagsOf turns a service's tag list into a map; kv reads one tag, since
// every SDK has a Tag type of its own.
func TagsOf[T any](ts []T, kv func(T) (key, value *string)) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		k, v := kv(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

// SamePolicy compares a policy document as a service returns it with the
// planned one. AWS and moto URL-encode documents, kumo does not;
// PathUnescape leaves a literal "+" alone, where QueryUnescape would turn it
// into a space.
func SamePolicy(live string, want json.RawMessage) bool {
	if dec, err := url.PathUnescape(live); err == nil {
		live = dec
	}
	var a, b any
	if json.Unmarshal([]byte(live), &a) != nil || json.Unmarshal(want, &b) != nil {
		return false
	}
	return reflect.DeepEqual(normalize(a), normalize(b))
}

// normalize makes IAM's equivalent spellings equal: a one-element array and
// its element ("Action": "x" and ["x"]).
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case []any:
		if len(t) == 1 {
			return normalize(t[0])
		}
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	}
	return v
}

// TagList is the plan's tags as a service's tag list (nil when the plan
// has none); tag makes one, since every SDK has a Tag type of its own.
func TagList[T any](p *plan.Plan, tag func(key, value *string) T) []T {
	var out []T
	for _, t := range p.Tags {
		out = append(out, tag(aws.String(t.Key), aws.String(t.Value)))
	}
	return out
}
