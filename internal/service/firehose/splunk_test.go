package firehose

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

func splunkInputs(endpoint string) map[string]string {
	return map[string]string{
		"destination": SplunkService, "bucketArn": "arn:aws:s3:::demo-data", "roleArn": "arn:aws:iam::1:role/demo-firehose",
		"bufferSizeMiB": "5", "bufferIntervalSeconds": "60", "compression": "GZIP", "prefix": "data/", "errorPrefix": "errors/",
		"errorLogGroup": "/aws/kinesisfirehose/demo-delivery", "errorLogStream": LogStream,
		"hecEndpoint": endpoint, "hecEndpointType": "Event", "hecAckTimeoutSeconds": "180", "retrySeconds": "300",
		"splunkBufferSizeMiB": "1", "splunkBufferIntervalSeconds": "60",
		"secretArn": "arn:aws:secretsmanager:us-east-1:1:secret:demo-splunk-hec-token-AbCdEf", "source": "DirectPut",
	}
}

// On AWS the stream sends to the HEC endpoint with the token from the
// secret, Splunk's buffering, acknowledgment timeout and retries, every
// record also into the bucket uncompressed (AllEvents, whatever the S3
// section's compression), and delivery errors in its log; no S3
// destination of its own and no token in the request.
func TestSplunkDestinationOnAWS(t *testing.T) {
	f := &fakeFirehose{}
	req := &service.Request{Env: service.Env{Target: targets.AWS, Retry: retryTwice}, Plan: &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Name: "demo-delivery"}, Inputs: splunkInputs("https://splunk.acme.com:8088"), Created: func(map[string]string) {}}
	if _, err := NewDeliveryStream(f).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	in := f.creates[len(f.creates)-1]
	if in.ExtendedS3DestinationConfiguration != nil || in.HttpEndpointDestinationConfiguration != nil {
		t.Error("a Splunk stream has another destination too")
	}
	role := aws.String("arn:aws:iam::1:role/demo-firehose")
	logging := &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true), LogGroupName: aws.String("/aws/kinesisfirehose/demo-delivery"), LogStreamName: aws.String(LogStream)}
	want := &fhtypes.SplunkDestinationConfiguration{
		HECEndpoint: aws.String("https://splunk.acme.com:8088"), HECEndpointType: fhtypes.HECEndpointTypeEvent,
		SecretsManagerConfiguration:       &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true), SecretARN: aws.String("arn:aws:secretsmanager:us-east-1:1:secret:demo-splunk-hec-token-AbCdEf"), RoleARN: role},
		HECAcknowledgmentTimeoutInSeconds: aws.Int32(180),
		RetryOptions:                      &fhtypes.SplunkRetryOptions{DurationInSeconds: aws.Int32(300)},
		BufferingHints:                    &fhtypes.SplunkBufferingHints{SizeInMBs: aws.Int32(1), IntervalInSeconds: aws.Int32(60)},
		CloudWatchLoggingOptions:          logging,
		S3BackupMode:                      fhtypes.SplunkS3BackupModeAllEvents,
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::demo-data"), RoleARN: role,
			Prefix: aws.String("data/"), ErrorOutputPrefix: aws.String("errors/"), CompressionFormat: fhtypes.CompressionFormatUncompressed,
			BufferingHints: &fhtypes.BufferingHints{SizeInMBs: aws.Int32(5), IntervalInSeconds: aws.Int32(60)}, CloudWatchLoggingOptions: logging},
	}
	if d := cmp.Diff(want, in.SplunkDestinationConfiguration, cmpopts.IgnoreUnexported(fhtypes.SplunkDestinationConfiguration{},
		fhtypes.SecretsManagerConfiguration{}, fhtypes.SplunkRetryOptions{}, fhtypes.SplunkBufferingHints{}, fhtypes.CloudWatchLoggingOptions{},
		fhtypes.S3DestinationConfiguration{}, fhtypes.BufferingHints{})); d != "" {
		t.Errorf("destination (-want +got):\n%s", d)
	}
	if in.SplunkDestinationConfiguration.HECToken != nil {
		t.Error("the request carries a HEC token: it must come from the secret")
	}
}

// A bad endpoint is refused before the create; the placeholder of `wireup
// new` is refused on AWS (and by Precheck, before anything is created),
// kept on an emulator, which sends nothing.
func TestSplunkEndpoints(t *testing.T) {
	s3 := &fhtypes.ExtendedS3DestinationConfiguration{RoleARN: aws.String("r")}
	for _, u := range []string{"http://splunk.acme.com:8088", "https://splunk.acme.com/services/collector", ""} {
		if _, err := splunkDestination(service.Env{Target: targets.Moto}, decoded(t, splunkInputs(u)), s3); err == nil || !strings.Contains(err.Error(), "must") {
			t.Errorf("%q: %v, want refused", u, err)
		}
	}
	if _, err := splunkDestination(service.Env{Target: targets.Moto}, decoded(t, splunkInputs(spec.SplunkPlaceholderEndpoint)), s3); err != nil {
		t.Errorf("moto, placeholder: %v", err)
	}
	if _, err := splunkDestination(service.Env{Target: targets.AWS}, decoded(t, splunkInputs(spec.SplunkPlaceholderEndpoint)), s3); err == nil || !strings.Contains(err.Error(), "placeholder") {
		t.Errorf("AWS, placeholder: %v, want refused", err)
	}
	p := &plan.Plan{Resources: []*plan.Resource{{Kind: plan.KindDeliveryStream, Name: "d", Settings: splunkInputs(spec.SplunkPlaceholderEndpoint)}}}
	if err := NewDeliveryStream(nil).Precheck(context.Background(), service.Env{Target: targets.AWS}, p); err == nil || !strings.Contains(err.Error(), "splunk.hecEndpoint") {
		t.Errorf("Precheck on AWS with the placeholder: %v", err)
	}
	for _, tg := range []targets.Target{targets.Moto, targets.Kumo} {
		if err := NewDeliveryStream(nil).Precheck(context.Background(), service.Env{Target: tg}, p); err != nil {
			t.Errorf("Precheck on %s: %v", tg, err)
		}
	}
	p.Resources[0].Settings = splunkInputs("https://splunk.acme.com:8088")
	if err := NewDeliveryStream(nil).Precheck(context.Background(), service.Env{Target: targets.AWS}, p); err != nil {
		t.Errorf("Precheck on AWS with a real endpoint: %v", err)
	}
}

// recordedFirehose answers the Firehose JSON API from AWS's documented
// shapes (https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html,
// API_DescribeDeliveryStream.html): the create, then the stream CREATING
// and ACTIVE. It keeps each request body by operation (X-Amz-Target).
func recordedFirehose(t *testing.T) (*firehose.Client, map[string][]string) {
	bodies := map[string][]string{}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Firehose_20150804.")
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies[op] = append(bodies[op], string(b))
		n := len(bodies[op])
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		switch op {
		case "CreateDeliveryStream":
			_, _ = io.WriteString(w, `{"DeliveryStreamARN":"arn:aws:firehose:us-east-1:123456789012:deliverystream/demo-delivery"}`)
		case "DescribeDeliveryStream":
			st := "CREATING"
			if n > 1 {
				st = "ACTIVE"
			}
			_, _ = fmt.Fprintf(w, `{"DeliveryStreamDescription":{"DeliveryStreamName":"demo-delivery","DeliveryStreamARN":"arn:aws:firehose:us-east-1:123456789012:deliverystream/demo-delivery","DeliveryStreamStatus":%q,"DeliveryStreamType":"DirectPut","VersionId":"1","CreateTimestamp":1.7649e9,"Destinations":[{"DestinationId":"destinationId-000000000001","SplunkDestinationDescription":{"HECEndpoint":"https://splunk.acme.com:8088","HECEndpointType":"Event","S3BackupMode":"AllEvents"}}],"HasMoreDestinations":false}}`, st)
		default:
			t.Errorf("unrecorded call %s", op)
			w.WriteHeader(500)
		}
	}))
	t.Cleanup(srv.Close)
	c := firehose.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), Retryer: func() aws.Retryer { return aws.NopRetryer{} }})
	return c, bodies
}

// On recorded AWS answers, the request the SDK sends carries the Splunk
// destination as the API reference names its fields, the token only as
// the secret's ARN, and the stream is waited on until ACTIVE.
func TestSplunkDestinationOnRecordedAWS(t *testing.T) {
	c, bodies := recordedFirehose(t)
	req := &service.Request{Env: service.Env{Target: targets.AWS, Retry: retryTwice, MaxWait: 30 * time.Second}, Plan: &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Name: "demo-delivery"}, Inputs: splunkInputs("https://splunk.acme.com:8088"), Created: func(map[string]string) {}}
	out, err := NewDeliveryStream(c).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if out["arn"] != "arn:aws:firehose:us-east-1:123456789012:deliverystream/demo-delivery" || len(bodies["DescribeDeliveryStream"]) < 2 {
		t.Errorf("outputs %v after %d describes", out, len(bodies["DescribeDeliveryStream"]))
	}
	var sent struct {
		SplunkDestinationConfiguration     map[string]any
		ExtendedS3DestinationConfiguration any
	}
	if err := json.Unmarshal([]byte(bodies["CreateDeliveryStream"][0]), &sent); err != nil {
		t.Fatal(err)
	}
	d := sent.SplunkDestinationConfiguration
	if d == nil || sent.ExtendedS3DestinationConfiguration != nil {
		t.Fatalf("create body %s", bodies["CreateDeliveryStream"][0])
	}
	for k, want := range map[string]any{"HECEndpoint": "https://splunk.acme.com:8088", "HECEndpointType": "Event", "S3BackupMode": "AllEvents",
		"HECAcknowledgmentTimeoutInSeconds": 180.0} {
		if d[k] != want {
			t.Errorf("%s = %v, want %v", k, d[k], want)
		}
	}
	if _, ok := d["HECToken"]; ok {
		t.Error("the request carries HECToken")
	}
	sm, _ := d["SecretsManagerConfiguration"].(map[string]any)
	if sm["Enabled"] != true || sm["SecretARN"] != "arn:aws:secretsmanager:us-east-1:1:secret:demo-splunk-hec-token-AbCdEf" || sm["RoleARN"] != "arn:aws:iam::1:role/demo-firehose" {
		t.Errorf("SecretsManagerConfiguration %v", sm)
	}
	if s3, _ := d["S3Configuration"].(map[string]any); s3["CompressionFormat"] != "UNCOMPRESSED" || s3["Prefix"] != "data/" {
		t.Errorf("S3Configuration %v", s3)
	}
}
