package emr

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// fakeApp is one application of fakeEMR.
type fakeApp struct {
	app  types.Application
	runs []types.JobRunSummary
	// settle is how many reads a transitional state lasts.
	settle int
	next   types.ApplicationState
}

// fakeEMR is EMR Serverless as the application kind and the probe use
// it: applications and their job runs, listed in pages of one (a page
// token it never handed out fails), state changes that take a read or
// two, and the rules AWS documents (update and delete only in CREATED or
// STOPPED; stop and delete refused while a run is active).
type fakeEMR struct {
	ApplicationAPI
	mu     sync.Mutex
	apps   []*fakeApp
	calls  []string
	tokens []string
	// run is what GetJobRun answers for the probe's run: its states in
	// order (the last repeats).
	runStates []types.JobRunState
	started   []*emrserverless.StartJobRunInput
	polls     int
	// motoListing answers the run listing of an application that never
	// ran a job with not found, as moto 5.2.1 does.
	motoListing bool
}

func (f *fakeEMR) call(s string) { f.calls = append(f.calls, s) }

func (f *fakeEMR) get(id string) (*fakeApp, error) {
	for _, a := range f.apps {
		if aws.ToString(a.app.ApplicationId) == id {
			return a, nil
		}
	}
	return nil, &types.ResourceNotFoundException{Message: aws.String("Application " + id + " does not exist")}
}

func (f *fakeEMR) add(name string, state types.ApplicationState, tags map[string]string) *fakeApp {
	id := fmt.Sprintf("00f%013d", len(f.apps)+1)
	a := &fakeApp{app: types.Application{ApplicationId: aws.String(id), Name: aws.String(name), State: state, Tags: tags,
		Arn:          aws.String("arn:aws:emr-serverless:us-east-1:123456789012:/applications/" + id),
		ReleaseLabel: aws.String("emr-7.12.0"), Type: aws.String("SPARK"), CreatedAt: aws.Time(time.Unix(int64(1764633600+len(f.apps)), 0)),
		AutoStartConfiguration: &types.AutoStartConfig{Enabled: aws.Bool(true)},
		AutoStopConfiguration:  &types.AutoStopConfig{Enabled: aws.Bool(true), IdleTimeoutMinutes: aws.Int32(5)},
		MaximumCapacity:        &types.MaximumAllowedResources{Cpu: aws.String("4 vCPU"), Memory: aws.String("16 GB"), Disk: aws.String("80 GB")}}}
	f.apps = append(f.apps, a)
	return a
}

func (f *fakeEMR) CreateApplication(_ context.Context, in *emrserverless.CreateApplicationInput, _ ...func(*emrserverless.Options)) (*emrserverless.CreateApplicationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("create " + aws.ToString(in.Name))
	f.tokens = append(f.tokens, aws.ToString(in.ClientToken))
	a := f.add(aws.ToString(in.Name), types.ApplicationStateCreating, in.Tags)
	a.app.AutoStartConfiguration, a.app.AutoStopConfiguration, a.app.MaximumCapacity = in.AutoStartConfiguration, in.AutoStopConfiguration, in.MaximumCapacity
	a.app.ReleaseLabel, a.app.Type = in.ReleaseLabel, in.Type
	a.settle, a.next = 2, types.ApplicationStateCreated
	return &emrserverless.CreateApplicationOutput{ApplicationId: a.app.ApplicationId, Arn: a.app.Arn, Name: in.Name}, nil
}

func (f *fakeEMR) GetApplication(_ context.Context, in *emrserverless.GetApplicationInput, _ ...func(*emrserverless.Options)) (*emrserverless.GetApplicationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	out := a.app
	if a.next != "" {
		if a.settle--; a.settle <= 0 {
			a.app.State, a.next = a.next, ""
		}
	}
	return &emrserverless.GetApplicationOutput{Application: &out}, nil
}

func (f *fakeEMR) UpdateApplication(_ context.Context, in *emrserverless.UpdateApplicationInput, _ ...func(*emrserverless.Options)) (*emrserverless.UpdateApplicationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	if a.app.State != types.ApplicationStateCreated && a.app.State != types.ApplicationStateStopped {
		return nil, &types.ValidationException{Message: aws.String("Application must be in CREATED or STOPPED state, it is " + string(a.app.State))}
	}
	f.call("update " + aws.ToString(in.ApplicationId))
	a.app.AutoStartConfiguration, a.app.AutoStopConfiguration, a.app.MaximumCapacity = in.AutoStartConfiguration, in.AutoStopConfiguration, in.MaximumCapacity
	return &emrserverless.UpdateApplicationOutput{Application: &a.app}, nil
}

func (f *fakeEMR) active(a *fakeApp) bool {
	return slices.ContainsFunc(a.runs, func(r types.JobRunSummary) bool { return slices.Contains(activeRuns, r.State) })
}

func (f *fakeEMR) StopApplication(_ context.Context, in *emrserverless.StopApplicationInput, _ ...func(*emrserverless.Options)) (*emrserverless.StopApplicationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	if f.active(a) {
		return nil, &types.ConflictException{Message: aws.String("Application has running job runs")}
	}
	f.call("stop " + aws.ToString(in.ApplicationId))
	a.app.State, a.settle, a.next = types.ApplicationStateStopping, 2, types.ApplicationStateStopped
	return &emrserverless.StopApplicationOutput{}, nil
}

func (f *fakeEMR) DeleteApplication(_ context.Context, in *emrserverless.DeleteApplicationInput, _ ...func(*emrserverless.Options)) (*emrserverless.DeleteApplicationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	if (a.app.State != types.ApplicationStateCreated && a.app.State != types.ApplicationStateStopped) || f.active(a) {
		return nil, &types.ConflictException{Message: aws.String("Application " + aws.ToString(in.ApplicationId) + " has running job runs or is " + string(a.app.State))}
	}
	f.call("delete " + aws.ToString(in.ApplicationId))
	a.settle, a.next = 1, types.ApplicationStateTerminated
	return &emrserverless.DeleteApplicationOutput{}, nil
}

func (f *fakeEMR) ListApplications(_ context.Context, in *emrserverless.ListApplicationsInput, _ ...func(*emrserverless.Options)) (*emrserverless.ListApplicationsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		if _, err := fmt.Sscanf(tok, "page-%d", &i); err != nil || i >= len(f.apps) {
			return nil, &types.ValidationException{Message: aws.String("invalid token " + tok)}
		}
	}
	out := &emrserverless.ListApplicationsOutput{}
	if i < len(f.apps) {
		a := f.apps[i].app
		out.Applications = []types.ApplicationSummary{{Id: a.ApplicationId, Name: a.Name, Arn: a.Arn, State: a.State, ReleaseLabel: a.ReleaseLabel, Type: a.Type}}
	}
	if i+1 < len(f.apps) {
		out.NextToken = aws.String(fmt.Sprintf("page-%d", i+1))
	}
	return out, nil
}

func (f *fakeEMR) ListJobRuns(_ context.Context, in *emrserverless.ListJobRunsInput, _ ...func(*emrserverless.Options)) (*emrserverless.ListJobRunsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	if f.motoListing && len(a.runs) == 0 {
		return nil, &types.ResourceNotFoundException{Message: aws.String("Application " + aws.ToString(in.ApplicationId) + " does not exist")}
	}
	var runs []types.JobRunSummary
	for _, r := range a.runs {
		if len(in.States) == 0 || slices.Contains(in.States, r.State) {
			runs = append(runs, r)
		}
	}
	// One run per page.
	i := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		if _, err := fmt.Sscanf(tok, "runs-%d", &i); err != nil || i >= len(runs) {
			return nil, &types.ValidationException{Message: aws.String("invalid token " + tok)}
		}
	}
	out := &emrserverless.ListJobRunsOutput{}
	if i < len(runs) {
		out.JobRuns = runs[i : i+1]
	}
	if i+1 < len(runs) {
		out.NextToken = aws.String(fmt.Sprintf("runs-%d", i+1))
		return out, nil
	}
	for j := range a.runs {
		if a.runs[j].State == types.JobRunStateCancelling {
			a.runs[j].State = types.JobRunStateCancelled
		}
	}
	return out, nil
}

func (f *fakeEMR) CancelJobRun(_ context.Context, in *emrserverless.CancelJobRunInput, _ ...func(*emrserverless.Options)) (*emrserverless.CancelJobRunOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("cancel " + aws.ToString(in.JobRunId))
	a, err := f.get(aws.ToString(in.ApplicationId))
	if err != nil {
		return nil, err
	}
	for i := range a.runs {
		if aws.ToString(a.runs[i].Id) == aws.ToString(in.JobRunId) {
			// Cancelling ends after the next full listing.
			a.runs[i].State = types.JobRunStateCancelling
			return &emrserverless.CancelJobRunOutput{ApplicationId: in.ApplicationId, JobRunId: in.JobRunId}, nil
		}
	}
	return nil, &types.ResourceNotFoundException{Message: aws.String("job run not found")}
}

func (f *fakeEMR) StartJobRun(_ context.Context, in *emrserverless.StartJobRunInput, _ ...func(*emrserverless.Options)) (*emrserverless.StartJobRunOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = append(f.started, in)
	return &emrserverless.StartJobRunOutput{ApplicationId: in.ApplicationId, JobRunId: aws.String("00frun1")}, nil
}

func (f *fakeEMR) GetJobRun(_ context.Context, in *emrserverless.GetJobRunInput, _ ...func(*emrserverless.Options)) (*emrserverless.GetJobRunOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.runStates[min(f.polls, len(f.runStates)-1)]
	f.polls++
	return &emrserverless.GetJobRunOutput{JobRun: &types.JobRun{ApplicationId: in.ApplicationId, JobRunId: in.JobRunId, State: st, StateDetails: aws.String("details of " + string(st))}}, nil
}

// fakeS3 holds objects by key for the probe.
type fakeS3 struct {
	ObjectsAPI
	objects map[string]string
}

func (f *fakeS3) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	if _, ok := f.objects[aws.ToString(in.Key)]; !ok {
		return nil, &smithy.GenericAPIError{Code: "NotFound", Message: "Not Found"}
	}
	return &s3.HeadObjectOutput{}, nil
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	f.objects[aws.ToString(in.Key)] = string(b)
	return &s3.PutObjectOutput{}, nil
}

func (f *fakeS3) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	out := &s3.ListObjectsV2Output{}
	var keys []string
	for k := range f.objects {
		if strings.HasPrefix(k, aws.ToString(in.Prefix)) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Contents = append(out.Contents, s3types.Object{Key: aws.String(k), Size: aws.Int64(int64(len(f.objects[k])))})
	}
	return out, nil
}

func (f *fakeS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	body, ok := f.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchKey"}
	}
	if aws.ToString(in.Range) == "bytes=0-3" {
		body = body[:min(4, len(body))]
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(body))}, nil
}
