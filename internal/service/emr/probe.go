package emr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	wireups3 "github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/targets"
)

// ProbeAPI is the part of the EMR Serverless client the verify probe uses.
type ProbeAPI interface {
	StartJobRun(ctx context.Context, in *emrserverless.StartJobRunInput, optFns ...func(*emrserverless.Options)) (*emrserverless.StartJobRunOutput, error)
	GetJobRun(ctx context.Context, in *emrserverless.GetJobRunInput, optFns ...func(*emrserverless.Options)) (*emrserverless.GetJobRunOutput, error)
	CancelJobRun(ctx context.Context, in *emrserverless.CancelJobRunInput, optFns ...func(*emrserverless.Options)) (*emrserverless.CancelJobRunOutput, error)
}

// ObjectsAPI is the part of the S3 client the probe reads the output with.
type ObjectsAPI interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Probe is the verify probe of the route's application: at the end of a
// route it runs the project's job once (uploading the project's script
// when cmd/job has not) over the input the canary went into, and proves the hop by the Parquet the run wrote under a prefix of
// its own, never by the run's status (moto reports SUCCESS without running
// anything). A run bills at least a minute of its workers.
type Probe struct {
	c  ProbeAPI
	s3 ObjectsAPI
	// Poll is the first wait between status checks; it doubles up to a
	// minute.
	Poll time.Duration
}

// NewProbe returns the probe on c and objects.
func NewProbe(c ProbeAPI, objects ObjectsAPI) *Probe {
	return &Probe{c: c, s3: objects, Poll: 5 * time.Second}
}

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(emrserverless.NewFromConfig(cfg), s3.NewFromConfig(cfg, wireups3.ClientOptions(cfg)))
}

var (
	_ service.Probe    = (*Probe)(nil)
	_ service.Blind    = (*Probe)(nil)
	_ service.Terminal = (*Probe)(nil)
)

// Terminal implements service.Terminal: on emr-to-s3 the Parquet the job
// writes into the bucket is what Await checks; the bucket never holds the
// canary itself.
func (*Probe) Terminal() {}

// Blind implements service.Blind: the table of a crawler route exists only
// once a crawl made it, which verify does not start (a crawl is billed).
func (*Probe) Blind(c *service.Canary) string {
	const app = plan.IDEMRApplication
	if c.In(app, "inputPrefix") == "" && c.In(app, "dynamodbTable") == "" {
		return "the route gives the EMR job nothing to read (it needs s3-to-emr, s3-to-glue before glue-to-emr, or dynamodb-to-emr), so there is no job to run"
	}
	if c.In(app, "table") != "" {
		return "the table the EMR job reads is made by the crawler, which verify does not start (a crawl is billed): run `go run ./cmd/crawl`, then `go run ./cmd/job`"
	}
	return ""
}

// Inject implements service.Probe: EMR is no route source.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errors.New("EMR is not a source verify can send a canary into")
}

// RunOf is the job run verify starts for canary c: the project's script,
// its input, and an output prefix of its own. A planned setting that does
// not parse is an error, not a run with a timeout of 0.
func RunOf(c *service.Canary) (JobRun, error) {
	const app = plan.IDEMRApplication
	var name string
	var in map[string]string
	if r := c.Resources[app]; r != nil {
		name, in = r.Name, r.Inputs
	}
	s, err := settingsOf(name, in)
	if err != nil {
		return JobRun{}, err
	}
	l := Layout{Bucket: s.Bucket, Prefix: s.Prefix}
	r := JobRun{ApplicationID: c.Out(app, "id"), RoleARN: s.JobRoleARN, Layout: l,
		Hive: s.Type == "HIVE", DynamoDBTable: s.DynamoDBTable,
		Output: l.Output() + "verify-" + c.ID + "/", TimeoutMinutes: s.JobTimeoutMinutes, Name: "wireup-verify", Token: c.ID}
	if s.Table != "" {
		r.Table = s.Database + "." + s.Table
	} else if s.InputPrefix != "" {
		r.Input = l.URI(s.InputPrefix)
	}
	return r, nil
}

// Await implements service.Probe: upload the project's script when
// cmd/job has not, start the job, wait for it to end, and find the
// Parquet it wrote.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	r, err := RunOf(c)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	if err := p.script(ctx, c, r); err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	if c.Target == targets.AWS && c.Has(plan.IDDeliveryStream) {
		// The canary is in S3 once the delivery stream's buffer interval
		// is over.
		interval, err := c.BufferInterval()
		if err != nil {
			return fmt.Errorf("%s: %w", c.Path(), err)
		}
		wait := interval + 30*time.Second
		if err := service.Sleep(ctx, time.Until(start.Add(wait))); err != nil {
			return err
		}
	}
	out, err := p.c.StartJobRun(ctx, r.StartInput())
	if err != nil {
		return fmt.Errorf("%s: start job run: %w", c.Path(), err)
	}
	id := aws.ToString(out.JobRunId)
	run, err := p.wait(ctx, r.ApplicationID, id, time.Duration(r.TimeoutMinutes+5)*time.Minute)
	if err != nil {
		return fmt.Errorf("%s: %w (driver logs: %s)", c.Path(), err, r.DriverLogs(id))
	}
	n, err := p.parquet(ctx, r.Layout.Bucket, r.Output)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	if n == 0 {
		return fmt.Errorf("%s: job run %s ended %s (%s) and wrote no Parquet under %s; driver logs: %s",
			c.Path(), id, run.State, aws.ToString(run.StateDetails), r.Layout.URI(r.Output), r.DriverLogs(id))
	}
	c.Hop(c.Path(), start, fmt.Sprintf("job run %s wrote %d Parquet objects under %s (checked by their PAR1 bytes, not by the run's state %s)",
		id, n, r.Layout.URI(r.Output), run.State))
	return nil
}

// script makes sure the run's script is in S3: the one cmd/job uploaded,
// or the project's own (internal/job/), which verify uploads as cmd/job
// would.
func (p *Probe) script(ctx context.Context, c *service.Canary, r JobRun) error {
	bucket, key := aws.String(r.Layout.Bucket), aws.String(r.Script())
	_, err := p.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key})
	switch {
	case err == nil:
		return nil
	case !service.IsNotFound(err):
		return fmt.Errorf("read the job script: %w", err)
	case c.ProjectDir == "":
		return fmt.Errorf("the job script %s is not uploaded: run `go run ./cmd/job` once (it uploads the script and runs it), then verify again", r.Layout.URI(r.Script()))
	}
	local := filepath.Join(c.ProjectDir, "internal", "job", path.Base(r.Script()))
	body, err := os.ReadFile(local)
	if err != nil {
		return fmt.Errorf("the job script %s is not uploaded and the project has none to upload (%w): run `go run ./cmd/job` once, then verify again", r.Layout.URI(r.Script()), err)
	}
	if _, err := p.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: key, Body: bytes.NewReader(body)}); err != nil {
		return fmt.Errorf("upload the job script %s: %w", local, err)
	}
	return nil
}

// wait polls the run with backoff until it is final, and cancels it if ctx
// ends first.
func (p *Probe) wait(ctx context.Context, app, id string, maxWait time.Duration) (*types.JobRun, error) {
	delay, deadline := p.Poll, time.Now().Add(maxWait)
	for {
		got, err := p.c.GetJobRun(ctx, &emrserverless.GetJobRunInput{ApplicationId: aws.String(app), JobRunId: aws.String(id)})
		if err != nil && ctx.Err() == nil {
			return nil, fmt.Errorf("job run %s: %w", id, err)
		}
		var state types.JobRunState
		if err == nil {
			switch state = got.JobRun.State; state {
			case types.JobRunStateSuccess, types.JobRunStateFailed, types.JobRunStateCancelled:
				return got.JobRun, nil
			}
		}
		if time.Now().After(deadline) {
			p.cancel(ctx, app, id)
			return nil, fmt.Errorf("job run %s still %s after %s: cancelled", id, state, maxWait)
		}
		if err := service.Sleep(ctx, delay); err != nil {
			p.cancel(ctx, app, id)
			return nil, fmt.Errorf("job run %s: %w (cancelled)", id, err)
		}
		delay = min(2*delay, time.Minute)
	}
}

// cancel cancels the run with a context of its own: ctx may be done.
func (p *Probe) cancel(ctx context.Context, app, id string) {
	cctx, stop := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer stop()
	_, _ = p.c.CancelJobRun(cctx, &emrserverless.CancelJobRunInput{ApplicationId: aws.String(app), JobRunId: aws.String(id)})
}

// parquetMagic starts and ends every Parquet file
// (https://parquet.apache.org/docs/file-format/).
var parquetMagic = []byte("PAR1")

// parquet counts the Parquet files under prefix: every object but Spark's
// and Hive's markers (_SUCCESS, hidden files) must begin with PAR1.
func (p *Probe) parquet(ctx context.Context, bucket, prefix string) (int, error) {
	n := 0
	pg := s3.NewListObjectsV2Paginator(p.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("list the job's output: %w", err)
		}
		for _, o := range page.Contents {
			k := aws.ToString(o.Key)
			base := k[strings.LastIndex(k, "/")+1:]
			if base == "" || strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") || aws.ToInt64(o.Size) < 12 {
				continue
			}
			got, err := p.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Range: aws.String("bytes=0-3")})
			if err != nil {
				return 0, fmt.Errorf("read s3://%s/%s: %w", bucket, k, err)
			}
			head, _ := io.ReadAll(io.LimitReader(got.Body, 4))
			got.Body.Close()
			if !bytes.Equal(head, parquetMagic) {
				return 0, fmt.Errorf("s3://%s/%s is not Parquet (it starts %q)", bucket, k, head)
			}
			n++
		}
	}
	return n, nil
}
