package stepfunctions

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Definition is a state machine in the Amazon States Language
// (https://states-language.net/spec.html), typed so that wireup builds it
// as data and marshals it; Check validates its shape.
type Definition struct {
	Comment        string           `json:"Comment,omitempty"`
	StartAt        string           `json:"StartAt"`
	TimeoutSeconds int              `json:"TimeoutSeconds,omitempty"`
	States         map[string]State `json:"States"`
}

// State is one state. Only the fields of its Type may be set (Check).
type State struct {
	Type    string `json:"Type"`
	Comment string `json:"Comment,omitempty"`
	// Task
	Resource       string            `json:"Resource,omitempty"`
	Parameters     map[string]string `json:"Parameters,omitempty"`
	ResultSelector map[string]string `json:"ResultSelector,omitempty"`
	ResultPath     string            `json:"ResultPath,omitempty"`
	TimeoutSeconds int               `json:"TimeoutSeconds,omitempty"`
	Retry          []Retrier         `json:"Retry,omitempty"`
	// Wait
	Seconds int `json:"Seconds,omitempty"`
	// Choice
	Choices []Choice `json:"Choices,omitempty"`
	Default string   `json:"Default,omitempty"`
	// Fail
	Error string `json:"Error,omitempty"`
	Cause string `json:"Cause,omitempty"`
	// Transitions
	Next string `json:"Next,omitempty"`
	End  bool   `json:"End,omitempty"`
}

// Choice is one rule of a Choice state: a comparison of Variable.
type Choice struct {
	Variable     string `json:"Variable"`
	StringEquals string `json:"StringEquals,omitempty"`
	IsPresent    *bool  `json:"IsPresent,omitempty"`
	Next         string `json:"Next"`
}

// Retrier retries a Task on the errors it names.
type Retrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds int      `json:"IntervalSeconds"`
	MaxAttempts     int      `json:"MaxAttempts"`
	BackoffRate     float64  `json:"BackoffRate"`
}

// JSON is the definition as CreateStateMachine takes it.
func (d Definition) JSON() (string, error) {
	if err := d.Check(); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// stateFields are the fields each state type may carry beyond Type and
// Comment (https://states-language.net/spec.html#state-type-table).
var stateFields = map[string][]string{
	"Task":    {"Resource", "Parameters", "ResultSelector", "ResultPath", "TimeoutSeconds", "Retry", "Next", "End"},
	"Wait":    {"Seconds", "Next", "End"},
	"Choice":  {"Choices", "Default"},
	"Fail":    {"Error", "Cause"},
	"Succeed": {},
	"Pass":    {"Parameters", "ResultPath", "Next", "End"},
}

// Check validates d's shape as the Amazon States Language defines it:
// StartAt names a state; every state has a known Type and only that
// type's fields; a Task names a resource; every transition names a state;
// a non-terminal state has exactly one of Next and End; every state is
// reachable from StartAt; and some state ends the execution.
func (d Definition) Check() error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(d.States) == 0 {
		return errors.New("state machine: no states")
	}
	if _, ok := d.States[d.StartAt]; !ok {
		fail("StartAt %q is not a state", d.StartAt)
	}
	raw, err := json.Marshal(d.States)
	if err != nil {
		return err
	}
	var generic map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &generic); err != nil {
		return err
	}
	names := sortedKeys(d.States)
	terminal := false
	for _, n := range names {
		s := d.States[n]
		if len(n) == 0 || len(n) > 80 {
			fail("state %q: a name is 1-80 characters", n)
		}
		allowed, ok := stateFields[s.Type]
		if !ok {
			fail("state %q: unknown Type %q", n, s.Type)
			continue
		}
		for f := range generic[n] {
			if f != "Type" && f != "Comment" && !slices.Contains(allowed, f) {
				fail("state %q: a %s state has no field %s", n, s.Type, f)
			}
		}
		for _, next := range s.transitions() {
			if _, ok := d.States[next]; !ok {
				fail("state %q: transition to %q, which is not a state", n, next)
			}
		}
		switch s.Type {
		case "Task", "Wait", "Pass":
			if (s.Next == "") == !s.End {
				fail("state %q: needs exactly one of Next and End", n)
			}
			terminal = terminal || s.End
		case "Choice":
			if len(s.Choices) == 0 {
				fail("state %q: a Choice state needs Choices", n)
			}
			for i, c := range s.Choices {
				if !strings.HasPrefix(c.Variable, "$") {
					fail("state %q: choice %d: Variable %q is not a path", n, i, c.Variable)
				}
				if (c.StringEquals == "") == (c.IsPresent == nil) {
					fail("state %q: choice %d: needs exactly one comparison", n, i)
				}
			}
		case "Fail", "Succeed":
			terminal = true
		}
		if s.Type == "Task" && !strings.HasPrefix(s.Resource, "arn:") {
			fail("state %q: a Task needs a Resource ARN", n)
		}
		if s.Type == "Wait" && s.Seconds <= 0 {
			fail("state %q: a Wait state needs Seconds", n)
		}
		for i, r := range s.Retry {
			if len(r.ErrorEquals) == 0 || r.MaxAttempts < 0 || r.BackoffRate < 1 {
				fail("state %q: retrier %d: needs ErrorEquals, MaxAttempts >= 0 and BackoffRate >= 1", n, i)
			}
		}
	}
	if !terminal {
		fail("no state ends the execution")
	}
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, next := range d.States[n].transitions() {
			walk(next)
		}
	}
	walk(d.StartAt)
	for _, n := range names {
		if !seen[n] {
			fail("state %q is not reachable from %q", n, d.StartAt)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("state machine: %w", errors.Join(errs...))
	}
	return nil
}

// transitions are the states s may go to.
func (s State) transitions() []string {
	var out []string
	if s.Next != "" {
		out = append(out, s.Next)
	}
	for _, c := range s.Choices {
		out = append(out, c.Next)
	}
	if s.Default != "" {
		out = append(out, s.Default)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ETLInput is what the crawler → job state machine runs.
type ETLInput struct {
	Partition string // the ARN partition of the service integrations
	Crawler   string
	Job       string
	// JobTimeoutMinutes is the job's own timeout; the execution's is the
	// crawl allowance plus that.
	JobTimeoutMinutes int
}

// crawlAllowance is how long the state machine waits for a crawl.
const crawlAllowanceSeconds = 3600

// pollSeconds is the wait between two GetCrawler calls: each is a state
// transition, billed (https://aws.amazon.com/step-functions/pricing/).
const pollSeconds = 30

// ETL is the state machine that runs the crawler, waits until it is READY
// again, fails unless its last crawl SUCCEEDED, then runs the job and
// waits for it. The crawler is started with the AWS SDK integration
// (there is no optimized Glue crawler integration) and polled with
// getCrawler; the job with the optimized startJobRun.sync, which waits
// for the run itself
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html,
// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
func ETL(in ETLInput) Definition {
	sdk := "arn:" + in.Partition + ":states:::aws-sdk:glue:"
	no := false
	return Definition{
		Comment:        fmt.Sprintf("wireup: run Glue crawler %s, then Glue job %s", in.Crawler, in.Job),
		StartAt:        "StartCrawler",
		TimeoutSeconds: crawlAllowanceSeconds + in.JobTimeoutMinutes*60 + 300,
		States: map[string]State{
			"StartCrawler": {Type: "Task", Resource: sdk + "startCrawler", Parameters: map[string]string{"Name": in.Crawler},
				ResultPath: "$.startCrawler", Next: "WaitForCrawl",
				// A crawl already running (a schedule, cmd/crawl) is waited for, not an error.
				Retry: []Retrier{{ErrorEquals: []string{"Glue.CrawlerRunningException"}, IntervalSeconds: pollSeconds, MaxAttempts: 20, BackoffRate: 1}}},
			"WaitForCrawl": {Type: "Wait", Seconds: pollSeconds, Next: "GetCrawler"},
			"GetCrawler": {Type: "Task", Resource: sdk + "getCrawler", Parameters: map[string]string{"Name": in.Crawler},
				ResultSelector: map[string]string{"Crawler.$": "$.Crawler"}, ResultPath: "$.crawl", Next: "CrawlerReady"},
			"CrawlerReady": {Type: "Choice", Choices: []Choice{{Variable: "$.crawl.Crawler.State", StringEquals: "READY", Next: "CrawlFinished"}},
				Default: "WaitForCrawl"},
			"CrawlFinished": {Type: "Choice", Choices: []Choice{{Variable: "$.crawl.Crawler.LastCrawl.Status", IsPresent: &no, Next: "WaitForCrawl"}},
				Default: "CrawlSucceeded"},
			"CrawlSucceeded": {Type: "Choice", Choices: []Choice{{Variable: "$.crawl.Crawler.LastCrawl.Status", StringEquals: "SUCCEEDED", Next: "RunJob"}},
				Default: "CrawlFailed"},
			"CrawlFailed": {Type: "Fail", Error: "CrawlFailed", Cause: "the crawler's last crawl did not succeed: see its log in /aws-glue/crawlers"},
			"RunJob": {Type: "Task", Resource: "arn:" + in.Partition + ":states:::glue:startJobRun.sync", Parameters: map[string]string{"JobName": in.Job},
				TimeoutSeconds: in.JobTimeoutMinutes*60 + 300, End: true},
		},
	}
}
