package opensearch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// emulator returns the SDK config of the emulator in AWS_ENDPOINT_URL and
// its kind, or skips.
func emulator(t *testing.T) (aws.Config, targets.Target) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator test: run AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -count=1 -run '^TestEmulatorOpenSearch' ./internal/service/opensearch")
	}
	tg, err := targets.Parse(os.Getenv("WIREUP_TARGET"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := awsconfig.Load(context.Background(), awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, tg
}

func uniqueName(t *testing.T) string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "wt-os-" + hex.EncodeToString(b)
}

// On moto the domain kind creates, reads back as planned (no drift),
// adopts its own domain by tag, and deletes until gone. What moto returns
// is pinned here: Processing false and an endpoint at once.
func TestEmulatorOpenSearchDomain(t *testing.T) {
	cfg, tg := emulator(t)
	if tg != targets.Moto {
		t.Skipf("%s: %s", tg, NoEngine(tg))
	}
	ctx := context.Background()
	d := NewDomain(opensearch.NewFromConfig(cfg))
	d.Poll = 100 * time.Millisecond
	name := uniqueName(t)
	var rn run
	req := rn.request(false)
	req.Resource.Name = name
	req.Resource.Policy = []byte(strings.ReplaceAll(testPolicy, "domain/demo/", "domain/"+name+"/"))
	t.Cleanup(func() { _ = d.Delete(context.Background(), service.Env{}, &service.Record{Name: name}) })
	out, err := d.Ensure(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if out["endpoint"] != name+".us-east-1.es.amazonaws.com" || !strings.HasSuffix(out["arn"], ":domain/"+name) {
		t.Errorf("outputs %v: moto's endpoint form changed; update MotoNoEngine", out)
	}
	rec := &service.Record{Name: name, Outputs: out}
	if drift, err := d.Drift(ctx, service.Env{}, req.Resource, rec); err != nil || drift != "" {
		t.Errorf("drift of a fresh domain = %q, %v", drift, err)
	}
	// A second deploy without the state adopts the domain by its tag.
	var again run
	req2 := again.request(false)
	req2.Resource = req.Resource
	if _, err := d.Ensure(ctx, req2); err != nil {
		t.Fatalf("adopt: %v", err)
	}
	listed, err := d.List(ctx, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range listed {
		if l.Name == name {
			tags, err := l.Tags(ctx)
			found = err == nil && tags[plan.TagProject] == "demo"
		}
	}
	if !found {
		t.Errorf("List does not report %s with the project's tag", name)
	}
	if err := d.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("after delete: Exists = %v, %v", ok, err)
	}
}

// moto refuses the OpenSearch Service destination of a delivery stream,
// which is why firehose-to-opensearch is not deployed there; if moto
// starts accepting it, this fails and the capability row must change.
func TestEmulatorOpenSearchFirehoseDestination(t *testing.T) {
	cfg, tg := emulator(t)
	if tg != targets.Moto {
		t.Skip("measured on moto only")
	}
	ctx := context.Background()
	name := uniqueName(t)
	role := "arn:aws:iam::123456789012:role/" + name
	_, err := firehose.NewFromConfig(cfg).CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String(name),
		DeliveryStreamType: fhtypes.DeliveryStreamTypeDirectPut,
		AmazonopensearchserviceDestinationConfiguration: &fhtypes.AmazonopensearchserviceDestinationConfiguration{
			DomainARN: aws.String("arn:aws:es:us-east-1:123456789012:domain/" + name), IndexName: aws.String("events"), RoleARN: aws.String(role),
			S3BackupMode:    fhtypes.AmazonopensearchserviceS3BackupModeFailedDocumentsOnly,
			S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::" + name), RoleARN: aws.String(role)}}})
	if err == nil {
		_, _ = firehose.NewFromConfig(cfg).DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: aws.String(name)})
		t.Fatal("moto accepted the OpenSearch destination: firehose-to-opensearch may deploy on moto now; update its capability row")
	}
	if service.ErrorCode(err) != "InvalidArgumentException" {
		t.Errorf("moto refused with %v, want InvalidArgumentException (the capability row says so)", err)
	}
	t.Logf("moto: %v", err)
}
