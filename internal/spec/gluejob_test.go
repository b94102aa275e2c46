package spec

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// glue-to-s3 gets a crawler over data/, the Glue job and its state
// machine, with the defaults the README lists; they validate.
func TestGlueJobDefaults(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(c, "demo", "us-east-1", []string{"glue-to-s3"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(c, s, testRules...); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	j, sf := s.Glue.Job, s.StepFunctions
	if j == nil || sf == nil || s.Glue.Crawler == nil || s.Glue.Prefix != "data/" {
		t.Fatalf("glue %+v, stepfunctions %+v", s.Glue, sf)
	}
	if j.GlueVersion != "5.0" || j.WorkerType != "G.1X" || j.Workers != 2 || !j.Bookmarks || !j.ContinuousLogging || j.TimeoutMinutes != 10 ||
		j.OutputPrefix != "curated/" || j.SecurityConfiguration == "" || !strings.HasSuffix(j.ScriptKey, ".py") {
		t.Errorf("job = %+v", j)
	}
	if !strings.HasPrefix(sf.LogGroup, "/aws/vendedlogs/states/") || sf.StateMachine != "demo-etl" {
		t.Errorf("stepfunctions = %+v", sf)
	}
	// No other route gets them.
	other, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	if other.Glue.Job != nil || other.StepFunctions != nil {
		t.Errorf("a crawler route got a job %+v or a state machine %+v", other.Glue.Job, other.StepFunctions)
	}
}

// Each broken setting is named with the rule it breaks.
func TestGlueJobValidation(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field string
		edit  func(s *Spec)
	}{
		{"glue.job", func(s *Spec) { s.Glue.Job = nil }},
		{"stepfunctions", func(s *Spec) { s.StepFunctions = nil }},
		{"glue.job.workerType", func(s *Spec) { s.Glue.Job.WorkerType = "Standard" }},
		{"glue.job.glueVersion", func(s *Spec) { s.Glue.Job.GlueVersion = "0.9" }},
		{"glue.job.workers", func(s *Spec) { s.Glue.Job.Workers = 1 }},
		{"glue.job.timeoutMinutes", func(s *Spec) { s.Glue.Job.TimeoutMinutes = 0 }},
		{"glue.job.outputPrefix", func(s *Spec) { s.Glue.Job.OutputPrefix = "data/out/" }},
		{"glue.job.outputPrefix", func(s *Spec) { s.Glue.Job.OutputPrefix = "curated" }},
		{"glue.job.scriptKey", func(s *Spec) { s.Glue.Job.ScriptKey = "data/job.py" }},
		{"glue.job.scriptKey", func(s *Spec) { s.Glue.Job.ScriptKey = "glue/job.sh" }},
		{"glue.job.role", func(s *Spec) { s.Glue.Job.Role = s.Glue.Crawler.Role }},
		{"glue.job.name", func(s *Spec) { s.Glue.Job.Name = "bad name" }},
		{"stepfunctions.stateMachine", func(s *Spec) { s.StepFunctions.StateMachine = strings.Repeat("x", 81) }},
		{"stepfunctions.logGroup", func(s *Spec) { s.StepFunctions.LogGroup = "aws/x" }},
		{"stepfunctions.logRetentionDays", func(s *Spec) { s.StepFunctions.LogRetentionDays = 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			s, err := New(c, "demo", "us-east-1", []string{"glue-to-s3"}, testDefaults...)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(s)
			err = Validate(c, s, testRules...)
			if err == nil || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Validate = %v, want an error on %s", err, tt.field)
			}
		})
	}
	// A job section on a route without glue-to-s3 is refused.
	s, err := New(c, "demo", "us-east-1", []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"}, testDefaults...)
	if err != nil {
		t.Fatal(err)
	}
	s.Glue.Job = &GlueJob{Name: "x"}
	if err := Validate(c, s, testRules...); err == nil || !strings.Contains(err.Error(), "glue.job: section is not used") {
		t.Errorf("Validate = %v, want the unused job section refused", err)
	}
}
