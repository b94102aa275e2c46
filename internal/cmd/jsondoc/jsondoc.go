// Package jsondoc pins the shapes of the commands' --json outputs to their
// pages in docs/json/: each page lists every field of the output, one table
// row a field, and a command's test checks the page and the Go type that is
// encoded name the same fields, so a change of shape fails until the page
// follows.
package jsondoc

import (
	"bufio"
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Field is one field of a JSON shape: its path (a.b[].c, m{}.d: [] an
// array's elements, {} a map's values) and its JSON type.
type Field struct {
	Path, Type string
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	timeType      = reflect.TypeFor[time.Time]()
	durationType  = reflect.TypeFor[time.Duration]()
	rawType       = reflect.TypeFor[json.RawMessage]()
)

// Shape lists the fields encoding/json writes for a value of type t, sorted
// by path. The root itself has the path "." when it is not an object.
func Shape(t reflect.Type) []Field {
	var out []Field
	walk(t, "", &out, map[reflect.Type]bool{})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func walk(t reflect.Type, path string, out *[]Field, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	add := func(typ string) {
		p := path
		if p == "" {
			p = "."
		}
		*out = append(*out, Field{Path: p, Type: typ})
	}
	switch {
	case t == timeType:
		add("string (RFC 3339 time)")
		return
	case t == durationType:
		add("number (nanoseconds)")
		return
	case t == rawType:
		add("object (JSON as it is)")
		return
	case t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
		add("string")
		return
	case t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler):
		add("any (the type's own JSON)")
		return
	}
	switch t.Kind() {
	case reflect.String:
		add("string")
	case reflect.Bool:
		add("boolean")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		add("number")
	case reflect.Interface:
		add("any")
	case reflect.Slice, reflect.Array:
		add("array")
		walk(t.Elem(), path+"[]", out, seen)
	case reflect.Map:
		add("object (map)")
		walk(t.Elem(), path+"{}", out, seen)
	case reflect.Struct:
		if path != "" {
			add("object")
		}
		if seen[t] {
			return // a recursive type: its fields are listed where it first appears
		}
		seen[t] = true
		defer delete(seen, t)
		fields(t, path, out, seen)
	default:
		add(t.Kind().String())
	}
}

// fields walks a struct's fields as encoding/json sees them: the json tag's
// name, "-" skipped, embedded structs without a name inlined.
func fields(t reflect.Type, path string, out *[]Field, seen map[reflect.Type]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				fields(et, path, out, seen)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := name
		if path != "" {
			p = path + "." + name
		}
		walk(f.Type, p, out, seen)
	}
}

// row is a table row of a page: | `path` | type | meaning |
var row = regexp.MustCompile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]+?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$")

// Page reads the fields a page documents: every table row whose first
// cell is a path in back-quotes, with its type and what it means.
func Page(file string) (map[string]Field, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("read JSON page: %w", err)
	}
	defer f.Close()
	doc := map[string]Field{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if m[3] == "" {
			return nil, fmt.Errorf("%s:%d: field %s says nothing about what it means", file, n, m[1])
		}
		doc[m[1]] = Field{Path: m[1], Type: m[2]}
	}
	return doc, sc.Err()
}

// Diff compares a page with the shape of type t: fields missing from the
// page, fields the page has that the output does not, and types that
// differ, one line each; empty when they agree.
func Diff(file string, t reflect.Type) ([]string, error) {
	doc, err := Page(file)
	if err != nil {
		return nil, err
	}
	var diffs []string
	have := map[string]bool{}
	for _, f := range Shape(t) {
		have[f.Path] = true
		d, ok := doc[f.Path]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s: `%s` (%s) is in the output but not on the page", file, f.Path, f.Type))
		case d.Type != f.Type:
			diffs = append(diffs, fmt.Sprintf("%s: `%s` is %s in the output, the page says %s", file, f.Path, f.Type, d.Type))
		}
	}
	for p := range doc {
		if !have[p] {
			diffs = append(diffs, fmt.Sprintf("%s: `%s` is on the page but not in the output", file, p))
		}
	}
	sort.Strings(diffs)
	return diffs, nil
}

// TB is the part of testing.TB Check uses.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Check fails t with each difference between the page (a path relative to
// the repository's docs/json directory, seen from a package two levels
// under internal/cmd) and the shape of v's type.
func Check(t TB, page string, v any) {
	t.Helper()
	diffs, err := Diff("../../../docs/json/"+page, reflect.TypeOf(v))
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, d := range diffs {
		t.Errorf("%s (the page and the output must list the same fields)", d)
	}
}
