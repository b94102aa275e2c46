package field

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// PlainText is s for a screen reader: no arrows or box glyphs, which are
// read out as "rightwards arrow" or not at all. An arrow a line break
// follows (wrapped text) becomes "to" too.
func PlainText(s string) string {
	return strings.NewReplacer(" → ", " to ", " →\n", " to\n", "→", " to ", " ▼ ", " then ", " · ", ", ", "…", "...", "✓", "ok", "✗ ", "").Replace(s)
}

// FullWidth is wide enough that no label is cut: accessible mode has no
// screen width, and a cut description is lost to a screen reader.
const FullWidth = 1 << 16

// askChoice asks, as plain text, for one of the entries: by its number, or
// by a name, id or alias (ranked as the filter ranks them). Enter alone takes
// the current value, which the prompt shows. validate may refuse a choice;
// the question is then asked again.
func askChoice(w io.Writer, r io.Reader, title, hint string, es []Entry, value *string, validate func(string) error) error {
	fmt.Fprintln(w, PlainText(title))
	if hint != "" {
		fmt.Fprintln(w, PlainText(hint))
	}
	def := 0
	for i, e := range es {
		label := e.Opt.Key
		if e.Label != nil {
			label = e.Label(FullWidth)
		}
		fmt.Fprintf(w, "%d. %s\n", i+1, PlainText(strings.ReplaceAll(label, "\n", " ")))
		if e.Opt.Value == *value {
			def = i
		}
	}
	defName := strings.TrimSpace(strings.SplitN(es[def].Opt.Key, "\n", 2)[0])
	if len(es[def].Names) > 0 {
		defName = es[def].Names[0]
	}
	// The prompt names its question: a long list scrolls the title away.
	prompt := fmt.Sprintf("Enter a number from 1 to %d or a name (enter for %d, %s): ", len(es), def+1, PlainText(defName))
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
			err = validate(e.Opt.Value)
		}
		if err != nil {
			fmt.Fprintln(w, PlainText(err.Error()))
			continue
		}
		*value = e.Opt.Value
		return nil
	}
}

// pick is the entry an accessible answer names: empty for the default, a
// number, or the one best match of a name, id or alias.
func pick(es []Entry, def int, answer string) (Entry, error) {
	a := strings.TrimSpace(answer)
	if a == "" {
		return es[def], nil
	}
	if n, err := strconv.Atoi(a); err == nil {
		if n < 1 || n > len(es) {
			return Entry{}, fmt.Errorf("%d is not a choice: enter a number from 1 to %d, or a name", n, len(es))
		}
		return es[n-1], nil
	}
	ranked := Rank(es, a)
	if len(ranked) == 0 {
		return Entry{}, fmt.Errorf("nothing matches %q: enter a number from 1 to %d, or another name", a, len(es))
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
		n := e.Opt.Value
		if len(e.Names) > 0 {
			n = e.Names[0]
		}
		names = append(names, n)
	}
	return Entry{}, fmt.Errorf("%q matches %s: type more of the name, or its number", a, strings.Join(names, ", "))
}

// RunAccessible asks for the list's choice by number or name.
func (r *RankedSelect) RunAccessible(w io.Writer, in io.Reader) error {
	hint := "Type a number, or a service's id, alias or name."
	if r.description != "" && !strings.Contains(r.description, FilterHint) && !strings.Contains(r.description, "Type to filter") {
		hint = r.description
	}
	return askChoice(w, in, r.title, hint, r.entries, r.value, r.validate)
}

// WithAccessible keeps the list itself, not huh's select, as the field that
// runs in accessible mode.
func (r *RankedSelect) WithAccessible(bool) huh.Field { return r }

// Choice is a plain huh select whose accessible question shows its
// default and takes an option's words as well as its number.
type Choice struct {
	*huh.Select[string]
	title   string
	entries []Entry
	value   *string
}

// NewChoice is a select of opts answering into v.
func NewChoice(title string, v *string, opts ...huh.Option[string]) *Choice {
	es := make([]Entry, len(opts))
	for i, o := range opts {
		es[i] = Entry{Opt: o, Names: []string{strings.SplitN(o.Key, "\n", 2)[0]}, Other: []string{o.Value}}
	}
	return &Choice{Select: huh.NewSelect[string]().Title(title).Options(opts...).Value(v), title: title, entries: es, value: v}
}

func (c *Choice) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := c.Select.Update(msg)
	c.Select = m.(*huh.Select[string])
	return c, cmd
}

// RunAccessible asks by number or by an option's words.
func (c *Choice) RunAccessible(w io.Writer, in io.Reader) error {
	return askChoice(w, in, c.title, "", c.entries, c.value, nil)
}

// WithAccessible keeps the wrapper as the field.
func (c *Choice) WithAccessible(bool) huh.Field { return c }

// PlainNote is a note whose accessible form is plain text: huh prints a
// note's text as it is, arrows included, and wrapped for a screen width
// accessible mode does not have.
type PlainNote struct {
	*huh.Note
	title string
	// text is the note's text at a width: wrapped for the screen in the
	// bubbletea loop, unwrapped (FullWidth) in accessible mode.
	text func(width int) string
}

// NewPlainNote is a note titled title with text(LineWidth) under it: in
// the note's description, or, with inTitle, in its title after a blank
// line (huh renders a description as markdown, which joins paragraphs).
func NewPlainNote(title string, text func(width int) string, inTitle bool) *PlainNote {
	n := huh.NewNote()
	if inTitle {
		n.Title(title + "\n\n" + text(LineWidth))
	} else {
		n.Title(title).Description(text(LineWidth))
	}
	return &PlainNote{Note: n, title: title, text: text}
}

func (n *PlainNote) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := n.Note.Update(msg)
	n.Note = m.(*huh.Note)
	return n, cmd
}

// RunAccessible prints the title and the text as plain text.
func (n *PlainNote) RunAccessible(w io.Writer, _ io.Reader) error {
	fmt.Fprintln(w, PlainText(n.title))
	fmt.Fprintln(w, PlainText(n.text(FullWidth)))
	return nil
}

// WithAccessible keeps the wrapper as the field.
func (n *PlainNote) WithAccessible(bool) huh.Field { return n }

// Paragraphs is text, paragraphs separated by blank lines, wrapped to a
// width.
func Paragraphs(text string) func(width int) string {
	return func(width int) string {
		var paras []string
		for _, para := range strings.Split(text, "\n\n") {
			paras = append(paras, Wrap(para, width, ""))
		}
		return strings.Join(paras, "\n\n")
	}
}
