package sagemaker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// TrainingJobAPI is the part of the SageMaker client the training-job kind
// uses.
type TrainingJobAPI interface {
	ListTrainingJobs(ctx context.Context, in *sagemaker.ListTrainingJobsInput, optFns ...func(*sagemaker.Options)) (*sagemaker.ListTrainingJobsOutput, error)
	DescribeTrainingJob(ctx context.Context, in *sagemaker.DescribeTrainingJobInput, optFns ...func(*sagemaker.Options)) (*sagemaker.DescribeTrainingJobOutput, error)
	StopTrainingJob(ctx context.Context, in *sagemaker.StopTrainingJobInput, optFns ...func(*sagemaker.Options)) (*sagemaker.StopTrainingJobOutput, error)
	DeleteTrainingJob(ctx context.Context, in *sagemaker.DeleteTrainingJobInput, optFns ...func(*sagemaker.Options)) (*sagemaker.DeleteTrainingJobOutput, error)
	ListTags(ctx context.Context, in *sagemaker.ListTagsInput, optFns ...func(*sagemaker.Options)) (*sagemaker.ListTagsOutput, error)
}

// TrainingJob is the sagemaker.training-job kind: the project's training
// jobs, named JOBPREFIX-YYYYMMDD-HHMMSS. A training job is a run, not a
// standing resource (it cannot be changed or restarted), and a run needs
// data the route writes only after deploy, so deploy starts none: Ensure
// checks the account answers for SageMaker and records what every run
// uses (the Region's XGBoost image, the execution role, the channel and
// output locations), which cmd/train reads from the generated config.
// Delete is where the kind acts: destroy stops every run of the project
// still in progress (each bills per second until it ends), waits for it,
// and deletes the runs' records where the target can.
type TrainingJob struct {
	c TrainingJobAPI
	// StopWait bounds the wait for one stopped job; zero is env.Wait().
	StopWait time.Duration
	// StopPoll is the first wait between status checks of a stopping job.
	StopPoll time.Duration
}

// NewTrainingJob returns the training-job kind on c.
func NewTrainingJob(c TrainingJobAPI) *TrainingJob {
	return &TrainingJob{c: c, StopPoll: 5 * time.Second}
}

// Kind implements service.Provider.
func (*TrainingJob) Kind() plan.Kind { return plan.KindTrainingJob }

var _ service.Typed = (*TrainingJob)(nil)

// TrainingJobSettings are the settings of a sagemaker.training-job as the
// planner writes them, with the role's ARN and the bucket's name resolved
// at apply. Deploy records the image, role and bucket; cmd/train, which
// starts a run, reads the rest from the generated project's
// configuration.
type TrainingJobSettings struct {
	Image             string `setting:"image"`
	InstanceType      string `setting:"instanceType"`
	InstanceCount     int32  `setting:"instanceCount"`
	VolumeSizeGiB     int32  `setting:"volumeSizeGiB"`
	MaxRuntimeSeconds int32  `setting:"maxRuntimeSeconds"`
	SourcePrefix      string `setting:"sourcePrefix"`
	TrainPrefix       string `setting:"trainPrefix"`
	OutputPrefix      string `setting:"outputPrefix"`
	// Hyperparameters are k=v,k=v (FormatHyperparameters).
	Hyperparameters string `setting:"hyperparameters"`
	// Columns are the CSV's columns, comma-separated (Columns).
	Columns string `setting:"columns"`
	RoleARN string `setting:"roleArn"`
	Bucket  string `setting:"bucket"`
}

// NewSettings implements service.Typed.
func (*TrainingJob) NewSettings() any { return &TrainingJobSettings{} }

// OutputPath is the S3OutputPath of every run; SageMaker writes a run's
// model under it, to JOB/output/model.tar.gz
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputDataConfig.html).
func OutputPath(bucket, prefix string) string { return "s3://" + bucket + "/" + prefix }

// Ensure implements service.Provider: no run is started (see TrainingJob).
func (j *TrainingJob) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	var in TrainingJobSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindTrainingJob, req.Resource.Name, err)
	}
	if err := j.answers(ctx, req.Resource.Name); err != nil {
		return nil, err
	}
	outputs := map[string]string{
		"name": req.Resource.Name, "project": req.Plan.Project, "image": in.Image, "roleArn": in.RoleARN,
		"bucket": in.Bucket, "outputPath": OutputPath(in.Bucket, in.OutputPrefix),
	}
	req.Created(outputs)
	return outputs, nil
}

// answers checks that the account answers for SageMaker training jobs
// (the Region has SageMaker, the caller may describe jobs of the prefix):
// it describes a job name no run takes, which must not be found.
func (j *TrainingJob) answers(ctx context.Context, prefix string) error {
	name := prefix + "-none"
	_, err := j.c.DescribeTrainingJob(ctx, &sagemaker.DescribeTrainingJobInput{TrainingJobName: aws.String(name)})
	switch {
	case err == nil:
		return fmt.Errorf("SageMaker training job %s exists, and wireup never names a run so: rename sagemaker.jobPrefix in wireup.yaml", name)
	case notFound(err):
		return nil
	}
	return fmt.Errorf("describe SageMaker training job %s: %w", name, err)
}

// Exists implements service.Provider: what deploy records has no AWS
// object of its own, so it is there while the SageMaker API answers.
func (j *TrainingJob) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	err := j.answers(ctx, rec.Name)
	return err == nil, err
}

var _ service.Lister = (*TrainingJob)(nil)

// Always implements service.Lister: training jobs are listed only for a
// plan that has them.
func (*TrainingJob) Always() bool { return false }

// List implements service.Lister: without a state, destroy still finds
// the project's runs that bill, those in progress or stopping, and stops
// them. Finished runs bill nothing and are not reported, so a target that
// cannot delete their records (moto) leaves nothing destroy would miss.
// A target with no ListTrainingJobs (kumo: UnknownOperationException)
// lists none.
func (j *TrainingJob) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	r := p.Resource(plan.IDTrainingJob)
	if r == nil {
		return nil, nil
	}
	runs, err := j.Runs(ctx, r.Name, p.Project)
	if service.ErrorCode(err) == "UnknownOperationException" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, run := range runs {
		if run.Status == smtypes.TrainingJobStatusInProgress || run.Status == smtypes.TrainingJobStatusStopping {
			owned := map[string]string{plan.TagProject: p.Project}
			return []service.Listed{{Name: r.Name, Outputs: map[string]string{"name": r.Name, "project": p.Project},
				Tags: func(context.Context) (map[string]string, error) { return owned, nil }}}, nil
		}
	}
	return nil, nil
}

// Drift implements service.Provider: a run cannot be edited.
func (*TrainingJob) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Run is one training job of the project.
type Run struct {
	Name   string
	Status smtypes.TrainingJobStatus
	ARN    string
}

// Runs lists the training jobs named prefix-… that are tagged as
// project's, every page.
func (j *TrainingJob) Runs(ctx context.Context, prefix, project string) ([]Run, error) {
	var out []Run
	pg := sagemaker.NewListTrainingJobsPaginator(j.c, &sagemaker.ListTrainingJobsInput{NameContains: aws.String(prefix + "-")})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list SageMaker training jobs %s-*: %w", prefix, err)
		}
		for _, s := range page.TrainingJobSummaries {
			n := aws.ToString(s.TrainingJobName)
			if !strings.HasPrefix(n, prefix+"-") {
				continue
			}
			tg, err := j.c.ListTags(ctx, &sagemaker.ListTagsInput{ResourceArn: s.TrainingJobArn})
			if err != nil {
				return nil, fmt.Errorf("read tags of SageMaker training job %s: %w", n, err)
			}
			if !service.OwnedBy(service.TagsOf(tg.Tags, smTag), project) {
				continue
			}
			out = append(out, Run{Name: n, Status: s.TrainingJobStatus, ARN: aws.ToString(s.TrainingJobArn)})
		}
	}
	return out, nil
}

// Delete implements service.Provider: stop the project's runs in
// progress, wait until each has stopped, then delete every run's record
// ("You can delete only training jobs that are in a terminal state",
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteTrainingJob.html).
// Where the target has no DeleteTrainingJob (DeletesTrainingJob) the
// finished records stay: they bill nothing.
func (j *TrainingJob) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	project := rec.Outputs["project"]
	if project == "" {
		return fmt.Errorf("training-job %s: the state records no project, so its runs cannot be told from others': delete them in the SageMaker console", rec.Name)
	}
	if ok, _ := ListsTrainingJobs(env.Target); !ok {
		return nil
	}
	runs, err := j.Runs(ctx, rec.Name, project)
	if err != nil {
		return err
	}
	wait := j.StopWait
	if wait <= 0 {
		wait = env.Wait()
	}
	var errs []error
	for _, r := range runs {
		if err := j.stop(ctx, r, wait); err != nil {
			errs = append(errs, err)
			continue
		}
		if ok, _ := DeletesTrainingJob(env.Target); !ok {
			continue
		}
		_, err := j.c.DeleteTrainingJob(ctx, &sagemaker.DeleteTrainingJobInput{TrainingJobName: aws.String(r.Name)})
		if err != nil && !service.IsNotFound(err) && !notFound(err) {
			errs = append(errs, fmt.Errorf("delete SageMaker training job %s: %w", r.Name, err))
		}
	}
	return errors.Join(errs...)
}

// stop stops run r if it is in progress and waits until it is in a
// terminal state.
func (j *TrainingJob) stop(ctx context.Context, r Run, wait time.Duration) error {
	switch r.Status {
	case smtypes.TrainingJobStatusCompleted, smtypes.TrainingJobStatusFailed, smtypes.TrainingJobStatusStopped:
		return nil
	case smtypes.TrainingJobStatusInProgress:
		if _, err := j.c.StopTrainingJob(ctx, &sagemaker.StopTrainingJobInput{TrainingJobName: aws.String(r.Name)}); err != nil {
			return fmt.Errorf("stop SageMaker training job %s: %w", r.Name, err)
		}
	}
	w := sagemaker.NewTrainingJobCompletedOrStoppedWaiter(j.c, func(o *sagemaker.TrainingJobCompletedOrStoppedWaiterOptions) {
		o.MinDelay, o.MaxDelay = j.StopPoll, max(j.StopPoll, 30*time.Second)
	})
	_, err := w.WaitForOutput(ctx, &sagemaker.DescribeTrainingJobInput{TrainingJobName: aws.String(r.Name)}, wait)
	if err == nil {
		return nil
	}
	// The waiter fails on Failed, which is terminal too.
	d, derr := j.c.DescribeTrainingJob(ctx, &sagemaker.DescribeTrainingJobInput{TrainingJobName: aws.String(r.Name)})
	if derr == nil && d.TrainingJobStatus == smtypes.TrainingJobStatusFailed {
		return nil
	}
	return fmt.Errorf("wait for SageMaker training job %s to stop: %w", r.Name, err)
}

// notFound recognises SageMaker's answer for a training job that is not
// there: ValidationException naming it (AWS and moto: "Could not find
// training job …", "Requested resource not found"), or ResourceNotFound
// (kumo; https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html).
func notFound(err error) bool {
	msg := strings.ToLower(service.ErrorMessage(err))
	return service.ErrorCode(err) == "ResourceNotFound" || service.IsNotFound(err) ||
		service.ErrorCode(err) == "ValidationException" && (strings.Contains(msg, "could not find") || strings.Contains(msg, "not found"))
}

func smTag(t smtypes.Tag) (*string, *string) { return t.Key, t.Value }
