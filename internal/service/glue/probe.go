package glue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue/etl"
	s3svc "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/stepfunctions"
)

// ProbeStatesAPI is the part of the Step Functions client the probe uses.
type ProbeStatesAPI interface {
	StartExecution(ctx context.Context, in *sfn.StartExecutionInput, optFns ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
	DescribeExecution(ctx context.Context, in *sfn.DescribeExecutionInput, optFns ...func(*sfn.Options)) (*sfn.DescribeExecutionOutput, error)
	StopExecution(ctx context.Context, in *sfn.StopExecutionInput, optFns ...func(*sfn.Options)) (*sfn.StopExecutionOutput, error)
}

// ProbeObjectsAPI is the part of the S3 client the probe uses.
type ProbeObjectsAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// Probe is the verify probe of a Glue job route's source: it writes the
// canary where the crawler reads, as the generated producer does, and
// runs the state machine (the crawl, then the job) to its end. What the
// job wrote is the S3 probe's to find: an execution's status proves
// nothing (on emulators a Glue job run SUCCEEDS without running).
type Probe struct {
	states  ProbeStatesAPI
	objects ProbeObjectsAPI
	// Poll is the first wait between DescribeExecution calls; it doubles
	// up to MaxPoll.
	Poll, MaxPoll time.Duration
}

// NewProbe returns the probe on the two clients.
func NewProbe(states ProbeStatesAPI, objects ProbeObjectsAPI) *Probe {
	return &Probe{states: states, objects: objects, Poll: 5 * time.Second, MaxPoll: 30 * time.Second}
}

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(sfn.NewFromConfig(cfg), s3.NewFromConfig(cfg, s3svc.ClientOptions(cfg)))
}

var (
	_ service.Probe   = (*Probe)(nil)
	_ service.Fielder = (*Probe)(nil)
)

// TimeLayout is how the generated producer writes an event's time (the
// project's event.TimeLayout): the job's Spark cast reads it.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Fields implements service.Fielder: the canary's time as the producer
// writes it, so the job dates it as it dates the project's events.
func (*Probe) Fields(*service.Canary) map[string]any {
	return map[string]any{"time": time.Now().UTC().Truncate(time.Millisecond).Format(TimeLayout)}
}

// Inject implements service.Probe: put the canary under glue.prefix, then
// run the state machine and wait until the execution ends (a crawl and a
// job run take minutes: the wait is the execution's own timeout at
// least). A failed execution is an error with Step Functions' cause. The
// returned time is before the put: the S3 probe looks for output written
// since.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	bucket, prefix := c.In(etl.IDJob, "bucket"), c.In(plan.IDCrawler, "prefix")
	key := prefix + c.ID + ".json"
	if _, err := p.objects.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(c.Body)}); err != nil {
		return start, fmt.Errorf("put canary object s3://%s/%s: %w", bucket, key, err)
	}
	machine := c.Out(stepfunctions.IDStateMachine, "arn")
	ex, err := p.states.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Name: aws.String(c.ID), Input: aws.String("{}")})
	if err != nil {
		return start, fmt.Errorf("start state machine %s: %w", machine, err)
	}
	id := aws.ToString(ex.ExecutionArn)
	exec, err := ExecutionTimeout(c)
	if err != nil {
		return start, err
	}
	timeout := max(c.Timeout, exec)
	deadline := time.Now().Add(timeout)
	delay := p.Poll
	for {
		out, err := p.states.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(id)})
		switch {
		case err != nil && ctx.Err() == nil:
			return start, fmt.Errorf("execution %s: %w", id, err)
		case err == nil && out.Status == sfntypes.ExecutionStatusSucceeded:
			// Not a proven hop: the S3 probe checks what the job wrote.
			return start, nil
		case err == nil && out.Status != sfntypes.ExecutionStatusRunning && out.Status != sfntypes.ExecutionStatusPendingRedrive:
			return start, fmt.Errorf("execution %s %s: %s: %s", id, out.Status, aws.ToString(out.Error), aws.ToString(out.Cause))
		}
		if time.Now().After(deadline) {
			p.stop(ctx, id)
			return start, fmt.Errorf("execution %s still running after %s: stopped it", id, timeout)
		}
		if err := service.Sleep(ctx, delay); err != nil {
			p.stop(ctx, id)
			return start, err
		}
		delay = min(2*delay, p.MaxPoll)
	}
}

// stop stops an execution verify gives up on, even after a Ctrl-C.
func (p *Probe) stop(ctx context.Context, id string) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, _ = p.states.StopExecution(sctx, &sfn.StopExecutionInput{ExecutionArn: aws.String(id), Cause: aws.String("wireup verify gave up")})
}

// ExecutionTimeout is how long an execution of the route's state machine
// may take: the crawl allowance and the job's timeout, as the definition
// bounds it. A job timeout that does not parse is an error: a wait of 0
// minutes would give up on a run that is still going.
func ExecutionTimeout(c *service.Canary) (time.Duration, error) {
	var job etl.JobSettings
	if r := c.Resources[etl.IDJob]; r != nil {
		if err := service.Decode(r.Inputs, &job); err != nil {
			return 0, fmt.Errorf("%s %s: %w", etl.KindJob, r.Name, err)
		}
	}
	return time.Duration(stepfunctions.ETL(stepfunctions.ETLInput{JobTimeoutMinutes: int(job.TimeoutMinutes)}).TimeoutSeconds) * time.Second, nil
}

// Await implements service.Probe: the Data Catalog is no route sink.
func (*Probe) Await(context.Context, *service.Canary, string, time.Time) error {
	return errors.New("verify cannot find the canary in Glue: the Data Catalog is no route sink")
}
