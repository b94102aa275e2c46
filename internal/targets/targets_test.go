package targets

import (
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// Every generatable integration has a recorded capability on each
// emulator, with a reason wherever it cannot deploy or move data.
func TestEveryGeneratableIntegrationIsRecorded(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range c.Integrations {
		if !in.Generate {
			continue
		}
		for _, tg := range All {
			cp := For(tg, in.ID)
			if strings.HasPrefix(cp.DeployReason, "not measured") {
				t.Errorf("%s on %s: not recorded", in.ID, tg)
			}
			if !cp.Deploy && cp.DeployReason == "" || !cp.Data && cp.DataReason == "" {
				t.Errorf("%s on %s: %+v lacks a reason", in.ID, tg, cp)
			}
		}
	}
}

func TestRouteNamesTheFirstBlockingHop(t *testing.T) {
	got := Route(Moto, []string{"kinesis-to-firehose", "firehose-to-s3"})
	if got.Data || !strings.HasPrefix(got.DataReason, "kinesis-to-firehose: ") {
		t.Errorf("Route = %+v", got)
	}
	if got := Route(Kumo, []string{"s3-to-sns", "sns-to-sqs"}); !got.Data || !got.Deploy {
		t.Errorf("kumo s3→sns→sqs = %+v, want deploy and data", got)
	}
}

// The banner warns where wireup leaves a spec's setting off: kumo's stream
// encryption, and the TLS-only bucket policy on moto, whose policy
// evaluation would refuse every object request.
func TestSpecNotes(t *testing.T) {
	for _, tt := range []struct {
		t    Target
		f    SpecFacts
		want []string
	}{
		{Kumo, SpecFacts{EncryptedStream: true, Bucket: true}, []string{"kinesis.encryption"}},
		{Moto, SpecFacts{EncryptedStream: true, Bucket: true}, []string{"s3 TLS-only bucket policy"}},
		{Moto, SpecFacts{}, nil},
		{AWS, SpecFacts{EncryptedStream: true, Bucket: true}, nil},
		{LocalStack, SpecFacts{Bucket: true}, nil},
	} {
		var got []string
		for _, n := range SpecNotes(tt.t, tt.f) {
			got = append(got, n.Setting)
			if n.Note == "" {
				t.Errorf("%s: note for %s has no text", tt.t, n.Setting)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("SpecNotes(%s, %+v) = %v, want %v", tt.t, tt.f, got, tt.want)
		}
	}
}

// kumo keeps none of a mapping's error handling; moto and AWS return it.
func TestReadsBackMapping(t *testing.T) {
	for _, f := range []string{"FunctionResponseTypes", "StartingPosition", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig"} {
		if ReadsBackMapping(Kumo, f) || !ReadsBackMapping(Moto, f) || !ReadsBackMapping(AWS, f) {
			t.Errorf("%s: kumo %v, moto %v, aws %v", f, ReadsBackMapping(Kumo, f), ReadsBackMapping(Moto, f), ReadsBackMapping(AWS, f))
		}
	}
	if !ReadsBackMapping(Kumo, "BatchSize") {
		t.Error("kumo returns BatchSize")
	}
}

// The generated SNS producer batches with PublishBatch, which kumo lacks;
// every other producer runs wherever its service deploys.
func TestProducer(t *testing.T) {
	for _, tt := range []struct {
		t       Target
		service string
		want    bool
	}{
		{Kumo, "sns", false},
		{Moto, "sns", true},
		{AWS, "sns", true},
		{Kumo, "sqs", true},
		{Kumo, "kinesis", true},
	} {
		ok, reason := Producer(tt.t, tt.service)
		if ok != tt.want || !ok && reason == "" {
			t.Errorf("Producer(%s, %s) = %v, %q; want %v with a reason when false", tt.t, tt.service, ok, reason, tt.want)
		}
	}
}
