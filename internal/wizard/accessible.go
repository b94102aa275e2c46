package wizard

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// plainText is s for a screen reader: no arrows or box glyphs, which are
// read out as "rightwards arrow" or not at all.
func plainText(s string) string {
	return strings.NewReplacer(" → ", " to ", " ▼ ", " then ", " · ", ", ", "…", "...", "✓", "ok", "✗ ", "").Replace(s)
}

// fullWidth is wide enough that no label is cut: accessible mode has no
// screen width, and a cut description is lost to a screen reader.
const fullWidth = 1 << 16

// askChoice asks, as plain text, for one of the entries: by its number, or
// by a name, id or alias (ranked as the filter ranks them). Enter alone takes
// the current value, which the prompt shows. validate may refuse a choice;
// the question is then asked again.
func askChoice(w io.Writer, r io.Reader, title, hint string, es []entry, value *string, validate func(string) error) error {
	fmt.Fprintln(w, plainText(title))
	if hint != "" {
		fmt.Fprintln(w, plainText(hint))
	}
	def := 0
	for i, e := range es {
		label := e.opt.Key
		if e.label != nil {
			label = e.label(fullWidth)
		}
		fmt.Fprintf(w, "%d. %s\n", i+1, plainText(strings.ReplaceAll(label, "\n", " ")))
		if e.opt.Value == *value {
			def = i
		}
	}
	defName := strings.TrimSpace(strings.SplitN(es[def].opt.Key, "\n", 2)[0])
	if len(es[def].names) > 0 {
		defName = es[def].names[0]
	}
	// The prompt names its question: a long list scrolls the title away.
	prompt := fmt.Sprintf("Enter a number from 1 to %d or a name (enter for %d, %s): ", len(es), def+1, plainText(defName))
	if q, _, ok := strings.Cut(title, ":"); ok {
		prompt = q + ": e" + prompt[1:]
	}
	for {
		fmt.Fprint(w, prompt)
		sc := bufio.NewScanner(r)
		if !sc.Scan() {
			fmt.Fprintln(w)
			return nil // end of input: the prompter reports a cancel
		}
		e, err := pick(es, def, sc.Text())
		if err == nil && validate != nil {
			err = validate(e.opt.Value)
		}
		if err != nil {
			fmt.Fprintln(w, plainText(err.Error()))
			continue
		}
		*value = e.opt.Value
		return nil
	}
}

// pick is the entry an accessible answer names: empty for the default, a
// number, or the one best match of a name, id or alias.
func pick(es []entry, def int, answer string) (entry, error) {
	a := strings.TrimSpace(answer)
	if a == "" {
		return es[def], nil
	}
	if n, err := strconv.Atoi(a); err == nil {
		if n < 1 || n > len(es) {
			return entry{}, fmt.Errorf("%d is not a choice: enter a number from 1 to %d, or a name", n, len(es))
		}
		return es[n-1], nil
	}
	ranked := rank(es, a)
	if len(ranked) == 0 {
		return entry{}, fmt.Errorf("nothing matches %q: enter a number from 1 to %d, or another name", a, len(es))
	}
	best := matchTier(ranked[0], a)
	if best == tierExact || len(ranked) == 1 || matchTier(ranked[1], a) > best {
		return ranked[0], nil
	}
	var names []string
	for _, e := range ranked {
		if matchTier(e, a) != best || len(names) == 5 {
			break
		}
		n := e.opt.Value
		if len(e.names) > 0 {
			n = e.names[0]
		}
		names = append(names, n)
	}
	return entry{}, fmt.Errorf("%q matches %s: type more of the name, or its number", a, strings.Join(names, ", "))
}

// RunAccessible asks for the list's choice by number or name.
func (r *rankedSelect) RunAccessible(w io.Writer, in io.Reader) error {
	hint := "Type a number, or a service's id, alias or name."
	if r.description != "" && !strings.Contains(r.description, filterHint) && !strings.Contains(r.description, "Type to filter") {
		hint = r.description
	}
	return askChoice(w, in, r.title, hint, r.entries, r.value, r.validate)
}

// WithAccessible keeps the list itself, not huh's select, as the field that
// runs in accessible mode.
func (r *rankedSelect) WithAccessible(bool) huh.Field { return r }

// choiceSelect is a plain huh select whose accessible question shows its
// default and takes an option's words as well as its number.
type choiceSelect struct {
	*huh.Select[string]
	title   string
	entries []entry
	value   *string
}

// newChoice is a select of opts answering into v.
func newChoice(title string, v *string, opts ...huh.Option[string]) *choiceSelect {
	es := make([]entry, len(opts))
	for i, o := range opts {
		es[i] = entry{opt: o, names: []string{strings.SplitN(o.Key, "\n", 2)[0]}, other: []string{o.Value}}
	}
	return &choiceSelect{Select: huh.NewSelect[string]().Title(title).Options(opts...).Value(v), title: title, entries: es, value: v}
}

func (c *choiceSelect) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := c.Select.Update(msg)
	c.Select = m.(*huh.Select[string])
	return c, cmd
}

// RunAccessible asks by number or by an option's words.
func (c *choiceSelect) RunAccessible(w io.Writer, in io.Reader) error {
	return askChoice(w, in, c.title, "", c.entries, c.value, nil)
}

// WithAccessible keeps the wrapper as the field.
func (c *choiceSelect) WithAccessible(bool) huh.Field { return c }
