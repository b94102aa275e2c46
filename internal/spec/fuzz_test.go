package spec

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// seedSpecs returns New's YAML for the multi-hop routes, the fuzzers' seeds.
func seedSpecs(f *testing.F) [][]byte {
	c := loadCatalog(f)
	var out [][]byte
	for _, m := range multiHop {
		s, err := New(c, "demo", "us-east-1", m.route, testDefaults...)
		if err != nil {
			f.Fatal(err)
		}
		if m.transform {
			s.EnableTransform()
		}
		b, err := s.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, b := range seedSpecs(f) {
		f.Add(b)
	}
	f.Add([]byte("version: 1\nname: x\ntags: {a: b, \"\": ''}\n"))
	f.Add([]byte("name: !!binary aGVsbG8=\n"))
	f.Add([]byte("version: 0x10\nroute: [a, b]\ns3: {events: [~]}\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("name: \"\\xff\\0\"\nregion: \"\\u2028\"\ntags: {k: null, \"\\t\": \"\\xfe\"}\n"))
	f.Add([]byte("lambda: &a {function: f}\nkinesis: *a\n"))
	c := loadCatalog(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			return
		}
		_ = Validate(c, s, testRules...) // must not panic on anything Parse accepts
		b, err := s.Marshal()
		if err != nil {
			t.Fatalf("Marshal of a parsed spec: %v", err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(s)): %v\n%s", err, b)
		}
		if d := cmp.Diff(s, p, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip differs (-parsed +reparsed):\n%s\n%s", d, b)
		}
		b2, err := p.Marshal()
		if err != nil || string(b2) != string(b) {
			t.Fatalf("Marshal not stable: %v\n%s\n---\n%s", err, b, b2)
		}
	})
}

// leaves returns the settable scalar, slice, map and pointer fields of v,
// depth first, so a fuzz input can pick one by index.
func leaves(v reflect.Value, out []reflect.Value) []reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = leaves(v.Elem(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			out = append(out, f)
			if f.Kind() == reflect.Pointer || f.Kind() == reflect.Struct {
				out = leaves(f, out)
			}
		}
	}
	return out
}

func FuzzValidate(f *testing.F) {
	c := loadCatalog(f)
	f.Add(uint(0), uint(0), "", 0, false)
	f.Add(uint(3), uint(20), "My_Bucket", 7, true)
	f.Add(uint(5), uint(40), "x", -1, false)
	f.Add(uint(1), uint(9), "demo/#", 1<<40, true)
	f.Fuzz(func(t *testing.T, route, field uint, str string, num int, flag bool) {
		m := multiHop[route%uint(len(multiHop))]
		s, err := New(c, "demo", "us-east-1", m.route, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		s.EnableTransform()
		ls := leaves(reflect.ValueOf(s), nil)
		// Mutate two fields so cross-field rules meet odd pairs.
		for _, i := range []uint{field, field / 7} {
			l := ls[i%uint(len(ls))]
			switch l.Kind() {
			case reflect.String:
				l.SetString(str)
			case reflect.Int:
				l.SetInt(int64(num))
			case reflect.Bool:
				l.SetBool(flag)
			case reflect.Slice:
				if flag {
					l.Set(reflect.Zero(l.Type()))
				} else {
					l.Set(reflect.Append(l, reflect.ValueOf(str)))
				}
			case reflect.Map:
				l.Set(reflect.ValueOf(map[string]string{str: str}))
			case reflect.Pointer:
				if flag {
					l.Set(reflect.Zero(l.Type()))
				} else if l.IsNil() {
					l.Set(reflect.New(l.Type().Elem()))
				}
			}
		}
		err1, err2 := Validate(c, s, testRules...), Validate(c, s, testRules...)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("Validate not deterministic:\n%v\n---\n%v", err1, err2)
		}
		var es Errors
		if err1 != nil && !errors.As(err1, &es) {
			t.Fatalf("Validate returned %T", err1)
		}
		for _, e := range es {
			var fe *FieldError
			if !errors.As(e, &fe) || fe.Field == "" || fe.Rule == "" {
				t.Fatalf("not a complete FieldError: %#v", e)
			}
		}
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(mutated)): %v\n%s", err, b)
		}
		if d := cmp.Diff(s, p, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip differs:\n%s", d)
		}
	})
}
