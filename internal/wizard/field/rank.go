package field

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// Entry is one option of a filtered list and the words it is found by.
type Entry struct {
	Opt huh.Option[string]
	// Label renders the option's text for a line of width columns; the
	// list re-renders it when the terminal's size is known or changes.
	Label func(width int) string
	// IDs are matched exactly first: a service's id and aliases.
	IDs []string
	// Names are matched by prefix (whole name or any word) and substring.
	Names []string
	// Other is matched by substring only: group and description.
	Other []string
}

// Match tiers, best first.
const (
	tierExact = iota
	tierPrefix
	tierSubstring
	tierOther
	tierNone
)

// matchTier is how well e matches query: an exact id or alias, then a prefix
// of an id, alias, name or word of a name, then a substring of those, then a
// substring of the group or description.
func matchTier(e Entry, query string) int {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return tierExact
	}
	best := tierNone
	for _, id := range e.IDs {
		id = strings.ToLower(id)
		switch {
		case id == q:
			return tierExact
		case strings.HasPrefix(id, q):
			best = min(best, tierPrefix)
		case strings.Contains(id, q):
			best = min(best, tierSubstring)
		}
	}
	for _, n := range e.Names {
		n = strings.ToLower(n)
		if strings.HasPrefix(n, q) {
			best = min(best, tierPrefix)
		}
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == '-' }) {
			if strings.HasPrefix(w, q) {
				best = min(best, tierPrefix)
			}
		}
		if strings.Contains(n, q) {
			best = min(best, tierSubstring)
		}
	}
	for _, o := range e.Other {
		if strings.Contains(strings.ToLower(o), q) {
			best = min(best, tierOther)
		}
	}
	return best
}

// Rank returns the entries matching query, best tier first, in list order
// within a tier.
func Rank(es []Entry, query string) []Entry {
	type scored struct {
		e    Entry
		tier int
	}
	var ss []scored
	for _, e := range es {
		if t := matchTier(e, query); t != tierNone {
			ss = append(ss, scored{e, t})
		}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].tier < ss[j].tier })
	out := make([]Entry, len(ss))
	for i, s := range ss {
		out[i] = s.e
	}
	return out
}

// RankedSelect is a huh select that filters and ranks as it is typed: every
// printable key goes to the filter (letters are never movement keys),
// backspace edits it, ctrl+u clears it. huh's own filter keeps list order
// and matches the label only, so "kinesis" would find Kinesis Agent first
// and "kds" nothing.
type RankedSelect struct {
	*huh.Select[string]
	entries []Entry
	title   string
	query   string
	value   *string
	matches int
	// Rows caps the list's height at its options' lines (0: no cap);
	// Reserve lets the form fit its other fields to a width and returns
	// the lines they take.
	Rows        int
	description string
	validate    func(string) error // the caller's rule, for accessible mode
	Reserve     func(width, height int) int
	// width and height are the last terminal size seen (0: none yet).
	width, height int
}

func NewRankedSelect(title string, es []Entry, value *string) *RankedSelect {
	r := &RankedSelect{entries: es, title: title, value: value, matches: len(es), Rows: len(es)}
	opts := make([]huh.Option[string], len(es))
	for i, e := range es {
		opts[i] = e.Opt
	}
	r.Select = huh.NewSelect[string]().Title(title).Options(opts...).Value(value)
	return r
}

// Validate sets the select's validation; a filter that matches nothing is
// refused first, so enter never picks an option the filter hid.
func (r *RankedSelect) Validate(f func(string) error) *RankedSelect {
	r.validate = f
	r.Select.Validate(func(v string) error {
		if r.matches == 0 {
			return fmt.Errorf("nothing matches %q: backspace to edit, ctrl+u to clear", r.query)
		}
		if f != nil {
			return f(v)
		}
		return nil
	})
	return r
}

func (r *RankedSelect) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		if r.resize(ws.Width, ws.Height) {
			// The form sized its group from the list's old height before
			// the list saw the message: once more, now that it changed.
			return r, func() tea.Msg { return ws }
		}
		return r, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case k.Type == tea.KeyRunes && !k.Alt:
			r.setQuery(r.query + string(k.Runes))
			return r, nil
		case k.Type == tea.KeySpace:
			r.setQuery(r.query + " ")
			return r, nil
		case k.Type == tea.KeyBackspace:
			if q := []rune(r.query); len(q) > 0 {
				r.setQuery(string(q[:len(q)-1]))
			}
			return r, nil
		case k.Type == tea.KeyCtrlU:
			r.setQuery("")
			return r, nil
		}
	}
	m, cmd := r.Select.Update(msg)
	r.Select = m.(*huh.Select[string])
	return r, cmd
}

// Chrome is what a form draws around a list at most: the theme's border and
// padding and the "> " cursor take ChromeColumns of each line; the blank
// line and help line under the form, and the terminal's last line (a
// program writing it would scroll the screen), take chromeLines.
const (
	ChromeColumns = 6
	chromeLines   = 3
	MinLabelWidth = 20
)

// resize fits the list to a terminal of width×height: option labels use
// the width, the list grows or shrinks with the height so the whole form,
// its title first, stays on the screen. It reports whether anything
// changed.
func (r *RankedSelect) resize(width, height int) bool {
	if width == r.width && height == r.height {
		return false
	}
	r.width, r.height = width, height
	w := max(MinLabelWidth, width-ChromeColumns)
	for i, e := range r.entries {
		if e.Label != nil {
			r.entries[i].Opt = huh.NewOption(e.Label(w), e.Opt.Value)
		}
	}
	reserved := 0
	if r.Reserve != nil {
		reserved = r.Reserve(w, height)
	}
	h := height - chromeLines - reserved
	if r.Rows > 0 {
		h = min(h, r.Rows+r.headLines(w))
	}
	r.Select.Height(max(h, 4))
	// The same options, relabelled; the cursor stays where it was.
	if ranked := Rank(r.entries, r.query); len(ranked) > 0 {
		opts := make([]huh.Option[string], len(ranked))
		for i, e := range ranked {
			opts[i] = e.Opt
		}
		r.Select.Options(opts...)
	}
	return true
}

// headLines is how many lines the list's title and description take at
// width w.
func (r *RankedSelect) headLines(w int) int {
	n := 1
	if r.description != "" {
		n += strings.Count(Wrap(r.description, w+ChromeColumns-2, ""), "\n") + 1
	}
	return n
}

// Query is the filter typed so far.
func (r *RankedSelect) Query() string { return r.query }

// Matches is how many options the filter shows.
func (r *RankedSelect) Matches() int { return r.matches }

// Description sets the list's description, kept to size it.
func (r *RankedSelect) Description(d string) *RankedSelect {
	r.description = d
	r.Select.Description(d)
	return r
}

// setQuery re-ranks the options and selects the best match.
func (r *RankedSelect) setQuery(q string) {
	r.query = q
	ranked := Rank(r.entries, q)
	r.matches = len(ranked)
	switch {
	case q == "":
		r.Select.Title(r.title)
	case len(ranked) == 0:
		r.Select.Title(fmt.Sprintf("%s  filter: %s (no match)", r.title, q))
		return
	default:
		r.Select.Title(fmt.Sprintf("%s  filter: %s", r.title, q))
	}
	opts := make([]huh.Option[string], len(ranked))
	for i, e := range ranked {
		opts[i] = e.Opt
	}
	*r.value = opts[0].Value
	r.Select.Options(opts...)
}
