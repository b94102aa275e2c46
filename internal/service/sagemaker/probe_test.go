package sagemaker

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// probeFake answers as AWS does (shapes from the API reference): the
// project's completed jobs, newest first, and their model artifacts.
type probeFake struct {
	jobs      []string // completed, newest first
	artifacts map[string]string
	objects   map[string]int64 // bucket/key → size
	listed    *sagemaker.ListTrainingJobsInput
}

func (f *probeFake) ListTrainingJobs(_ context.Context, in *sagemaker.ListTrainingJobsInput, _ ...func(*sagemaker.Options)) (*sagemaker.ListTrainingJobsOutput, error) {
	f.listed = in
	out := &sagemaker.ListTrainingJobsOutput{}
	for _, j := range f.jobs {
		out.TrainingJobSummaries = append(out.TrainingJobSummaries, smtypes.TrainingJobSummary{TrainingJobName: aws.String(j), TrainingJobStatus: smtypes.TrainingJobStatusCompleted})
	}
	return out, nil
}

func (f *probeFake) DescribeTrainingJob(_ context.Context, in *sagemaker.DescribeTrainingJobInput, _ ...func(*sagemaker.Options)) (*sagemaker.DescribeTrainingJobOutput, error) {
	n := aws.ToString(in.TrainingJobName)
	out := &sagemaker.DescribeTrainingJobOutput{TrainingJobName: aws.String(n), TrainingJobStatus: smtypes.TrainingJobStatusCompleted}
	if a, ok := f.artifacts[n]; ok {
		out.ModelArtifacts = &smtypes.ModelArtifacts{S3ModelArtifacts: aws.String(a)}
	}
	return out, nil
}

func (f *probeFake) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	if n, ok := f.objects[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)]; ok {
		return &s3.HeadObjectOutput{ContentLength: aws.Int64(n)}, nil
	}
	return nil, &s3types.NotFound{}
}

func canary() *service.Canary {
	return &service.Canary{ID: "c1", Route: []string{"app-to-s3", "s3-to-sagemaker"}, Resources: map[string]*service.Record{
		plan.IDTrainingJob: {Name: "demo-train", Outputs: map[string]string{"name": "demo-train"}}}}
}

// Verify proves the hop by the newest completed run's model object, and
// never by its status: a Completed job without the object (what moto
// reports) fails, and so does a project with no run.
func TestProbeAwait(t *testing.T) {
	const job = "demo-train-20261202-101500"
	uri := "s3://demo-bucket/model/" + job + "/output/model.tar.gz"
	f := &probeFake{jobs: []string{job, "demo-train-20261201-090000"}, artifacts: map[string]string{job: uri},
		objects: map[string]int64{"demo-bucket/model/" + job + "/output/model.tar.gz": 4242}}
	c := canary()
	var detail string
	c.OnHop = func(_ string, _ time.Duration, d string) { detail = d }
	if err := NewProbe(f, f).Await(context.Background(), c, "s3", time.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, uri) || !strings.Contains(detail, "4242 bytes") {
		t.Errorf("hop detail %q", detail)
	}
	if f.listed.StatusEquals != smtypes.TrainingJobStatusCompleted || f.listed.SortOrder != smtypes.SortOrderDescending || aws.ToString(f.listed.NameContains) != "demo-train-" {
		t.Errorf("listed %+v", f.listed)
	}

	f.objects = nil // Completed, but no model: what moto reports
	if err := NewProbe(f, f).Await(context.Background(), canary(), "s3", time.Now()); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("Completed without a model: %v", err)
	}
	f.artifacts = nil // Completed, no artifact named: what kumo reports
	if err := NewProbe(f, f).Await(context.Background(), canary(), "s3", time.Now()); err == nil || !strings.Contains(err.Error(), "no model artifact") {
		t.Errorf("Completed without ModelArtifacts: %v", err)
	}
	f.jobs = []string{"x-demo-train-20261202-101500"} // another prefix that contains ours
	if err := NewProbe(f, f).Await(context.Background(), canary(), "s3", time.Now()); !errors.Is(err, ErrNoRun) || !strings.Contains(err.Error(), "cmd/train") {
		t.Errorf("no run: %v", err)
	}
	if _, err := NewProbe(f, f).Inject(context.Background(), canary()); err == nil {
		t.Error("SageMaker is no source")
	}
}
