package deploy

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// Destroy of an EMR Serverless application with a job run that has not
// finished cancels the run first: kumo keeps a run RUNNING forever and
// refuses DeleteApplication while it is (ConflictException), as AWS
// refuses to delete an application that is not CREATED or STOPPED. On
// moto the run is SUCCESS at once, and destroy deletes the application
// all the same.
func TestEmulatorEMRDestroyCancelsJobRuns(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"s3-to-emr"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := emrserverless.NewFromConfig(cfg)
	name := tp.plan.Resource(plan.IDEMRApplication).Name
	var appID string
	pg := emrserverless.NewListApplicationsPaginator(c, &emrserverless.ListApplicationsInput{})
	for pg.HasMorePages() && appID == "" {
		page, err := pg.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Applications {
			if aws.ToString(a.Name) == name && a.State != types.ApplicationStateTerminated {
				appID = aws.ToString(a.Id)
			}
		}
	}
	if appID == "" {
		t.Fatalf("no application %s after deploy", name)
	}
	bucket := tp.plan.Resource(plan.IDBucket).Name
	run, err := c.StartJobRun(ctx, &emrserverless.StartJobRunInput{ApplicationId: aws.String(appID), ClientToken: aws.String("e2e-" + name),
		ExecutionRoleArn: aws.String("arn:aws:iam::" + em.info.Account + ":role/" + tp.spec.EMR.Role),
		JobDriver:        &types.JobDriverMemberSparkSubmit{Value: types.SparkSubmit{EntryPoint: aws.String("s3://" + bucket + "/emr/jobs/job.py")}}})
	if err != nil {
		t.Fatalf("start a job run: %v", err)
	}
	got, err := c.GetJobRun(ctx, &emrserverless.GetJobRunInput{ApplicationId: aws.String(appID), JobRunId: run.JobRunId})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: job run %s is %s before destroy", em.target, aws.ToString(run.JobRunId), got.JobRun.State)
	if got.JobRun.State == types.JobRunStateRunning {
		// The precondition: as it is, the application cannot be deleted.
		if _, err := c.DeleteApplication(ctx, &emrserverless.DeleteApplicationInput{ApplicationId: aws.String(appID)}); err == nil {
			t.Fatalf("%s deleted an application with a RUNNING job run: the test proves nothing there", em.target)
		} else {
			t.Logf("DeleteApplication with the run RUNNING: %v", err)
		}
	}
	if _, err := tp.engine.Destroy(ctx, tp.plan); err != nil {
		t.Fatalf("destroy with a job run %s: %v", got.JobRun.State, err)
	}
	app, err := c.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(appID)})
	if err == nil && app.Application.State != types.ApplicationStateTerminated {
		t.Errorf("application %s is %s after destroy", appID, app.Application.State)
	}
	after, err := c.GetJobRun(ctx, &emrserverless.GetJobRunInput{ApplicationId: aws.String(appID), JobRunId: run.JobRunId})
	if err != nil {
		t.Logf("job run after destroy: %v", err)
		return
	}
	if em.target == targets.Kumo && after.JobRun.State != types.JobRunStateCancelled {
		t.Errorf("kumo's RUNNING job run is %s after destroy, want CANCELLED", after.JobRun.State)
	}
	t.Logf("job run is %s after destroy", after.JobRun.State)
}
