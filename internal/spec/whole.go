package spec

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// wholeNumbers checks that every integer setting of the document is written
// as a whole number. The YAML decoder stores 5.99 in an int field as 5, so a
// fractional value would otherwise be truncated without a word; it is the
// user's intent that is unclear, and the spec is refused instead. Errors
// names every such field.
func wholeNumbers(doc *yaml.Node) error {
	var errs Errors
	walkInts(doc, reflect.TypeFor[Spec](), "", &errs)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func walkInts(n *yaml.Node, t reflect.Type, path string, errs *Errors) {
	if n == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			walkInts(c, t, path, errs)
		}
		return
	case yaml.AliasNode:
		walkInts(n.Alias, t, path, errs)
		return
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
			*errs = append(*errs, &FieldError{Field: path, Value: n.Value, Rule: "must be a whole number"})
		}
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if f, ok := fieldByYAMLName(t, key); ok {
				walkInts(n.Content[i+1], f.Type, join(path, key), errs)
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, c := range n.Content {
			walkInts(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkInts(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value), errs)
		}
	}
}

func fieldByYAMLName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
