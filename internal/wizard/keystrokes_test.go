package wizard

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/wizard/field"
)

// MaxKeystrokes is the budget: from `wireup new` to a generated
// project for the default route of a source/destination pair, besides typing
// the names.
const maxKeystrokes = 10

// pickKeys is the shortest key sequence that chooses option value in a
// ranked select with the cursor on the first option: arrows (down, or up
// wrapping round from the top), or an id, alias or part of the service's
// name typed as a filter (ranked as the form ranks it), then arrows within
// the matches, then enter. Shortest counts every key, typed letters included.
func pickKeys(es []field.Entry, value string, c *catalog.Catalog) step {
	n := len(es)
	idx := -1
	for i, e := range es {
		if e.Opt.Value == value {
			idx = i
		}
	}
	best := step{}
	if idx <= n-idx {
		for range idx {
			best = append(best, keystroke{name: "down"})
		}
	} else {
		for range n - idx {
			best = append(best, keystroke{name: "up"})
		}
	}
	best = append(best, keystroke{name: "enter"})
	s := c.Service(value)
	words := append([]string{s.ID, strings.ToLower(s.Name)}, s.Aliases...)
	for _, word := range words {
		for from := 0; from < len(word); from++ {
			for to := from + 1; to <= len(word); to++ {
				q := word[from:to]
				if strings.TrimSpace(q) != q {
					continue
				}
				ranked := field.Rank(es, q)
				pos := -1
				for i, e := range ranked {
					if e.Opt.Value == value {
						pos = i
					}
				}
				if pos < 0 {
					continue
				}
				matches := len(ranked)
				cand := step{{text: q}}
				if pos <= matches-pos {
					for range pos {
						cand = append(cand, keystroke{name: "down"})
					}
				} else {
					for range matches - pos {
						cand = append(cand, keystroke{name: "up"})
					}
				}
				cand = append(cand, keystroke{name: "enter"})
				if cand.total() < best.total() || (cand.total() == best.total() && cand.count() < best.count()) {
					best = cand
				}
			}
		}
	}
	return best
}

// total counts every key, typed text included.
func (s step) total() int {
	n := 0
	for _, k := range s {
		if k.name != "" {
			n++
		}
		n += len(k.text)
	}
	return n
}

type pairPath struct {
	source, destination string
	route               routes.Route
	steps               []step
}

// defaultPaths is, for every source/destination pair wireup can generate,
// the fewest keys that reach a generated project on its default route.
func defaultPaths(t *testing.T, c *catalog.Catalog) []pairPath {
	t.Helper()
	var out []pairPath
	ses := sourceEntries(c)
	for _, se := range ses {
		src := se.Opt.Value
		des, _ := destinationEntries(c, src)
		for _, de := range des {
			dst := de.Opt.Value
			rs, err := routes.Find(c, src, dst, routes.Options{})
			if err != nil {
				t.Fatal(err)
			}
			gen := generatableRoutes(rs)
			if len(gen) == 0 {
				continue
			}
			steps := []step{pickKeys(ses, src, c), pickKeys(des, dst, c)}
			if len(rs) > 1 {
				// The top generatable route is preselected.
				steps = append(steps, keys("enter"))
			}
			steps = append(steps, typed("demo", "enter"), keys("enter"))
			out = append(out, pairPath{source: src, destination: dst, route: gen[0], steps: steps})
		}
	}
	return out
}

func totalKeys(steps []step) int {
	n := 0
	for _, s := range steps {
		n += s.total()
	}
	return n
}

func countKeys(steps []step) int {
	n := 0
	for _, s := range steps {
		n += s.count()
	}
	return n
}

// TestKeystrokeBudget drives the real forms through the bubbletea loop for
// every generatable source/destination pair, with the fewest keys, and
// checks the result is the default route within the budget.
func TestKeystrokeBudget(t *testing.T) {
	c := loadCatalog(t)
	paths := defaultPaths(t, c)
	if len(paths) == 0 {
		t.Fatal("no generatable pairs")
	}
	worst, worstTotal, worstPair := 0, 0, ""
	for _, pp := range paths {
		worst = max(worst, countKeys(pp.steps))
		total := totalKeys(pp.steps) - len("demo")
		if total > worstTotal {
			worstTotal, worstPair = total, pp.source+" → "+pp.destination
		}
	}
	t.Logf("%d pairs; worst case %d keystrokes besides the names; %d counting the filter letters too (%s)",
		len(paths), worst, worstTotal, worstPair)
	for _, pp := range paths {
		if testing.Short() && pp.source != "iot" {
			continue
		}
		t.Run(pp.source+"-"+pp.destination, func(t *testing.T) {
			t.Parallel()
			n := countKeys(pp.steps)
			if n > maxKeystrokes {
				t.Errorf("%d keystrokes besides the names, want at most %d", n, maxKeystrokes)
			}
			// Stricter than the issue: even the letters typed to filter the
			// source and destination lists fit the budget.
			if total := totalKeys(pp.steps) - len("demo"); total > maxKeystrokes {
				t.Errorf("%d keystrokes with the filter letters, want at most %d", total, maxKeystrokes)
			}
			p := &tuiPrompter{t: t, steps: pp.steps}
			res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, p.out.String())
			}
			if p.keys != n {
				t.Errorf("sent %d keystrokes, planned %d", p.keys, n)
			}
			want, err := registry.New(c, "demo", DefaultRegion, pp.route.IntegrationIDs())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, res.Spec); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
		})
	}
}
