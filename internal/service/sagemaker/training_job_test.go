package sagemaker

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/targets"
)

func runsFake() *fakeSageMaker {
	own := map[string]string{plan.TagProject: "demo"}
	return &fakeSageMaker{jobs: []*fakeJob{
		{name: "demo-train-20261202-100000", status: smtypes.TrainingJobStatusCompleted, tags: own},
		{name: "demo-train-20261202-110000", status: smtypes.TrainingJobStatusInProgress, tags: own},
		{name: "demo-train-20261202-120000", status: smtypes.TrainingJobStatusFailed, tags: own},
		// Another project's job that shares the prefix, and one named
		// with the prefix inside its name: neither is touched.
		{name: "demo-train-20261202-130000", status: smtypes.TrainingJobStatusInProgress, tags: map[string]string{plan.TagProject: "other"}},
		{name: "x-demo-train-20261202-140000", status: smtypes.TrainingJobStatusInProgress, tags: own},
	}}
}

// Ensure starts no job and records what cmd/train and verify need.
func TestTrainingJobEnsure(t *testing.T) {
	f := &fakeSageMaker{}
	var created map[string]string
	req := &service.Request{Plan: &plan.Plan{Project: "demo"}, Resource: &plan.Resource{ID: plan.IDTrainingJob, Name: "demo-train"},
		Inputs:  map[string]string{"bucket": "demo-bucket", "outputPrefix": "model/", "image": "img", "roleArn": "arn:aws:iam::123456789012:role/demo-sagemaker"},
		Created: func(o map[string]string) { created = o }}
	out, err := NewTrainingJob(f).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if out["outputPath"] != "s3://demo-bucket/model/" || out["project"] != "demo" || created == nil {
		t.Errorf("outputs %v, created %v", out, created)
	}
	if len(f.calls) != 0 {
		t.Errorf("Ensure called %v; deploy must start no training job", f.calls)
	}
	// A job holding the name Ensure checks with is not the project's run.
	f.jobs = append(f.jobs, &fakeJob{name: "demo-train-none", status: smtypes.TrainingJobStatusCompleted})
	if _, err := NewTrainingJob(f).Ensure(context.Background(), req); err == nil || !strings.Contains(err.Error(), "jobPrefix") {
		t.Errorf("Ensure with the check name taken: %v", err)
	}
}

// Delete stops the project's run in progress, waits for it, and deletes
// the project's runs, on every page; other projects' jobs stay.
func TestTrainingJobDelete(t *testing.T) {
	f := runsFake()
	k := NewTrainingJob(f)
	k.StopPoll = time.Millisecond
	rec := &service.Record{ID: plan.IDTrainingJob, Name: "demo-train", Outputs: map[string]string{"project": "demo"}}
	if err := k.Delete(context.Background(), service.Env{Target: targets.AWS, MaxWait: time.Minute}, rec); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DeleteTrainingJob demo-train-20261202-100000",
		"StopTrainingJob demo-train-20261202-110000", "DeleteTrainingJob demo-train-20261202-110000",
		"DeleteTrainingJob demo-train-20261202-120000",
	}
	if !slices.Equal(f.calls, want) {
		t.Errorf("calls\n%v\nwant\n%v", f.calls, want)
	}
	for _, j := range f.jobs[3:] {
		if j.deleted || j.status != smtypes.TrainingJobStatusInProgress {
			t.Errorf("%s was touched", j.name)
		}
	}
}

// On moto and kumo, which have no DeleteTrainingJob, Delete still stops
// what runs and leaves the finished records.
func TestTrainingJobDeleteOnEmulator(t *testing.T) {
	f := runsFake()
	rec := &service.Record{Name: "demo-train", Outputs: map[string]string{"project": "demo"}}
	k := NewTrainingJob(f)
	k.StopPoll = time.Millisecond
	if err := k.Delete(context.Background(), service.Env{Target: targets.Moto, MaxWait: time.Minute}, rec); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.calls, []string{"StopTrainingJob demo-train-20261202-110000"}) {
		t.Errorf("calls %v", f.calls)
	}
	if ok, why := DeletesTrainingJob(targets.Moto); ok || !strings.Contains(why, "moto") {
		t.Errorf("DeletesTrainingJob(moto) = %v, %q", ok, why)
	}
	// kumo cannot list: nothing is called, nothing fails.
	f.calls = nil
	if err := NewTrainingJob(f).Delete(context.Background(), service.Env{Target: targets.Kumo}, rec); err != nil || len(f.calls) != 0 {
		t.Errorf("Delete on kumo = %v, calls %v", err, f.calls)
	}
	if err := NewTrainingJob(f).Delete(context.Background(), service.Env{}, &service.Record{Name: "demo-train"}); err == nil {
		t.Error("Delete without the project in the state must refuse, not guess")
	}
}

// The plan: the role and the training-job resource with the Region's
// image, referring to the role and the bucket; a Region without a known
// image is refused at plan time.
func TestPlan(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := specFor(t, "eu-west-1", "app-to-s3", "s3-to-sagemaker")
	p, err := plan.New(s, c, plan.Env{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012"}, []plan.Planner{s3.Planner{}, Planner{}})
	if err != nil {
		t.Fatal(err)
	}
	j := p.Resource(plan.IDTrainingJob)
	if j == nil || j.Settings["image"] != "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1" ||
		j.Refs["roleArn"] != plan.IDRoleSageMaker+".arn" || j.Refs["bucket"] != plan.IDBucket+".name" || j.Settings["sourcePrefix"] != "incoming/" {
		t.Errorf("training-job %+v", j)
	}
	if r := p.Resource(plan.IDRoleSageMaker); r == nil || len(r.Trust) == 0 || len(r.Policy) == 0 {
		t.Errorf("role %+v", r)
	}
	s.Region = "xx-nowhere-1"
	if _, err := plan.New(s, c, plan.Env{Partition: "aws", Region: s.Region, AccountID: "123456789012"}, []plan.Planner{s3.Planner{}, Planner{}}); err == nil || !strings.Contains(err.Error(), "no SageMaker XGBoost image") {
		t.Errorf("unknown Region: %v", err)
	}
}

// Without a state, destroy finds the project's runs that still bill.
func TestTrainingJobList(t *testing.T) {
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDTrainingJob, Kind: plan.KindTrainingJob, Name: "demo-train"}}}
	f := runsFake()
	got, err := NewTrainingJob(f).List(context.Background(), p)
	if err != nil || len(got) != 1 || got[0].Name != "demo-train" || got[0].Outputs["project"] != "demo" {
		t.Fatalf("List = %+v, %v", got, err)
	}
	tags, _ := got[0].Tags(context.Background())
	if !service.OwnedBy(tags, "demo") {
		t.Errorf("tags %v", tags)
	}
	f.jobs[1].status = smtypes.TrainingJobStatusCompleted // nothing of the project's runs any more
	if got, err := NewTrainingJob(f).List(context.Background(), p); err != nil || len(got) != 0 {
		t.Errorf("List with only finished runs = %+v, %v", got, err)
	}
}
