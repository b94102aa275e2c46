package wizard

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/routes"
	"github.com/wireup/wireup/internal/spec"
)

// TestFormsFit80Columns renders every form at 80x24, in colour and without,
// and checks no line is wider than the terminal.
func TestFormsFit80Columns(t *testing.T) {
	c := loadCatalog(t)
	rs, _ := routes.Find(c, "iot", "s3", routes.Options{})
	s, err := spec.New(c, "a-long-project-name-of-32-chars1", "ap-southeast-2", []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := buildSourceForm(c)
	dst, _ := buildDestinationForm(c, "iot")
	rt, _ := buildRouteForm(c, rs)
	nm, _ := buildNameForm("cloudwatch-logs", "firehose", true)
	rv, _ := buildReviewForm(c, s, "a-long-project-name-of-32-chars1")
	pj, _ := buildProjectForm(projectAnswers{Name: "demo", Dir: "demo", Region: "us-east-1"})
	hp, _, err := buildHopOptionsForm(s)
	if err != nil {
		t.Fatal(err)
	}
	dp, _ := buildDeployForm("demo", "")
	dpe, _ := buildDeployForm("demo", "http://127.0.0.1:5000")
	de, _ := buildDeadEndForm(c, "iot", "splunk")
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
			if name == "review" && !strings.Contains(view, "a_long_project_name_of_32_chars1_rule") {
				t.Errorf("the review lost the underscores of the IoT rule name:\n%s", view)
			}
			if testing.Verbose() && color {
				t.Logf("%s form:\n%s", name, view)
			}
		}
	}
}
