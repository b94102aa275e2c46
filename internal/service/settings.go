package service

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/plan"
)

// Typed is a Provider whose settings are a Go struct: NewSettings returns
// a pointer to a zero one, which Decode fills from a resource's inputs.
// Before a deploy creates anything, the engine decodes every planned
// resource's literal settings into its kind's struct, so a setting that
// does not parse stops the deploy with its name instead of reaching AWS
// as 0.
type Typed interface {
	Provider
	NewSettings() any
}

// Decode fills dst, a pointer to a struct whose fields carry
// `setting:"name"` tags, from a resource's inputs (its literal settings
// and resolved references). Fields may be string, bool, int32, int64,
// float64 or []string (a comma-separated list). A key that is absent or
// empty leaves its field's zero value: the planner omits a setting that
// does not apply. A value that does not parse is an error naming the
// setting and the value; keys without a field are ignored (another kind's
// references, outputs).
func Decode(in map[string]string, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("decode settings into %T: want a pointer to a struct", dst)
	}
	v = v.Elem()
	t := v.Type()
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("setting")
		if name == "" {
			continue
		}
		s := in[name]
		if s == "" {
			continue
		}
		f := v.Field(i)
		var err error
		switch f.Kind() {
		case reflect.String:
			f.SetString(s)
		case reflect.Bool:
			var b bool
			b, err = strconv.ParseBool(s)
			f.SetBool(b)
		case reflect.Int32, reflect.Int64:
			var n int64
			n, err = strconv.ParseInt(s, 10, f.Type().Bits())
			f.SetInt(n)
		case reflect.Float64:
			var x float64
			x, err = strconv.ParseFloat(s, 64)
			f.SetFloat(x)
		case reflect.Slice:
			if f.Type().Elem().Kind() != reflect.String {
				return fmt.Errorf("decode settings into %T: field %s: unsupported type %s", dst, t.Field(i).Name, f.Type())
			}
			f.Set(reflect.ValueOf(strings.Split(s, ",")))
		default:
			return fmt.Errorf("decode settings into %T: field %s: unsupported type %s", dst, t.Field(i).Name, f.Type())
		}
		if err != nil {
			return fmt.Errorf("setting %s = %q is not a %s", name, s, kindName(f.Kind()))
		}
	}
	return nil
}

// DecodeFor decodes the inputs of resource name of kind k into a new T
// (see Decode); its error names the kind and the resource.
func DecodeFor[T any](k plan.Kind, name string, in map[string]string) (*T, error) {
	var s T
	if err := Decode(in, &s); err != nil {
		return nil, fmt.Errorf("%s %s: %w", k, name, err)
	}
	return &s, nil
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "boolean (true or false)"
	case reflect.Float64:
		return "number"
	}
	return "whole number in range"
}
