package wizard

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/wizard/field"
)

func allEntries(c *catalog.Catalog) []field.Entry {
	var es []field.Entry
	for _, s := range byGroup(c.Services) {
		es = append(es, serviceEntry(s, serviceLabel(s)))
	}
	return es
}

// TestRankIDsAndAliasesFirst: over the whole catalog, typing a service's id
// or any of its aliases puts that service first.
func TestRankIDsAndAliasesFirst(t *testing.T) {
	c := loadCatalog(t)
	es := allEntries(c)
	n := 0
	for _, s := range c.Services {
		for _, q := range append([]string{s.ID}, s.Aliases...) {
			got := field.Rank(es, q)
			n++
			if len(got) == 0 || got[0].Opt.Value != s.ID {
				first := "nothing"
				if len(got) > 0 {
					first = got[0].Opt.Value
				}
				t.Errorf("typing %q: first is %s, want %s", q, first, s.ID)
			}
		}
	}
	t.Logf("%d ids and aliases over %d services", n, len(c.Services))
}

func TestRankOrder(t *testing.T) {
	c := loadCatalog(t)
	es := allEntries(c)
	for _, tc := range []struct {
		query  string
		before []string // in this order, each ranked above the next
	}{
		{"kinesis", []string{"kinesis", "kinesis-agent"}},
		{"kinesis", []string{"kinesis", "kpl"}},
		{"KDS", []string{"kinesis"}},
		{"ddb", []string{"dynamodb"}},
		{"s3", []string{"s3"}},
		{"fire", []string{"firehose"}},
		// An alias ("stream") ranks above a description ("DynamoDB Streams").
		{"stream", []string{"kinesis", "dynamodb"}},
	} {
		got := field.Rank(es, tc.query)
		pos := map[string]int{}
		for i, e := range got {
			pos[e.Opt.Value] = i
		}
		prev := -1
		for _, id := range tc.before {
			p, ok := pos[id]
			if !ok {
				t.Errorf("%q: %s does not match", tc.query, id)
				break
			}
			if p <= prev {
				t.Errorf("%q: %s at %d, want after %s at %d", tc.query, id, p, tc.before[0], prev)
			}
			prev = p
		}
	}
}

// TestLettersFilterEveryList: on the source, destination and route lists a
// letter is typed into the filter, never a movement key ("k" and "j" do not
// move the cursor), and backspace restores the list.
func TestLettersFilterEveryList(t *testing.T) {
	c := loadCatalog(t)
	dests, _ := destinationEntries(c, "iot")
	rs, err := routes.Find(c, "iot", "app", routes.Options{})
	if err != nil || len(rs) < 2 {
		t.Fatalf("routes iot → app: %d, %v", len(rs), err)
	}
	for name, es := range map[string][]field.Entry{
		"source": sourceEntries(c), "destination": dests, "route": routeEntries(c, rs),
	} {
		v := new(string)
		sel := field.NewRankedSelect(name, es, v)
		sel.Validate(nil)
		before := *v
		for _, k := range []string{"k", "j"} {
			sel.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
			if sel.Query() != k {
				t.Errorf("%s: query after %s = %q, want %s", name, k, sel.Query(), k)
			}
			sel.Update(tea.KeyMsg{Type: tea.KeyBackspace})
		}
		if sel.Query() != "" || sel.Matches() != len(es) {
			t.Errorf("%s: after backspace query %q, %d of %d shown", name, sel.Query(), sel.Matches(), len(es))
		}
		if *v != before {
			t.Errorf("%s: value moved from %q to %q", name, before, *v)
		}
		sel.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("zzzq")})
		if sel.Matches() != 0 {
			t.Errorf("%s: zzzq matches %d", name, sel.Matches())
		}
	}
}

// TestTUIAliasPicksService: typing an alias in the real loop chooses the
// service it names.
func TestTUIAliasPicksService(t *testing.T) {
	c := loadCatalog(t)
	p := &tuiPrompter{t: t, steps: []step{typed("kds", "enter")}}
	form, v := buildSourceForm(c)
	if err := p.Run(context.Background(), form); err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	if *v != "kinesis" {
		t.Errorf("kds chose %q, want kinesis", *v)
	}
}
