package sagemaker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ProbeAPI is the part of the SageMaker client the verify probe uses.
type ProbeAPI interface {
	ListTrainingJobs(ctx context.Context, in *sagemaker.ListTrainingJobsInput, optFns ...func(*sagemaker.Options)) (*sagemaker.ListTrainingJobsOutput, error)
	DescribeTrainingJob(ctx context.Context, in *sagemaker.DescribeTrainingJobInput, optFns ...func(*sagemaker.Options)) (*sagemaker.DescribeTrainingJobOutput, error)
}

// ObjectAPI is the part of the S3 client the probe uses.
type ObjectAPI interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// Probe is the verify probe at the end of a route into SageMaker. Verify
// does not start a training job (a run is billed, and takes minutes): it
// checks the model artifact of the project's latest completed run, the
// object SageMaker writes to OUTPUT/JOB/output/model.tar.gz, which only a
// training that ran produces. A job's status alone proves nothing:
// emulators report Completed without training.
type Probe struct {
	sm ProbeAPI
	s3 ObjectAPI
}

// NewProbe returns the probe on a SageMaker and an S3 client.
func NewProbe(sm ProbeAPI, s ObjectAPI) *Probe { return &Probe{sm: sm, s3: s} }

// NewProbeFromConfig returns the probe on clients built from cfg.
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(sagemaker.NewFromConfig(cfg), s3.NewFromConfig(cfg))
}

var _ service.Probe = (*Probe)(nil)

// Inject implements service.Probe: SageMaker is no route source.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errors.New("SageMaker is not a source verify can send a canary into")
}

// ErrNoRun is a route into SageMaker with no completed training run to check.
var ErrNoRun = errors.New("no completed training job")

// Await implements service.Probe: the newest Completed run of the
// project's prefix, and its model object in S3. The canary itself is not
// in a model (a model is no copy of its data): this hop is proven by the
// model a training of the route's data wrote.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	prefix := c.Out(plan.IDTrainingJob, "name")
	out, err := p.sm.ListTrainingJobs(ctx, &sagemaker.ListTrainingJobsInput{NameContains: aws.String(prefix + "-"),
		StatusEquals: smtypes.TrainingJobStatusCompleted, SortBy: smtypes.SortByCreationTime, SortOrder: smtypes.SortOrderDescending, MaxResults: aws.Int32(10)})
	if err != nil {
		return fmt.Errorf("%s: list training jobs %s-*: %w", c.Path(), prefix, err)
	}
	var job string
	for _, s := range out.TrainingJobSummaries {
		if n := aws.ToString(s.TrainingJobName); strings.HasPrefix(n, prefix+"-") {
			job = n
			break
		}
	}
	if job == "" {
		return fmt.Errorf("%s: %w named %s-*: run `go run ./cmd/train` (a billed run of minutes), then verify again", c.Path(), ErrNoRun, prefix)
	}
	d, err := p.sm.DescribeTrainingJob(ctx, &sagemaker.DescribeTrainingJobInput{TrainingJobName: aws.String(job)})
	if err != nil {
		return fmt.Errorf("%s: describe training job %s: %w", c.Path(), job, err)
	}
	uri := ""
	if d.ModelArtifacts != nil {
		uri = aws.ToString(d.ModelArtifacts.S3ModelArtifacts)
	}
	bucket, key, ok := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	if !ok || !strings.HasPrefix(uri, "s3://") {
		return fmt.Errorf("%s: training job %s reports Completed with no model artifact", c.Path(), job)
	}
	h, err := p.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("%s: training job %s reports Completed, but its model %s cannot be read: %w", c.Path(), job, uri, err)
	}
	c.Hop(c.Path(), start, fmt.Sprintf("training job %s wrote its model %s (%d bytes)", job, uri, aws.ToInt64(h.ContentLength)))
	return nil
}
