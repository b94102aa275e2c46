package firehose

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

type probeStream struct{ records map[string][]byte }

func (f *probeStream) PutRecord(_ context.Context, in *firehose.PutRecordInput, _ ...func(*firehose.Options)) (*firehose.PutRecordOutput, error) {
	f.records[aws.ToString(in.DeliveryStreamName)] = in.Record.Data
	return &firehose.PutRecordOutput{RecordId: aws.String("r1")}, nil
}

// The probe puts the canary into the delivery stream, and refuses to wait
// for it there: it is read back where the stream delivers.
func TestProbe(t *testing.T) {
	f := &probeStream{records: map[string][]byte{}}
	c := &service.Canary{ID: "wireup-canary-1", Body: []byte(`{"id":"wireup-canary-1"}`), Route: []string{"app-to-firehose", "firehose-to-s3"}, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDDeliveryStream: {Outputs: map[string]string{"name": "demo-delivery"}}}}
	p := NewProbe(f)
	if _, err := p.Inject(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if got := f.records["demo-delivery"]; string(got) != string(c.Body) {
		t.Errorf("put %q into demo-delivery, want the canary", got)
	}
	if err := p.Await(context.Background(), c, "app", time.Now()); err == nil {
		t.Error("Await at a delivery stream passed")
	}
}
