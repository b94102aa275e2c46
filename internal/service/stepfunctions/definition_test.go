package stepfunctions

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func etl() Definition {
	return ETL(ETLInput{Partition: "aws", Crawler: "demo-crawler", Job: "demo-etl", JobTimeoutMinutes: 10})
}

// TestDefinitionGolden compares the crawler → job definition with
// testdata/etl.asl.json (`-update` rewrites it), and checks the JSON is
// the Amazon States Language shape: only the fields each state type
// takes, and the service integrations the role grants.
func TestDefinitionGolden(t *testing.T) {
	got, err := etl().JSON()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "etl.asl.json")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got+"\n"); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}

	// Decoded with no knowledge of the Go types: the top level and every
	// state hold only ASL fields.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(got), &raw); err != nil {
		t.Fatal(err)
	}
	for k := range raw {
		if !slices.Contains([]string{"Comment", "StartAt", "TimeoutSeconds", "States"}, k) {
			t.Errorf("top-level field %s is not ASL", k)
		}
	}
	var states map[string]map[string]any
	if err := json.Unmarshal(raw["States"], &states); err != nil {
		t.Fatal(err)
	}
	var resources []string
	for name, st := range states {
		typ, _ := st["Type"].(string)
		allowed, ok := stateFields[typ]
		if !ok {
			t.Errorf("state %s: Type %q", name, typ)
		}
		for f := range st {
			if f != "Type" && f != "Comment" && !slices.Contains(allowed, f) {
				t.Errorf("state %s (%s): field %s", name, typ, f)
			}
		}
		if r, ok := st["Resource"].(string); ok {
			resources = append(resources, r)
		}
	}
	slices.Sort(resources)
	want2 := []string{"arn:aws:states:::aws-sdk:glue:getCrawler", "arn:aws:states:::aws-sdk:glue:startCrawler", "arn:aws:states:::glue:startJobRun.sync"}
	if !slices.Equal(slices.Compact(resources), want2) {
		t.Errorf("service integrations %v, want %v (what the role grants)", resources, want2)
	}
	if st := states["RunJob"]; st["End"] != true || st["Parameters"].(map[string]any)["JobName"] != "demo-etl" {
		t.Errorf("RunJob = %v, want the job run to end the execution", st)
	}
}

// In China the integrations are in the aws-cn partition.
func TestDefinitionPartition(t *testing.T) {
	got, err := ETL(ETLInput{Partition: "aws-cn", Crawler: "c", Job: "j", JobTimeoutMinutes: 1}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "arn:aws:") || !strings.Contains(got, "arn:aws-cn:states:::glue:startJobRun.sync") {
		t.Errorf("definition in aws-cn:\n%s", got)
	}
}

// Check refuses what Step Functions would refuse: each broken definition
// fails with the rule it breaks.
func TestCheckRefuses(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(d *Definition)
		want   string
	}{
		{"no start", func(d *Definition) { d.StartAt = "Nope" }, `StartAt "Nope" is not a state`},
		{"dangling next", func(d *Definition) { s := d.States["WaitForCrawl"]; s.Next = "Gone"; d.States["WaitForCrawl"] = s }, `transition to "Gone"`},
		{"next and end", func(d *Definition) { s := d.States["RunJob"]; s.Next = "CrawlFailed"; d.States["RunJob"] = s }, "exactly one of Next and End"},
		{"field of another type", func(d *Definition) { s := d.States["RunJob"]; s.Seconds = 5; d.States["RunJob"] = s }, "has no field Seconds"},
		{"task without resource", func(d *Definition) { s := d.States["RunJob"]; s.Resource = ""; d.States["RunJob"] = s }, "needs a Resource ARN"},
		{"unknown type", func(d *Definition) { s := d.States["CrawlFailed"]; s.Type = "Stop"; d.States["CrawlFailed"] = s }, `unknown Type "Stop"`},
		{"unreachable", func(d *Definition) { d.States["Orphan"] = State{Type: "Succeed"} }, `"Orphan" is not reachable`},
		{"choice without comparison", func(d *Definition) {
			s := d.States["CrawlerReady"]
			s.Choices = []Choice{{Variable: "$.x", Next: "CrawlFinished"}}
			d.States["CrawlerReady"] = s
		}, "needs exactly one comparison"},
		{"no end", func(d *Definition) {
			d.States = map[string]State{"A": {Type: "Wait", Seconds: 1, Next: "B"}, "B": {Type: "Wait", Seconds: 1, Next: "A"}}
			d.StartAt = "A"
		}, "no state ends the execution"},
	}
	if err := etl().Check(); err != nil {
		t.Fatalf("the ETL definition: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := etl()
			tt.break_(&d)
			if _, err := d.JSON(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("JSON() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestDefinitionValidatesWithASLValidator runs the npm asl-validator (the
// JSON schema of the Amazon States Language and its transition checks)
// on the golden definition, where it is installed: `npm install -g
// asl-validator@4`, or ASL_VALIDATOR=path. Measured passing with 4.0.0.
func TestDefinitionValidatesWithASLValidator(t *testing.T) {
	bin := os.Getenv("ASL_VALIDATOR")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("asl-validator"); err != nil {
			t.Skip("asl-validator is not on PATH (npm install -g asl-validator@4, or set ASL_VALIDATOR): the definition is checked by Check and the golden only")
		}
	}
	out, err := exec.Command(bin, "--json-path", filepath.Join("testdata", "etl.asl.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("asl-validator: %v\n%s", err, out)
	}
}
