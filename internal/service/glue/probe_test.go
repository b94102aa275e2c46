package glue

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue/etl"
	"github.com/wireup/wireup/internal/service/stepfunctions"
	"github.com/wireup/wireup/internal/targets"
)

// probeStates runs an execution as DescribeExecution reports it
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html):
// RUNNING for a few calls, then the final status with Error and Cause.
type probeStates struct {
	running  int
	final    sfntypes.ExecutionStatus
	started  *sfn.StartExecutionInput
	stopped  bool
	describe int
}

func (p *probeStates) StartExecution(_ context.Context, in *sfn.StartExecutionInput, _ ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error) {
	p.started = in
	return &sfn.StartExecutionOutput{ExecutionArn: aws.String("arn:aws:states:us-east-1:123456789012:execution:demo-etl:" + aws.ToString(in.Name))}, nil
}

func (p *probeStates) DescribeExecution(context.Context, *sfn.DescribeExecutionInput, ...func(*sfn.Options)) (*sfn.DescribeExecutionOutput, error) {
	p.describe++
	if p.running != 0 {
		p.running--
		return &sfn.DescribeExecutionOutput{Status: sfntypes.ExecutionStatusRunning}, nil
	}
	out := &sfn.DescribeExecutionOutput{Status: p.final}
	if p.final == sfntypes.ExecutionStatusFailed {
		out.Error, out.Cause = aws.String("Glue.AWSGlueException"), aws.String("Job run failed: AccessDeniedException on s3://demo-bucket/curated/")
	}
	return out, nil
}

func (p *probeStates) StopExecution(context.Context, *sfn.StopExecutionInput, ...func(*sfn.Options)) (*sfn.StopExecutionOutput, error) {
	p.stopped = true
	return &sfn.StopExecutionOutput{}, nil
}

type probeObjects struct{ puts map[string]string }

func (p *probeObjects) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, _ := io.ReadAll(in.Body)
	p.puts[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)] = string(b)
	return &s3.PutObjectOutput{}, nil
}

func jobCanary(timeout time.Duration) *service.Canary {
	c := &service.Canary{ID: service.NewCanaryID(), Route: []string{etl.JobHop}, Target: targets.AWS, Timeout: timeout, Resources: map[string]*service.Record{
		etl.IDJob:                    {Inputs: map[string]string{"bucket": "demo-bucket", "timeoutMinutes": "10"}},
		plan.IDCrawler:               {Inputs: map[string]string{"prefix": "data/"}},
		stepfunctions.IDStateMachine: {Outputs: map[string]string{"arn": "arn:aws:states:us-east-1:123456789012:stateMachine:demo-etl"}},
	}}
	body, _ := json.Marshal(map[string]any{"id": c.ID, "time": (&Probe{}).Fields(c)["time"]})
	c.Body = append(body, '\n')
	return c
}

func newTestProbe(st *probeStates, ob *probeObjects) *Probe {
	p := NewProbe(st, ob)
	p.Poll, p.MaxPoll = time.Millisecond, 2*time.Millisecond
	return p
}

// Inject writes the canary where the crawler reads and runs the state
// machine to its end, whatever verify's own timeout: the crawl and the
// job take minutes. It records no hop: the job's output is the S3
// probe's to find.
func TestProbeInjectRunsTheStateMachine(t *testing.T) {
	st, ob := &probeStates{running: 5, final: sfntypes.ExecutionStatusSucceeded}, &probeObjects{puts: map[string]string{}}
	c := jobCanary(time.Millisecond)
	var hops int
	c.OnHop = func(string, time.Duration, string) { hops++ }
	start, err := newTestProbe(st, ob).Inject(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if got := ob.puts["demo-bucket/data/"+c.ID+".json"]; got != string(c.Body) {
		t.Errorf("canary object = %q, want the canary under the crawled prefix", got)
	}
	if aws.ToString(st.started.StateMachineArn) != "arn:aws:states:us-east-1:123456789012:stateMachine:demo-etl" || aws.ToString(st.started.Name) != c.ID {
		t.Errorf("started %+v", st.started)
	}
	if st.describe != 6 || hops != 0 || start.After(time.Now()) {
		t.Errorf("describe %d times, %d hops, start %v", st.describe, hops, start)
	}
	if !strings.Contains(string(c.Body), `"time":"`+time.Now().UTC().Format("2006-01-02")) || !strings.HasSuffix(strings.Split(string(c.Body), `"time":"`)[1], "Z\"}\n") {
		t.Errorf("canary time not in the producer's layout: %s", c.Body)
	}
	if got, err := ExecutionTimeout(c); err != nil || got != 75*time.Minute {
		t.Errorf("ExecutionTimeout = %s, %v, want the crawl allowance, the job's 10 minutes and 5 more", got, err)
	}
}

// A failed execution is verify's error, with Step Functions' cause.
func TestProbeInjectFailedExecution(t *testing.T) {
	st := &probeStates{running: 1, final: sfntypes.ExecutionStatusFailed}
	_, err := newTestProbe(st, &probeObjects{puts: map[string]string{}}).Inject(context.Background(), jobCanary(time.Second))
	if err == nil || !strings.Contains(err.Error(), "FAILED") || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Fatalf("Inject = %v, want the execution's failure", err)
	}
}

// A verify that is cancelled stops the execution it started.
func TestProbeInjectStopsOnCancel(t *testing.T) {
	st := &probeStates{running: -1}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := newTestProbe(st, &probeObjects{puts: map[string]string{}}).Inject(ctx, jobCanary(time.Second)); err == nil || !st.stopped {
		t.Fatalf("Inject = %v, stopped %v", err, st.stopped)
	}
}

// A job timeout that does not parse is an error, not an execution wait
// of the crawl allowance alone.
func TestExecutionTimeoutUnparsable(t *testing.T) {
	c := jobCanary(time.Minute)
	c.Resources[etl.IDJob].Name = "demo-job"
	c.Resources[etl.IDJob].Inputs["timeoutMinutes"] = "ten"
	want := `glue.job demo-job: setting timeoutMinutes = "ten" is not a whole number in range`
	if _, err := ExecutionTimeout(c); err == nil || err.Error() != want {
		t.Errorf("ExecutionTimeout = %v, want %s", err, want)
	}
}
