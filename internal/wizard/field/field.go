// Package field holds the huh fields the wizard's forms are made of and
// the keymap they share: a list that filters and ranks its options as they
// are typed and fits the terminal (RankedSelect), a choice that accessible
// mode asks by number or by an option's words (Choice), and a text input
// checked by its rule as it is typed (LiveInput); and the plain text
// accessible mode prints (PlainText) and the line breaking (Wrap) they use.
// It knows no service and no step of the wizard.
package field

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
)

// LineWidth keeps every option on one line of an 80-column terminal (the
// form's border, padding and the "> " cursor take the rest) until the
// terminal says its size; then lists use its width.
const LineWidth = 80 - ChromeColumns

// FilterHint is the description of a ranked list: how to use it.
const FilterHint = "Type to filter by id, alias, name or group, ↑/↓ to move, enter to choose."

// KeyMap is the keymap of every wizard form. Esc cancels, as Ctrl-C does
// (the README's exit-code table: 130). Lists bind no letter: every list
// filters as letters are typed. shift+tab stays bound, and huh shows it only
// where there is a field before in the same form: each step is its own form,
// so going back a step is the dead-end form's and the review's job.
func KeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "cancel"))
	km.Select.Filter = key.NewBinding(key.WithDisabled())
	km.Select.Up = key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up"))
	km.Select.Down = key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down"))
	km.Select.GotoTop = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "go to start"))
	km.Select.GotoBottom = key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "go to end"))
	km.Select.HalfPageUp = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up"))
	km.Select.HalfPageDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", "page down"))
	return km
}

// LiveInput is a text input, prefilled with *v, checked by rule as it is
// typed: the description under it shows the broken rule, or a check mark,
// after every key (huh itself validates only on enter, which still refuses
// to move on). An empty answer keeps the current value, which the title
// shows, because accessible mode reads the answer without the prefilled
// text; call keep after the form runs to put it back.
func LiveInput(title string, v *string, rule func(string) error) (in *huh.Input, keep func()) {
	cur := *v
	if cur != "" {
		title += " [" + cur + "]"
	}
	check := rule
	if cur != "" {
		check = Optional(rule)
	}
	in = huh.NewInput().Title(title).Value(v).Validate(check).
		DescriptionFunc(func() string {
			if *v == "" && cur != "" {
				return "enter keeps " + cur
			}
			return RuleStatus(rule(*v))
		}, v)
	return in, func() {
		if *v == "" {
			*v = cur
		}
	}
}

// RuleStatus is a field's description under a text rule: the broken rule,
// wrapped to the line, or a check mark.
func RuleStatus(err error) string {
	if err != nil {
		return Wrap("✗ "+err.Error(), LineWidth-2, "  ")
	}
	return "✓"
}

// Optional accepts the empty string (the field's default) and otherwise
// applies rule.
func Optional(rule func(string) error) func(string) error {
	return func(s string) error {
		if s == "" {
			return nil
		}
		return rule(s)
	}
}

// Wrap breaks s at spaces into lines of at most width runes, indenting the
// continuation lines.
func Wrap(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		l := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case n+1+l > width:
			b.WriteString("\n" + indent)
			n = utf8.RuneCountInString(indent)
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}
