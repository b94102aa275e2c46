package wizard

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/catalog"
)

// entry is one option of a filtered list and the words it is found by.
type entry struct {
	opt huh.Option[string]
	// ids are matched exactly first: a service's id and aliases.
	ids []string
	// names are matched by prefix (whole name or any word) and substring.
	names []string
	// other is matched by substring only: group and description.
	other []string
}

func serviceEntry(s *catalog.Service, label string) entry {
	return entry{
		opt:   huh.NewOption(label, s.ID),
		ids:   append([]string{s.ID}, s.Aliases...),
		names: []string{s.Name},
		other: []string{s.Group, s.Description},
	}
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
func matchTier(e entry, query string) int {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return tierExact
	}
	best := tierNone
	for _, id := range e.ids {
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
	for _, n := range e.names {
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
	for _, o := range e.other {
		if strings.Contains(strings.ToLower(o), q) {
			best = min(best, tierOther)
		}
	}
	return best
}

// rank returns the entries matching query, best tier first, in list order
// within a tier.
func rank(es []entry, query string) []entry {
	type scored struct {
		e    entry
		tier int
	}
	var ss []scored
	for _, e := range es {
		if t := matchTier(e, query); t != tierNone {
			ss = append(ss, scored{e, t})
		}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].tier < ss[j].tier })
	out := make([]entry, len(ss))
	for i, s := range ss {
		out[i] = s.e
	}
	return out
}

// rankedSelect is a huh select that filters and ranks as it is typed: every
// printable key goes to the filter (letters are never movement keys),
// backspace edits it, ctrl+u clears it. huh's own filter keeps list order
// and matches the label only, so "kinesis" would find Kinesis Agent first
// and "kds" nothing.
type rankedSelect struct {
	*huh.Select[string]
	entries []entry
	title   string
	query   string
	value   *string
	matches int
}

func newRankedSelect(title string, es []entry, value *string) *rankedSelect {
	r := &rankedSelect{entries: es, title: title, value: value, matches: len(es)}
	opts := make([]huh.Option[string], len(es))
	for i, e := range es {
		opts[i] = e.opt
	}
	r.Select = huh.NewSelect[string]().Title(title).Options(opts...).Value(value)
	return r
}

// Validate sets the select's validation; a filter that matches nothing is
// refused first, so enter never picks an option the filter hid.
func (r *rankedSelect) Validate(f func(string) error) *rankedSelect {
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

func (r *rankedSelect) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
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

// setQuery re-ranks the options and selects the best match.
func (r *rankedSelect) setQuery(q string) {
	r.query = q
	ranked := rank(r.entries, q)
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
		opts[i] = e.opt
	}
	*r.value = opts[0].Value
	r.Select.Options(opts...)
}
