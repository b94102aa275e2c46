package etl

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
	"github.com/wireup/wireup/templates"
)

// The Glue job's kinds and plan resource ids.
const (
	KindJob                   plan.Kind = "glue.job"
	KindSecurityConfiguration plan.Kind = "glue.security-configuration"

	IDJob                   = plan.IDGlueJob
	IDRoleJob               = "role/glue-job"
	IDSecurityConfiguration = "glue-security-configuration"
)

// ScriptTemplate is the job's PySpark script under templates/: one file,
// rendered into the project as glue/job.py and uploaded by deploy. It
// takes its inputs as job arguments, so it is the same for every project.
const ScriptTemplate = "glue/job.py.tmpl"

// ScriptPath is where the project holds the script.
const ScriptPath = "glue/job.py"

// Script is the job's PySpark script.
func Script() ([]byte, error) {
	b, err := fs.ReadFile(templates.FS, ScriptTemplate)
	if err != nil {
		return nil, fmt.Errorf("read Glue job script: %w", err)
	}
	return b, nil
}

// ScriptDigest is the first 12 hex digits of the script's SHA-256: a
// setting of the job, so that a new script (a wireup upgrade) changes its
// hash and deploy uploads it again.
func ScriptDigest() string {
	b, err := Script()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// JobAPI is the part of the Glue client the job kind uses.
type JobAPI interface {
	CreateJob(ctx context.Context, in *glue.CreateJobInput, optFns ...func(*glue.Options)) (*glue.CreateJobOutput, error)
	GetJob(ctx context.Context, in *glue.GetJobInput, optFns ...func(*glue.Options)) (*glue.GetJobOutput, error)
	UpdateJob(ctx context.Context, in *glue.UpdateJobInput, optFns ...func(*glue.Options)) (*glue.UpdateJobOutput, error)
	DeleteJob(ctx context.Context, in *glue.DeleteJobInput, optFns ...func(*glue.Options)) (*glue.DeleteJobOutput, error)
	ListJobs(ctx context.Context, in *glue.ListJobsInput, optFns ...func(*glue.Options)) (*glue.ListJobsOutput, error)
	GetTags(ctx context.Context, in *glue.GetTagsInput, optFns ...func(*glue.Options)) (*glue.GetTagsOutput, error)
}

// ScriptAPI is the part of the S3 client the job kind uses for its script.
type ScriptAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// Job is the glue.job kind: a Spark ETL job (glueetl) running the
// generated script, which Ensure uploads to the route's bucket first, so
// the job and its script always match. wireup never runs it on deploy:
// a run is billed (the state machine, cmd/etl and verify on AWS run it).
type Job struct {
	c  JobAPI
	s3 ScriptAPI
}

// NewJob returns the job kind on c, uploading its script with s.
func NewJob(c JobAPI, s ScriptAPI) *Job { return &Job{c: c, s3: s} }

var (
	_ service.Lister = (*Job)(nil)
	_ service.Parent = (*Job)(nil)
	_ service.Typed  = (*Job)(nil)
)

// JobSettings are a job's settings, as Plan writes them, with its role,
// bucket, database and security configuration resolved at apply. Script
// is the digest of the script the job runs (ScriptDigest): a new script
// changes the plan.
type JobSettings struct {
	GlueVersion           string `setting:"glueVersion"`
	WorkerType            string `setting:"workerType"`
	NumberOfWorkers       int32  `setting:"numberOfWorkers"`
	TimeoutMinutes        int32  `setting:"timeoutMinutes"`
	Bookmarks             bool   `setting:"bookmarks"`
	ContinuousLogging     bool   `setting:"continuousLogging"`
	ScriptKey             string `setting:"scriptKey"`
	Script                string `setting:"script"`
	OutputPrefix          string `setting:"outputPrefix"`
	Table                 string `setting:"table"`
	RoleARN               string `setting:"roleArn"`
	Bucket                string `setting:"bucket"`
	Database              string `setting:"database"`
	SecurityConfiguration string `setting:"securityConfiguration"`
}

// NewSettings implements service.Typed.
func (*Job) NewSettings() any { return &JobSettings{} }

// Kind implements service.Provider.
func (*Job) Kind() plan.Kind { return KindJob }

// Always implements service.Lister: jobs are listed only for a plan that
// has one.
func (*Job) Always() bool { return false }

// arguments are the job's default arguments: the script's inputs, job
// bookmarks and continuous logging (no --enable-metrics: the role grants
// no cloudwatch:PutMetricData)
// (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html).
func arguments(in *JobSettings) map[string]string {
	bookmark := "job-bookmark-disable"
	if in.Bookmarks {
		bookmark = "job-bookmark-enable"
	}
	args := map[string]string{
		"--job-language":        "python",
		"--job-bookmark-option": bookmark,
		"--source_database":     in.Database,
		"--source_table":        in.Table,
		"--output_path":         location(in.Bucket, in.OutputPrefix),
	}
	if in.ContinuousLogging {
		args["--enable-continuous-cloudwatch-log"] = "true"
	}
	return args
}

func command(in *JobSettings) *gluetypes.JobCommand {
	return &gluetypes.JobCommand{Name: aws.String("glueetl"), PythonVersion: aws.String("3"),
		ScriptLocation: aws.String(location(in.Bucket, in.ScriptKey))}
}

// upload puts the script where the job reads it, encrypted by the
// bucket's default encryption as its other objects are.
func (j *Job) upload(ctx context.Context, in *JobSettings) error {
	body, err := Script()
	if err != nil {
		return err
	}
	put := &s3.PutObjectInput{Bucket: aws.String(in.Bucket), Key: aws.String(in.ScriptKey), Body: bytes.NewReader(body),
		ContentType: aws.String("text/x-python")}
	if _, err := j.s3.PutObject(ctx, put); err != nil {
		return fmt.Errorf("upload Glue job script to %s: %w", location(in.Bucket, in.ScriptKey), err)
	}
	return nil
}

// Ensure implements service.Provider: upload the script, then create the
// job, or adopt and update the project's. Glue refuses a role it cannot
// assume yet, so create and update are retried through the engine's IAM
// wait.
func (j *Job) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	in, err := service.DecodeFor[JobSettings](KindJob, name, req.Inputs)
	if err != nil {
		return nil, err
	}
	outputs := map[string]string{"name": name, "arn": JobARN(req.Plan.Env, name)}
	if err := j.upload(ctx, in); err != nil {
		return nil, err
	}
	_, err = j.c.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(name)})
	switch {
	case service.ErrorCode(err) == codeNotFound:
		// CreateJob replaces a job of the same name on moto instead of
		// failing as AWS does: read first, create only what is missing.
		create := func() error {
			_, err := j.c.CreateJob(ctx, &glue.CreateJobInput{Name: aws.String(name), Role: aws.String(in.RoleARN), Command: command(in),
				GlueVersion: aws.String(in.GlueVersion), WorkerType: gluetypes.WorkerType(in.WorkerType), NumberOfWorkers: aws.Int32(in.NumberOfWorkers),
				Timeout: aws.Int32(in.TimeoutMinutes), MaxRetries: 0, ExecutionProperty: &gluetypes.ExecutionProperty{MaxConcurrentRuns: 1},
				SecurityConfiguration: aws.String(in.SecurityConfiguration), DefaultArguments: arguments(in), ExecutionClass: gluetypes.ExecutionClassStandard,
				Description: aws.String("wireup project " + req.Plan.Project + ": " + req.Plan.RouteID()), Tags: service.TagMap(req.Plan)})
			return err
		}
		if err := req.Do(ctx, service.RoleTransient, create); err != nil {
			return nil, fmt.Errorf("create Glue job %s: %w", name, err)
		}
		req.Created(outputs)
		return outputs, nil
	case err != nil:
		return nil, fmt.Errorf("read Glue job %s: %w", name, err)
	}
	if err := service.Adopt(req, "Glue job", name, "glue.job.name", func() (*glue.GetTagsOutput, error) {
		return j.c.GetTags(ctx, &glue.GetTagsInput{ResourceArn: aws.String(outputs["arn"])})
	}, func(out *glue.GetTagsOutput) map[string]string { return out.Tags }); err != nil {
		return nil, err
	}
	update := func() error {
		_, err := j.c.UpdateJob(ctx, &glue.UpdateJobInput{JobName: aws.String(name), JobUpdate: &gluetypes.JobUpdate{Role: aws.String(in.RoleARN), Command: command(in),
			GlueVersion: aws.String(in.GlueVersion), WorkerType: gluetypes.WorkerType(in.WorkerType), NumberOfWorkers: aws.Int32(in.NumberOfWorkers),
			Timeout: aws.Int32(in.TimeoutMinutes), MaxRetries: 0, ExecutionProperty: &gluetypes.ExecutionProperty{MaxConcurrentRuns: 1},
			SecurityConfiguration: aws.String(in.SecurityConfiguration), DefaultArguments: arguments(in), ExecutionClass: gluetypes.ExecutionClassStandard,
			Description: aws.String("wireup project " + req.Plan.Project + ": " + req.Plan.RouteID())}})
		return err
	}
	if err := req.Do(ctx, service.RoleTransient, update); err != nil {
		if req.Target == targets.Moto {
			return nil, fmt.Errorf("update Glue job %s: %w. %s", name, err, MotoNoUpdateJob)
		}
		return nil, fmt.Errorf("update Glue job %s: %w", name, err)
	}
	return outputs, nil
}

// MotoNoUpdateJob is what a changed job needs on moto 5.2.1, which answers
// UpdateJob with HTTP 500 (measured: "The update_job action has not been
// implemented").
const MotoNoUpdateJob = "moto has no UpdateJob: to change the job there, run `wireup destroy`, then `wireup deploy`"

// Exists implements service.Provider.
func (j *Job) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := j.c.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(jobName(rec))})
	return service.Exists(err)
}

// Drift implements service.Provider: a job given another role or
// security configuration, or its bookmarks turned off, by hand.
func (j *Job) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := j.c.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(jobName(rec))})
	if err != nil {
		return "", fmt.Errorf("read Glue job %s: %w", jobName(rec), err)
	}
	in, err := service.DecodeFor[JobSettings](KindJob, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	job := got.Job
	var diffs service.Diffs
	diffs.Add(service.RoleDrift(aws.ToString(job.Role), in.RoleARN))
	g := aws.ToString(job.SecurityConfiguration)
	diffs.If(g != in.SecurityConfiguration, "security configuration %q, want %q", g, in.SecurityConfiguration)
	want, g := arguments(in)["--job-bookmark-option"], job.DefaultArguments["--job-bookmark-option"]
	diffs.If(g != want, "--job-bookmark-option %q, want %q", g, want)
	return diffs.String(), nil
}

// Delete implements service.Provider: the job, then its script. Glue
// answers the delete of a missing job with success.
func (j *Job) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	if _, err := j.c.DeleteJob(ctx, &glue.DeleteJobInput{JobName: aws.String(jobName(rec))}); err != nil && service.ErrorCode(err) != codeNotFound {
		return fmt.Errorf("delete Glue job %s: %w", jobName(rec), err)
	}
	in, err := service.DecodeFor[JobSettings](KindJob, rec.Name, rec.Inputs)
	if err != nil {
		return err
	}
	if b, k := in.Bucket, in.ScriptKey; b != "" && k != "" {
		if _, err := j.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String(k)}); err != nil && !service.IsNotFound(err) {
			return fmt.Errorf("delete Glue job script %s: %w", location(b, k), err)
		}
	}
	return nil
}

// List implements service.Lister: the jobs tagged with the project
// (ListJobs filters by tag itself).
func (j *Job) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	tags := map[string]string{plan.TagProject: p.Project}
	pg := glue.NewListJobsPaginator(j.c, &glue.ListJobsInput{Tags: tags})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *glue.ListJobsOutput) (out []service.Listed) {
		for _, n := range page.JobNames {
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n},
				Tags: func(context.Context) (map[string]string, error) { return tags, nil }})
		}
		return out
	})
}

// Children implements service.Parent: the security configuration the found
// job names. A security configuration carries no tags, so without a state
// it is found only through the project's job, which is tagged; a job that
// cannot be read has none.
func (j *Job) Children(ctx context.Context, job *service.Found) []*service.Found {
	got, err := j.c.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(job.State.Name)})
	if err != nil || got.Job == nil || aws.ToString(got.Job.SecurityConfiguration) == "" {
		return nil
	}
	n := aws.ToString(got.Job.SecurityConfiguration)
	c := service.Child(job, string(KindSecurityConfiguration)+"/"+n, KindSecurityConfiguration, map[string]string{"name": n})
	// Named as the configuration, so that one the state records too is the
	// same resource, not a second one to delete.
	c.State.Name = n
	return []*service.Found{c}
}
