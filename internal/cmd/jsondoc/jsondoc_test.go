package jsondoc

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type inner struct {
	N int `json:"n"`
}

type embedded struct {
	E string `json:"e,omitempty"`
}

type sample struct {
	embedded
	A    string           `json:"a"`
	B    []inner          `json:"b"`
	M    map[string]inner `json:"m,omitempty"`
	T    time.Time        `json:"t"`
	D    time.Duration    `json:"dNs"`
	Skip string           `json:"-"`
	P    *inner           `json:"p,omitempty"`
}

func TestShape(t *testing.T) {
	got := Shape(reflect.TypeFor[sample]())
	want := []Field{
		{"a", "string"}, {"b", "array"}, {"b[]", "object"}, {"b[].n", "number"},
		{"dNs", "number (nanoseconds)"}, {"e", "string"},
		{"m", "object (map)"}, {"m{}", "object"}, {"m{}.n", "number"},
		{"p", "object"}, {"p.n", "number"}, {"t", "string (RFC 3339 time)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Shape (-want +got):\n%s", diff)
	}
}

// TestDiffFails: a page missing a field, with one the output lacks, or with
// a wrong type, is reported; a page that agrees is not.
func TestDiffFails(t *testing.T) {
	dir := t.TempDir()
	rows := []string{"| `a` | string | the a |", "| `b` | array | bs |", "| `b[]` | object | a b |", "| `b[].n` | number | its n |",
		"| `dNs` | number (nanoseconds) | d |", "| `e` | string | e |", "| `m` | object (map) | m |", "| `m{}` | object | mv |",
		"| `m{}.n` | number | n |", "| `p` | object | p |", "| `p.n` | number | pn |", "| `t` | string (RFC 3339 time) | t |"}
	write := func(rows []string) string {
		f := filepath.Join(dir, "page.md")
		if err := os.WriteFile(f, []byte("# page\n\n| field | type | meaning |\n|---|---|---|\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	typ := reflect.TypeFor[sample]()
	if d, err := Diff(write(rows), typ); err != nil || len(d) != 0 {
		t.Fatalf("agreeing page: %v %v", d, err)
	}
	broken := append(append([]string{}, rows[1:]...), "| `gone` | string | not in the output |")
	broken[0] = "| `b` | object | wrong type |"
	d, err := Diff(write(broken), typ)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"`a` (string) is in the output but not on the page", "`b` is array in the output, the page says object", "`gone` is on the page but not in the output"}
	if len(d) != len(want) {
		t.Fatalf("diff = %q, want %d lines", d, len(want))
	}
	for i := range want {
		if !strings.Contains(d[i], want[i]) {
			t.Errorf("diff[%d] = %q, want it to say %q", i, d[i], want[i])
		}
	}
	if _, err := Diff(write(append(rows, "| `x` | string |  |")), typ); err == nil {
		t.Error("a row without a meaning was accepted")
	}
}
