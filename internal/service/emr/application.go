package emr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ApplicationAPI is the part of the EMR Serverless client the application
// kind uses.
type ApplicationAPI interface {
	CreateApplication(ctx context.Context, in *emrserverless.CreateApplicationInput, optFns ...func(*emrserverless.Options)) (*emrserverless.CreateApplicationOutput, error)
	GetApplication(ctx context.Context, in *emrserverless.GetApplicationInput, optFns ...func(*emrserverless.Options)) (*emrserverless.GetApplicationOutput, error)
	UpdateApplication(ctx context.Context, in *emrserverless.UpdateApplicationInput, optFns ...func(*emrserverless.Options)) (*emrserverless.UpdateApplicationOutput, error)
	StopApplication(ctx context.Context, in *emrserverless.StopApplicationInput, optFns ...func(*emrserverless.Options)) (*emrserverless.StopApplicationOutput, error)
	DeleteApplication(ctx context.Context, in *emrserverless.DeleteApplicationInput, optFns ...func(*emrserverless.Options)) (*emrserverless.DeleteApplicationOutput, error)
	ListApplications(ctx context.Context, in *emrserverless.ListApplicationsInput, optFns ...func(*emrserverless.Options)) (*emrserverless.ListApplicationsOutput, error)
	ListJobRuns(ctx context.Context, in *emrserverless.ListJobRunsInput, optFns ...func(*emrserverless.Options)) (*emrserverless.ListJobRunsOutput, error)
	CancelJobRun(ctx context.Context, in *emrserverless.CancelJobRunInput, optFns ...func(*emrserverless.Options)) (*emrserverless.CancelJobRunOutput, error)
}

// Application is the emr-serverless.application kind: an application
// that starts itself when a job is submitted (auto-start), stops after
// the planned idle time (auto-stop) and never runs more than its maximum
// capacity, so an idle project bills nothing and a run is capped.
//
// EMR Serverless does not keep names unique: two CreateApplication calls
// with one name make two applications. Ensure therefore looks for the
// project's application by name before creating one, and creates with a
// client token derived from the plan, so a retried create is one create.
type Application struct {
	c ApplicationAPI
	// Poll is the first wait between state checks.
	Poll time.Duration
}

// NewApplication returns the application kind on c.
func NewApplication(c ApplicationAPI) *Application { return &Application{c: c, Poll: time.Second} }

var (
	_ service.Lister     = (*Application)(nil)
	_ service.Identifier = (*Application)(nil)
	_ service.Typed      = (*Application)(nil)
)

// ApplicationSettings are the settings of an emr-serverless.application
// as the planner writes them, with the references resolved at apply
// (bucket, jobRoleArn). The job settings (prefix onwards) are read by
// verify's probe and cmd/job, not by the application.
type ApplicationSettings struct {
	Type               string `setting:"type"`
	ReleaseLabel       string `setting:"releaseLabel"`
	IdleTimeoutMinutes int32  `setting:"idleTimeoutMinutes"`
	MaxCPU             string `setting:"maxCpu"`
	MaxMemory          string `setting:"maxMemory"`
	MaxDisk            string `setting:"maxDisk"`
	Prefix             string `setting:"prefix"`
	JobTimeoutMinutes  int64  `setting:"jobTimeoutMinutes"`
	InputPrefix        string `setting:"inputPrefix"`
	Database           string `setting:"database"`
	Table              string `setting:"table"`
	DynamoDBTable      string `setting:"dynamodbTable"`
	Bucket             string `setting:"bucket"`
	JobRoleARN         string `setting:"jobRoleArn"`
}

// NewSettings implements service.Typed.
func (*Application) NewSettings() any { return &ApplicationSettings{} }

// settingsOf decodes the application's inputs.
func settingsOf(name string, in map[string]string) (ApplicationSettings, error) {
	var s ApplicationSettings
	if err := service.Decode(in, &s); err != nil {
		return s, fmt.Errorf("%s %s: %w", plan.KindEMRApplication, name, err)
	}
	return s, nil
}

// Kind implements service.Provider.
func (*Application) Kind() plan.Kind { return plan.KindEMRApplication }

// Always implements service.Lister: applications are listed only for a
// plan that has one, so a project without EMR never depends on a target's
// EMR Serverless API.
func (*Application) Always() bool { return false }

// Identity implements service.Identifier: applications are known by the
// id EMR gave them, since names may repeat.
func (*Application) Identity(rec *service.Record) string { return rec.Outputs["id"] }

// Job run states that are not final
// (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_JobRun.html).
var activeRuns = []types.JobRunState{types.JobRunStateSubmitted, types.JobRunStatePending, types.JobRunStateScheduled,
	types.JobRunStateRunning, types.JobRunStateQueued, types.JobRunStateCancelling}

func (c *ApplicationSettings) autoStart() *types.AutoStartConfig {
	return &types.AutoStartConfig{Enabled: aws.Bool(true)}
}
func (c *ApplicationSettings) autoStop() *types.AutoStopConfig {
	return &types.AutoStopConfig{Enabled: aws.Bool(true), IdleTimeoutMinutes: aws.Int32(c.IdleTimeoutMinutes)}
}
func (c *ApplicationSettings) maximum() *types.MaximumAllowedResources {
	return &types.MaximumAllowedResources{Cpu: aws.String(c.MaxCPU), Memory: aws.String(c.MaxMemory), Disk: aws.String(c.MaxDisk)}
}

// clientToken makes a retried create of the same planned application one
// create (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_CreateApplication.html).
func clientToken(p *plan.Plan, r *plan.Resource) string {
	sum := sha256.Sum256([]byte(p.Project + "\x00" + r.Name + "\x00" + r.Hash))
	return hex.EncodeToString(sum[:16])
}

// Ensure implements service.Provider: adopt the project's application of
// the planned name, or create it; put its configuration back to the plan;
// wait until it can take jobs.
func (a *Application) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	cfg, err := settingsOf(name, req.Inputs)
	if err != nil {
		return nil, err
	}
	app, err := a.find(ctx, name, req.Plan.Project, req.Recorded)
	if err != nil {
		return nil, err
	}
	if app == nil {
		out, err := a.c.CreateApplication(ctx, &emrserverless.CreateApplicationInput{
			Name: aws.String(name), ReleaseLabel: aws.String(cfg.ReleaseLabel), Type: aws.String(cfg.Type),
			ClientToken:            aws.String(clientToken(req.Plan, req.Resource)),
			AutoStartConfiguration: cfg.autoStart(), AutoStopConfiguration: cfg.autoStop(), MaximumCapacity: cfg.maximum(),
			Tags: service.TagMap(req.Plan),
		})
		if err != nil {
			return nil, fmt.Errorf("create EMR Serverless application %s: %w", name, err)
		}
		outputs := map[string]string{"id": aws.ToString(out.ApplicationId), "arn": aws.ToString(out.Arn), "name": name}
		req.Created(outputs)
		if _, err := a.settle(ctx, outputs["id"], req.Wait()); err != nil {
			return nil, err
		}
		return outputs, nil
	}
	id := aws.ToString(app.ApplicationId)
	outputs := map[string]string{"id": id, "arn": aws.ToString(app.Arn), "name": name}
	// The engine is the application's type for good (UpdateApplication
	// has no type); moto reads it back as "Spark".
	if got := aws.ToString(app.Type); !strings.EqualFold(got, cfg.Type) {
		return nil, fmt.Errorf("EMR Serverless application %s (%s) is a %s application and cannot become %s: rename emr.application in wireup.yaml (destroy removes the old one)",
			name, id, got, cfg.Type)
	}
	if configDiff(&cfg, app) == "" && aws.ToString(app.ReleaseLabel) == cfg.ReleaseLabel {
		return outputs, nil
	}
	// UpdateApplication takes an application only in CREATED or STOPPED
	// (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_UpdateApplication.html).
	if err := a.stop(ctx, id, req.Wait()); err != nil {
		return nil, err
	}
	if _, err := a.c.UpdateApplication(ctx, &emrserverless.UpdateApplicationInput{ApplicationId: aws.String(id),
		ClientToken:            aws.String(clientToken(req.Plan, req.Resource)),
		ReleaseLabel:           aws.String(cfg.ReleaseLabel),
		AutoStartConfiguration: cfg.autoStart(), AutoStopConfiguration: cfg.autoStop(), MaximumCapacity: cfg.maximum(),
	}); err != nil {
		return nil, fmt.Errorf("update EMR Serverless application %s (%s): %w", name, id, err)
	}
	return outputs, nil
}

// find returns the project's live application of name, or nil. An
// application of that name that is not the project's is an error: a second
// one would be indistinguishable to whoever runs the job.
func (a *Application) find(ctx context.Context, name, project string, recorded bool) (*types.Application, error) {
	var ours []*types.Application
	pg := emrserverless.NewListApplicationsPaginator(a.c, &emrserverless.ListApplicationsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list EMR Serverless applications: %w", err)
		}
		for _, s := range page.Applications {
			if aws.ToString(s.Name) != name || s.State == types.ApplicationStateTerminated {
				continue
			}
			got, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: s.Id})
			if err != nil {
				if service.IsNotFound(err) {
					continue
				}
				return nil, fmt.Errorf("read EMR Serverless application %s (%s): %w", name, aws.ToString(s.Id), err)
			}
			if !recorded && !service.OwnedBy(got.Application.Tags, project) {
				return nil, fmt.Errorf("create EMR Serverless application: %s (%s) exists in this account and is not tagged %s=%s: %w. Rename emr.application in wireup.yaml",
					name, aws.ToString(s.Id), plan.TagProject, project, service.ErrNameTaken)
			}
			ours = append(ours, got.Application)
		}
	}
	if len(ours) == 0 {
		return nil, nil
	}
	// The oldest is the one the project has used; a later duplicate (an
	// interrupted create without its token) is listed and destroyed too.
	slices.SortFunc(ours, func(x, y *types.Application) int { return aws.ToTime(x.CreatedAt).Compare(aws.ToTime(y.CreatedAt)) })
	return ours[0], nil
}

// settle waits until the application is in a state that takes jobs or
// changes (not CREATING, STARTING or STOPPING) and returns it.
func (a *Application) settle(ctx context.Context, id string, maxWait time.Duration) (*types.Application, error) {
	var app *types.Application
	err := service.Poll(ctx, maxWait, "EMR Serverless application "+id, func() (bool, error) {
		out, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(id)})
		if err != nil {
			return false, fmt.Errorf("read EMR Serverless application %s: %w", id, err)
		}
		app = out.Application
		switch app.State {
		case types.ApplicationStateCreating, types.ApplicationStateStarting, types.ApplicationStateStopping:
			return false, nil
		case types.ApplicationStateTerminated:
			return false, fmt.Errorf("EMR Serverless application %s is TERMINATED: %s", id, aws.ToString(app.StateDetails))
		}
		return true, nil
	})
	return app, err
}

// stop stops a started application and waits until it is STOPPED (or
// CREATED: never started).
func (a *Application) stop(ctx context.Context, id string, maxWait time.Duration) error {
	app, err := a.settle(ctx, id, maxWait)
	if err != nil {
		return err
	}
	if app.State != types.ApplicationStateStarted {
		return nil
	}
	if _, err := a.c.StopApplication(ctx, &emrserverless.StopApplicationInput{ApplicationId: aws.String(id)}); err != nil {
		return fmt.Errorf("stop EMR Serverless application %s: %w", id, err)
	}
	app, err = a.settle(ctx, id, maxWait)
	if err == nil && app.State == types.ApplicationStateStarted {
		err = fmt.Errorf("EMR Serverless application %s is still STARTED after StopApplication", id)
	}
	return err
}

// Exists implements service.Provider: a TERMINATED application is gone.
func (a *Application) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(rec.Outputs["id"])})
	if err == nil && out.Application.State == types.ApplicationStateTerminated {
		return false, nil
	}
	return service.Exists(err)
}

// Drift implements service.Provider: an application that no longer stops
// when idle, or whose maximum capacity was raised or removed, bills more
// than the plan says.
func (a *Application) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	want, err := settingsOf(rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	out, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(rec.Outputs["id"])})
	if err != nil {
		return "", fmt.Errorf("read EMR Serverless application %s: %w", rec.Name, err)
	}
	return configDiff(&want, out.Application), nil
}

// configDiff names what of the live application differs from the plan.
func configDiff(want *ApplicationSettings, app *types.Application) string {
	var diffs service.Diffs
	if s := app.AutoStartConfiguration; s == nil || !aws.ToBool(s.Enabled) {
		diffs = append(diffs, "auto-start is off: a job waits for someone to start the application")
	}
	if s := app.AutoStopConfiguration; s == nil || !aws.ToBool(s.Enabled) {
		diffs = append(diffs, "auto-stop is off: the application keeps its workers while idle")
	} else if got := aws.ToInt32(s.IdleTimeoutMinutes); got != want.IdleTimeoutMinutes {
		diffs = append(diffs, fmt.Sprintf("auto-stop after %d idle minutes, want %d", got, want.IdleTimeoutMinutes))
	}
	m := app.MaximumCapacity
	if m == nil {
		diffs = append(diffs, "no maximum capacity: job runs are not capped")
	} else {
		for _, f := range []struct{ what, got, want string }{
			{"cpu", aws.ToString(m.Cpu), want.MaxCPU}, {"memory", aws.ToString(m.Memory), want.MaxMemory}, {"disk", aws.ToString(m.Disk), want.MaxDisk},
		} {
			diffs.If(!sameCapacity(f.got, f.want), "maximum %s %q, want %q", f.what, f.got, f.want)
		}
	}
	return diffs.String()
}

// sameCapacity compares "4 vCPU" with "4vCPU" or "4 vcpu", the forms EMR
// accepts and may return.
func sameCapacity(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	return norm(a) == norm(b)
}

// Delete implements service.Provider: cancel the job runs that have not
// finished (an application with running jobs cannot be stopped or
// deleted), stop the application and wait until it is STOPPED, delete it
// and wait until it is TERMINATED
// (https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_DeleteApplication.html:
// only a CREATED or STOPPED application can be deleted).
func (a *Application) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	id := rec.Outputs["id"]
	if id == "" {
		return fmt.Errorf("EMR Serverless application %s: the state has no id; find it with `aws emr-serverless list-applications` and delete it by hand", rec.Name)
	}
	out, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(id)})
	if err != nil {
		return err // not found counts as deleted
	}
	if out.Application.State == types.ApplicationStateTerminated {
		return nil
	}
	if err := a.cancelRuns(ctx, id, env.Wait()); err != nil {
		return err
	}
	if err := a.stop(ctx, id, env.Wait()); err != nil {
		return err
	}
	if _, err := a.c.DeleteApplication(ctx, &emrserverless.DeleteApplicationInput{ApplicationId: aws.String(id)}); err != nil {
		return fmt.Errorf("delete EMR Serverless application %s (%s): %w", rec.Name, id, err)
	}
	return service.Poll(ctx, env.Wait(), "delete EMR Serverless application "+id, func() (bool, error) {
		out, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(id)})
		switch {
		case service.IsNotFound(err):
			return true, nil
		case err != nil:
			return false, err
		}
		return out.Application.State == types.ApplicationStateTerminated, nil
	})
}

// cancelRuns cancels every job run of the application that has not
// finished and waits until none is left.
func (a *Application) cancelRuns(ctx context.Context, id string, maxWait time.Duration) error {
	cancelled := map[string]bool{}
	return service.Poll(ctx, maxWait, "cancel the job runs of EMR Serverless application "+id, func() (bool, error) {
		runs, err := a.activeRuns(ctx, id)
		if err != nil {
			return false, err
		}
		for _, r := range runs {
			rid := aws.ToString(r.Id)
			if cancelled[rid] || r.State == types.JobRunStateCancelling {
				continue
			}
			_, err := a.c.CancelJobRun(ctx, &emrserverless.CancelJobRunInput{ApplicationId: aws.String(id), JobRunId: aws.String(rid)})
			var conflict *types.ConflictException
			if err != nil && !service.IsNotFound(err) && !errors.As(err, &conflict) {
				// A run that finished meanwhile answers not found or
				// conflict; anything else stops the destroy.
				return false, fmt.Errorf("cancel job run %s of EMR Serverless application %s: %w", rid, id, err)
			}
			cancelled[rid] = true
		}
		return len(runs) == 0, nil
	})
}

// activeRuns lists the job runs of the application that have not finished.
func (a *Application) activeRuns(ctx context.Context, id string) ([]types.JobRunSummary, error) {
	var out []types.JobRunSummary
	pg := emrserverless.NewListJobRunsPaginator(a.c, &emrserverless.ListJobRunsInput{ApplicationId: aws.String(id), States: activeRuns})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if service.IsNotFound(err) {
			// moto 5.2.1 answers the listing of an application that never
			// ran a job with ResourceNotFoundException; the caller has
			// just read the application, so it has no runs.
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("list job runs of EMR Serverless application %s: %w", id, err)
		}
		for _, r := range page.JobRuns {
			// The filter is a request; a target that ignores it still
			// must not make a finished run look active.
			if slices.Contains(activeRuns, r.State) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// List implements service.Lister: every application that is not
// TERMINATED, its tags read when its name may be the project's.
func (a *Application) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := emrserverless.NewListApplicationsPaginator(a.c, &emrserverless.ListApplicationsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Applications {
			if s.State == types.ApplicationStateTerminated {
				continue
			}
			id := aws.ToString(s.Id)
			out = append(out, service.Listed{Name: aws.ToString(s.Name),
				Outputs: map[string]string{"id": id, "arn": aws.ToString(s.Arn), "name": aws.ToString(s.Name)},
				Tags: func(ctx context.Context) (map[string]string, error) {
					got, err := a.c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(id)})
					if err != nil {
						return nil, err
					}
					return got.Application.Tags, nil
				}})
		}
	}
	return out, nil
}
