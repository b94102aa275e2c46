package stepfunctions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// TestEmulatorStateMachine runs the state machine kind against the
// emulator in AWS_ENDPOINT_URL: create with logging and tracing read back
// as planned, no drift, list, update (kumo has no UpdateStateMachine: the
// error says so), delete until gone. The Glue job route itself does not
// deploy on kumo (no crawler API); this proves the kind there alone.
func TestEmulatorStateMachine(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator test: AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -count=1 -run '^TestEmulatorStateMachine' ./internal/service/stepfunctions")
	}
	ctx := context.Background()
	tg, err := targets.Parse(os.Getenv("WIREUP_TARGET"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := "wireup-sm-" + hex.EncodeToString(b)
	account := aws.ToString(who.Account)
	logs := cloudwatchlogs.NewFromConfig(cfg)
	group := "/aws/vendedlogs/states/" + name
	if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(group)})
	})

	m := NewStateMachine(sfn.NewFromConfig(cfg))
	def, err := ETL(ETLInput{Partition: "aws", Crawler: name + "-crawler", Job: name, JobTimeoutMinutes: 10}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]string{"definition": def, "roleArn": "arn:aws:iam::" + account + ":role/" + name, "logLevel": "ERROR",
		"logGroupArn": "arn:aws:logs:" + cfg.Region + ":" + account + ":log-group:" + group}
	p := &plan.Plan{Project: name, Route: []string{"glue-to-s3"}, Env: plan.Env{Partition: "aws", Region: cfg.Region, AccountID: account},
		Tags: []plan.Tag{{Key: plan.TagProject, Value: name}}}
	env := service.Env{Target: tg, Region: cfg.Region, MaxWait: time.Minute}
	req := &service.Request{Env: env, Plan: p, Resource: &plan.Resource{Kind: KindStateMachine, Name: name}, Inputs: in, Created: func(map[string]string) {}}
	out, err := m.Ensure(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	rec := &service.Record{Name: name, Inputs: in, Outputs: out}
	t.Cleanup(func() { _ = m.Delete(ctx, env, rec) })
	if d, err := m.Drift(ctx, env, nil, rec); d != "" || err != nil {
		t.Errorf("Drift right after create = %q, %v (logging or tracing not read back as created)", d, err)
	}
	listed, err := m.List(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range listed {
		if l.Name == name {
			tags, err := l.Tags(ctx)
			found = err == nil && tags[plan.TagProject] == name
		}
	}
	if !found {
		t.Errorf("List does not find %s with its tag", name)
	}
	req.Recorded = true
	_, err = m.Ensure(ctx, req)
	switch {
	case tg == targets.Kumo && (err == nil || !strings.Contains(err.Error(), "UpdateStateMachine")):
		t.Errorf("update on kumo = %v, want the missing UpdateStateMachine (KumoNoGlueTasks says so)", err)
	case tg != targets.Kumo && err != nil:
		t.Errorf("update: %v", err)
	}
	if err := m.Delete(ctx, env, rec); err != nil {
		t.Fatal(err)
	}
	if ok, err := m.Exists(ctx, env, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %v, %v", ok, err)
	}
}
