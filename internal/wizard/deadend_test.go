package wizard

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/routes"
)

// deadEndNumber is the 1-based number accessible mode shows for a choice of
// the dead-end form.
func deadEndNumber(t *testing.T, source, destination, choice string) string {
	t.Helper()
	c := loadCatalog(t)
	rs, _ := routes.Find(c, source, destination, routes.Options{})
	var choices []string
	if p, _ := nearestPrefix(rs); len(p.Hops) > 0 {
		choices = append(choices, deadEndRoutePrefix+p.ID())
	}
	if alt := sameGroupGeneratable(c, source, c.Service(destination)); alt != nil {
		choices = append(choices, deadEndDestPrefix+alt.ID)
	}
	choices = append(choices, deadEndDestination, deadEndSource)
	for i, ch := range choices {
		if ch == choice || strings.HasPrefix(ch, choice) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s → %s: no choice %s in %v", source, destination, choice, choices)
	return ""
}

// TestDestinationsGeneratableFirst: every destination wireup can generate
// is listed before every one it cannot.
func TestDestinationsGeneratableFirst(t *testing.T) {
	c := loadCatalog(t)
	pairs := 0
	for _, se := range sourceEntries(c) {
		es, can := destinationEntries(c, se.Opt.Value)
		seenNot := false
		for _, e := range es {
			pairs++
			if !can[e.Opt.Value] {
				seenNot = true
			} else if seenNot {
				t.Errorf("from %s: %s is generatable but listed after one that is not", se.Opt.Value, e.Opt.Value)
			}
		}
	}
	t.Logf("%d pairs", pairs)
}

// TestDeadEndGoesBack: choosing a destination wireup cannot generate shows
// what can be done and goes back to the list; the next choice completes.
func TestDeadEndGoesBack(t *testing.T) {
	c := loadCatalog(t)
	script := strings.Join([]string{
		sourceNumber(t, c, "iot"),
		destinationNumber(t, c, "iot", "kibana"),
		deadEndNumber(t, "iot", "kibana", deadEndDestination),
		destinationNumber(t, c, "iot", "s3"),
		"", "demo", "",
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if got := res.Spec.Route; strings.Join(got, "+") != "iot-to-s3" {
		t.Errorf("route %v, want iot-to-s3", got)
	}
	for _, want := range []string{"cannot generate a route from AWS IoT Core to OpenSearch Dashboards (Kibana)", "Nearest generatable route", "Back: choose another source"} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestDeadEndNearestRoute: the nearest generatable route is offered and
// taken, and the source can be chosen again.
func TestDeadEndNearestRoute(t *testing.T) {
	c := loadCatalog(t)
	rs, _ := routes.Find(c, "iot", "kibana", routes.Options{})
	prefix, rest := nearestPrefix(rs)
	if len(prefix.Hops) == 0 || len(rest) == 0 {
		t.Fatalf("iot → kibana: prefix %v, rest %d", prefix.IntegrationIDs(), len(rest))
	}
	for _, h := range prefix.Hops {
		if !c.Generatable(h.ID) {
			t.Fatalf("prefix hop %s is not generatable", h.ID)
		}
	}
	script := strings.Join([]string{
		sourceNumber(t, c, "app"),
		destinationNumber(t, c, "app", "kibana"),
		deadEndNumber(t, "app", "kibana", deadEndSource),
		sourceNumber(t, c, "iot"),
		destinationNumber(t, c, "iot", "kibana"),
		deadEndNumber(t, "iot", "kibana", deadEndRoutePrefix),
		"demo", "",
	}, "\n") + "\n"
	p, out := accessible(script)
	res, err := Run(context.Background(), Params{Catalog: c, Prompter: p}, Answers{})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if got, want := strings.Join(res.Spec.Route, "+"), completed(c, prefix).ID(); got != want {
		t.Errorf("route %s, want the nearest generatable %s\n%s", got, want, out)
	}
}
