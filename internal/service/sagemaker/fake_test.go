package sagemaker

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"
	"github.com/aws/smithy-go"
)

// fakeSageMaker keeps training jobs in memory. ListTrainingJobs serves
// one job per page, filtered by NameContains, and fails on a token it
// never handed out; a stopped job is Stopping for one describe, then
// Stopped.
type fakeSageMaker struct {
	TrainingJobAPI // panics on anything the fake does not serve
	jobs           []*fakeJob
	calls          []string
}

type fakeJob struct {
	name    string
	status  smtypes.TrainingJobStatus
	tags    map[string]string
	deleted bool
}

func arnOf(name string) string {
	return "arn:aws:sagemaker:us-east-1:123456789012:training-job/" + name
}

func (f *fakeSageMaker) job(name string) *fakeJob {
	for _, j := range f.jobs {
		if j.name == name && !j.deleted {
			return j
		}
	}
	return nil
}

func (f *fakeSageMaker) ListTrainingJobs(_ context.Context, in *sagemaker.ListTrainingJobsInput, _ ...func(*sagemaker.Options)) (*sagemaker.ListTrainingJobsOutput, error) {
	var match []*fakeJob
	for _, j := range f.jobs {
		if !j.deleted && (in.NameContains == nil || strings.Contains(j.name, aws.ToString(in.NameContains))) {
			match = append(match, j)
		}
	}
	i := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		if _, err := fmt.Sscanf(tok, "t%d", &i); err != nil {
			return nil, fmt.Errorf("unknown token %q", tok)
		}
	}
	out := &sagemaker.ListTrainingJobsOutput{}
	if i < len(match) {
		j := match[i]
		out.TrainingJobSummaries = []smtypes.TrainingJobSummary{{TrainingJobName: aws.String(j.name), TrainingJobArn: aws.String(arnOf(j.name)), TrainingJobStatus: j.status}}
	}
	if i+1 < len(match) {
		out.NextToken = aws.String(fmt.Sprintf("t%d", i+1))
	}
	return out, nil
}

func (f *fakeSageMaker) ListTags(_ context.Context, in *sagemaker.ListTagsInput, _ ...func(*sagemaker.Options)) (*sagemaker.ListTagsOutput, error) {
	for _, j := range f.jobs {
		if arnOf(j.name) == aws.ToString(in.ResourceArn) {
			out := &sagemaker.ListTagsOutput{}
			for k, v := range j.tags {
				out.Tags = append(out.Tags, smtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
			}
			return out, nil
		}
	}
	return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "Could not find resource"}
}

func (f *fakeSageMaker) StopTrainingJob(_ context.Context, in *sagemaker.StopTrainingJobInput, _ ...func(*sagemaker.Options)) (*sagemaker.StopTrainingJobOutput, error) {
	n := aws.ToString(in.TrainingJobName)
	f.calls = append(f.calls, "StopTrainingJob "+n)
	j := f.job(n)
	if j == nil || j.status != smtypes.TrainingJobStatusInProgress {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "The job is not in progress"}
	}
	j.status = smtypes.TrainingJobStatusStopping
	return &sagemaker.StopTrainingJobOutput{}, nil
}

func (f *fakeSageMaker) DescribeTrainingJob(_ context.Context, in *sagemaker.DescribeTrainingJobInput, _ ...func(*sagemaker.Options)) (*sagemaker.DescribeTrainingJobOutput, error) {
	n := aws.ToString(in.TrainingJobName)
	j := f.job(n)
	if j == nil {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "Could not find training job '" + arnOf(n) + "'."}
	}
	out := &sagemaker.DescribeTrainingJobOutput{TrainingJobName: aws.String(n), TrainingJobStatus: j.status}
	if j.status == smtypes.TrainingJobStatusStopping {
		j.status = smtypes.TrainingJobStatusStopped
	}
	return out, nil
}

func (f *fakeSageMaker) DeleteTrainingJob(_ context.Context, in *sagemaker.DeleteTrainingJobInput, _ ...func(*sagemaker.Options)) (*sagemaker.DeleteTrainingJobOutput, error) {
	n := aws.ToString(in.TrainingJobName)
	f.calls = append(f.calls, "DeleteTrainingJob "+n)
	j := f.job(n)
	if j == nil {
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFound", Message: "not found"}
	}
	if j.status == smtypes.TrainingJobStatusInProgress || j.status == smtypes.TrainingJobStatusStopping {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "You can delete only training jobs that are in a terminal state"}
	}
	j.deleted = true
	return &sagemaker.DeleteTrainingJobOutput{}, nil
}
