package eventbridge

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

type probeBus struct {
	put    []ebtypes.PutEventsRequestEntry
	refuse bool
}

func (f *probeBus) PutEvents(_ context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	f.put = append(f.put, in.Entries...)
	if f.refuse {
		return &eventbridge.PutEventsOutput{FailedEntryCount: 1, Entries: []ebtypes.PutEventsResultEntry{{ErrorCode: aws.String("InternalFailure"), ErrorMessage: aws.String("try again")}}}, nil
	}
	return &eventbridge.PutEventsOutput{Entries: []ebtypes.PutEventsResultEntry{{EventId: aws.String("e1")}}}, nil
}

func canary() *service.Canary {
	return &service.Canary{ID: "wireup-canary-1", Body: []byte("{\"id\":\"wireup-canary-1\"}\n"), Route: []string{"eventbridge-to-sqs"}, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDRule: {Inputs: map[string]string{"eventBus": "default", "source": "wireup.demo", "detailType": "sample event"}}}}
}

// The probe puts the canary with the producer's source and detail-type, so
// the rule's pattern matches it, and a refused entry is an error.
func TestProbe(t *testing.T) {
	f := &probeBus{}
	p := NewProbe(f)
	if _, err := p.Inject(context.Background(), canary()); err != nil {
		t.Fatal(err)
	}
	if len(f.put) != 1 {
		t.Fatalf("put %d events, want 1", len(f.put))
	}
	e := f.put[0]
	if aws.ToString(e.Source) != "wireup.demo" || aws.ToString(e.DetailType) != "sample event" || aws.ToString(e.EventBusName) != "default" ||
		aws.ToString(e.Detail) != `{"id":"wireup-canary-1"}` {
		t.Errorf("put %+v", e)
	}
	f.refuse = true
	if _, err := p.Inject(context.Background(), canary()); err == nil || !strings.Contains(err.Error(), "InternalFailure") {
		t.Errorf("Inject with a refused entry = %v, want the entry's error", err)
	}
	if err := p.Await(context.Background(), canary(), "app", time.Now()); err == nil {
		t.Error("Await at an event bus passed")
	}
}
