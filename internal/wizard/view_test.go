package wizard

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/wizard/field"
	"github.com/wireup/wireup/internal/wizard/options"
)

// TestFormsFit80Columns renders every form at 80x24, in colour and without,
// and checks no line is wider than the terminal.
func TestFormsFit80Columns(t *testing.T) {
	c := loadCatalog(t)
	rs, _ := routes.Find(c, "iot", "s3", routes.Options{})
	s, err := registry.New(c, "a-long-project-name-of-32-chars1", "ap-southeast-2", []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := buildSourceForm(c)
	dst, _ := buildDestinationForm(c, "iot")
	rt, _ := buildRouteForm(c, rs)
	nm, _ := buildNameForm("cloudwatch-logs", "firehose", true)
	rv, _ := buildReviewForm("a-long-project-name-of-32-chars1")
	for i, line := range strings.Split(Review(c, s, "a-long-project-name-of-32-chars1", reviewWidth(80, false)), "\n") {
		if w := ansi.StringWidth(line); w > lineWidth {
			t.Errorf("review line %d is %d columns wide:\n%s", i+1, w, line)
		}
	}
	pj, _ := buildProjectForm(projectAnswers{Name: "demo", Dir: "demo", Region: "us-east-1"})
	hp, _, err := options.BuildForm(c, s)
	if err != nil {
		t.Fatal(err)
	}
	dp, _ := buildDeployForm("demo", "")
	dpe, _ := buildDeployForm("demo", "http://127.0.0.1:5000")
	de, _ := buildDeadEndForm(c, "iot", "kibana")
	forms := map[string]*huh.Form{"dead end": de, "source": src, "destination": dst, "route": rt, "name": nm, "review": rv, "project": pj, "hops": hp, "deploy": dp, "deploy to AWS_ENDPOINT_URL": dpe}
	for _, color := range []bool{true, false} {
		for name, f := range forms {
			f = f.WithTheme(prompter.Theme(color))
			f.Update(f.Init())
			f.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			view := ansi.Strip(f.View())
			for i, line := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(line); w > 80 {
					t.Errorf("%s form, line %d is %d columns wide:\n%s", name, i+1, w, line)
				}
			}
			// Help shows only what works: each step is its own form, so
			// shift+tab cannot go back a step; "/" would be typed into the
			// filter; letters are not movement keys.
			if name != "project" && name != "hops" && strings.Contains(view, "shift+tab") {
				t.Errorf("%s form offers shift+tab, which cannot go back a step:\n%s", name, view)
			}
			for _, k := range []string{"/ filter", "g/home", "G/end"} {
				if strings.Contains(view, k) {
					t.Errorf("%s form shows %q:\n%s", name, k, view)
				}
			}
			if testing.Verbose() && color {
				t.Logf("%s form:\n%s", name, view)
			}
		}
	}
}

// resize sends the terminal's size to the form as the bubbletea loop does,
// and runs the commands it returns the way the loop would, feeding back
// the messages they produce (a list that changed its height asks the form
// to size its group again).
func resize(f *huh.Form, w, h int) {
	var run func(tea.Cmd, int)
	run = func(cmd tea.Cmd, depth int) {
		if cmd == nil || depth > 8 {
			return
		}
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				run(c, depth+1)
			}
		case tea.WindowSizeMsg:
			_, next := f.Update(msg)
			run(next, depth+1)
		}
	}
	_, cmd := f.Update(tea.WindowSizeMsg{Width: w, Height: h})
	run(cmd, 0)
}

// TestListsUseTheTerminalSize renders the lists at three terminal sizes, in
// colour and with NO_COLOR: nothing is wider than the terminal, the form
// fits its height with its title on screen, the lists grow with the
// height, and descriptions use the width.
func TestListsUseTheTerminalSize(t *testing.T) {
	c := loadCatalog(t)
	rs, _ := routes.Find(c, "iot", "s3", routes.Options{})
	forms := map[string]func() (*huh.Form, string){
		"source": func() (*huh.Form, string) { f, _ := buildSourceForm(c); return f, sourceTitle },
		"destination": func() (*huh.Form, string) {
			f, _ := buildDestinationForm(c, "iot")
			return f, destinationTitle
		},
		"route": func() (*huh.Form, string) {
			f, _ := buildRouteForm(c, rs)
			return f, "Route: how should the data travel?"
		},
	}
	sizes := []struct{ w, h int }{{60, 18}, {80, 24}, {120, 40}}
	for name, build := range forms {
		for _, color := range []bool{true, false} {
			shown := map[int]int{} // height → options on screen
			for _, sz := range sizes {
				t.Run(fmt.Sprintf("%s/%dx%d/color=%v", name, sz.w, sz.h, color), func(t *testing.T) {
					f, title := build()
					f = f.WithTheme(prompter.Theme(color))
					f.Update(f.Init())
					resize(f, sz.w, sz.h)
					view := ansi.Strip(f.View())
					lines := strings.Split(view, "\n")
					for i, line := range lines {
						if w := ansi.StringWidth(line); w > sz.w {
							t.Errorf("line %d is %d columns wide, terminal %d:\n%s", i+1, w, sz.w, line)
						}
					}
					if len(lines) > sz.h-1 {
						t.Errorf("%d lines on a %d-line terminal: the top scrolls away", len(lines), sz.h)
					}
					if !strings.Contains(view, title) {
						t.Errorf("title %q scrolled away:\n%s", title, view)
					}
					if !color && strings.Contains(f.View(), "\x1b[3") {
						t.Errorf("NO_COLOR view has colour escapes")
					}
					n := 0
					for _, l := range lines {
						if strings.Contains(l, " — ") || strings.Contains(l, " · ") || strings.Contains(l, " → ") {
							n++
						}
					}
					shown[sz.h] = n
					if testing.Verbose() && color {
						t.Logf("\n%s", view)
					}
				})
			}
			if name != "route" && !(shown[18] < shown[24] && shown[24] < shown[40]) {
				t.Errorf("%s list (color=%v) does not grow with the height: options shown at 18, 24, 40 lines: %d, %d, %d",
					name, color, shown[18], shown[24], shown[40])
			}
		}
	}
}

// TestDescriptionsUseTheWidth: at 120 columns a service's description is
// cut at the terminal's edge, not at 74 columns.
func TestDescriptionsUseTheWidth(t *testing.T) {
	c := loadCatalog(t)
	f, _ := buildSourceForm(c)
	f.Update(f.Init())
	resize(f, 120, 40)
	view := ansi.Strip(f.View())
	long := 0
	for _, e := range sourceEntries(c) {
		full := e.Label(1000)
		if n := len([]rune(full)); n > lineWidth && n <= 120-field.ChromeColumns {
			long++
			if !strings.Contains(view, full) {
				t.Errorf("at 120 columns the label of %s is not whole: want %q in\n%s", e.Opt.Value, full, view)
			}
		}
	}
	if long == 0 {
		t.Skip("no service description is between 74 and 114 columns")
	}
}

// TestReviewUsesTerminalWidth: the review is cut to the terminal's width,
// as the lists are (less the forms' margin), not to 80 columns: at 60
// columns no line is wider than 54, at 120 nothing of this route is cut,
// and through Run the width comes from Params.Columns each time the review
// is printed.
func TestReviewUsesTerminalWidth(t *testing.T) {
	c := loadCatalog(t)
	const name = "a-long-project-name-of-32-chars1"
	s, err := registry.New(c, name, "ap-southeast-2", []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	cuts := map[int]int{}
	for _, cols := range []int{60, 80, 120} {
		review := Review(c, s, name, reviewWidth(cols, false))
		widest := 0
		for i, line := range strings.Split(review, "\n") {
			w := ansi.StringWidth(line)
			widest = max(widest, w)
			if w > cols-field.ChromeColumns {
				t.Errorf("at %d columns, review line %d is %d columns wide:\n%s", cols, i+1, w, line)
			}
		}
		cuts[cols] = strings.Count(review, "…")
		if cols > 80 && widest <= 80-field.ChromeColumns {
			t.Errorf("at %d columns the review is at most %d wide, as at 80:\n%s", cols, widest, review)
		}
	}
	if cuts[120] != 0 || cuts[80] == 0 || cuts[60] <= cuts[80] {
		t.Errorf("cut items at 60, 80, 120 columns: %d, %d, %d; want more at 60 than at 80, none at 120", cuts[60], cuts[80], cuts[120])
	}

	// Through Run: the review printed before its form, at 120 columns.
	for _, cols := range []int{60, 120} {
		var out bytes.Buffer
		p := &tuiPrompter{t: t, steps: []step{keys("enter")}}
		_, err := Run(context.Background(), Params{Catalog: c, Prompter: p, Out: &out, Columns: func() int { return cols }},
			Answers{Route: s.Route, Name: name, Region: "ap-southeast-2"})
		if err != nil {
			t.Fatalf("Run: %v\n%s", err, p.out.String())
		}
		printed := out.String()
		oneLine := "  Amazon Kinesis Data Streams  data stream " + name + "-stream\n"
		if got := strings.Contains(printed, oneLine); got != (cols == 120) {
			t.Errorf("at %d columns, the stream on one line with its service: %v, want %v:\n%s", cols, got, cols == 120, printed)
		}
		for _, line := range strings.Split(printed, "\n") {
			if ansi.StringWidth(line) > cols-field.ChromeColumns {
				t.Errorf("at %d columns Run printed a line %d wide:\n%s", cols, ansi.StringWidth(line), line)
			}
		}
	}
}
