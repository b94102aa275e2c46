package sqs

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// probeQueue is a queue holding a producer's message, and whatever was sent
// into it after; it records deletes.
type probeQueue struct {
	mu      sync.Mutex
	bodies  []string
	deleted []string
}

func (q *probeQueue) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if aws.ToString(in.QueueUrl) != "https://sqs/demo-queue" {
		return nil, &sqstypes.QueueDoesNotExist{}
	}
	q.bodies = append(q.bodies, aws.ToString(in.MessageBody))
	return &sqs.SendMessageOutput{}, nil
}

func (q *probeQueue) ReceiveMessage(_ context.Context, in *sqs.ReceiveMessageInput, _ ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	time.Sleep(10 * time.Millisecond) // the real call waits for messages
	q.mu.Lock()
	defer q.mu.Unlock()
	out := &sqs.ReceiveMessageOutput{Messages: []sqstypes.Message{{Body: aws.String(`{"id":"someone-else"}`), MessageId: aws.String("m0"), ReceiptHandle: aws.String("r0")}}}
	for i, b := range q.bodies {
		n := string(rune('1' + i))
		out.Messages = append(out.Messages, sqstypes.Message{Body: aws.String(b), MessageId: aws.String("m" + n), ReceiptHandle: aws.String("r" + n)})
	}
	return out, nil
}

func (q *probeQueue) DeleteMessage(_ context.Context, in *sqs.DeleteMessageInput, _ ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.deleted = append(q.deleted, aws.ToString(in.ReceiptHandle))
	return &sqs.DeleteMessageOutput{}, nil
}

func canary(timeout time.Duration, hops *[]string) *service.Canary {
	return &service.Canary{ID: service.NewCanaryID(), Route: []string{"app-to-sqs"}, Timeout: timeout,
		Resources: map[string]*service.Record{plan.IDQueue: {Outputs: map[string]string{"url": "https://sqs/demo-queue"}}},
		OnHop:     func(path string, _ time.Duration, detail string) { *hops = append(*hops, path+": "+detail) }}
}

// The probe sends the canary as a message, receives it back among others,
// and deletes only it.
func TestProbeSendsAndReceivesTheCanary(t *testing.T) {
	q := &probeQueue{}
	var hops []string
	c := canary(2*time.Second, &hops)
	c.Body = []byte(`{"id":"` + c.ID + `"}` + "\n")
	p := NewProbe(q)
	start, err := p.Inject(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Await(context.Background(), c, "app", start); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{string(c.Body)}, q.bodies); d != "" {
		t.Errorf("sent (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"r1"}, q.deleted); d != "" {
		t.Errorf("deleted (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"app → sqs: message m1"}, hops); d != "" {
		t.Errorf("hops (-want +got):\n%s", d)
	}
}

// A canary that never arrives fails Await once the timeout is over,
// leaving the other messages alone.
func TestProbeAwaitTimesOut(t *testing.T) {
	q := &probeQueue{}
	var hops []string
	c := canary(300*time.Millisecond, &hops)
	err := NewProbe(q).Await(context.Background(), c, "app", time.Now())
	if err == nil || !strings.Contains(err.Error(), "did not arrive within 300ms") {
		t.Fatalf("Await = %v, want a timeout", err)
	}
	if len(q.deleted) > 0 || len(hops) > 0 {
		t.Errorf("deleted %v, hops %v; want none", q.deleted, hops)
	}
}

// objectsHolding is an ObjectReader whose notified objects hold the canary
// in the notification whose body is want; it counts the reads.
type objectsHolding struct {
	want  string
	reads map[string]int
}

func (o *objectsHolding) Mention(_ context.Context, body, _ string) (string, bool, error) {
	o.reads[body]++
	return "s3://demo-data/data/2026/12/03/10/demo-delivery-1", body == o.want, nil
}

// A canary Firehose wrote into an object arrives as an S3 notification
// naming that object, not the canary: the probe finds it in the object,
// reads each notification once however often it is received, and deletes
// only that message.
func TestProbeFindsTheCanaryInANotifiedObject(t *testing.T) {
	const note = `{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"demo-data"},"object":{"key":"data/2026/12/03/10/demo-delivery-1"}}}]}`
	q := &probeQueue{bodies: []string{note}}
	var hops []string
	c := canary(2*time.Second, &hops)
	objs := &objectsHolding{want: note, reads: map[string]int{}}
	p := NewProbe(q)
	p.Objects = objs
	if err := p.Await(context.Background(), c, "s3", time.Now()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"r1"}, q.deleted); d != "" {
		t.Errorf("deleted (-want +got):\n%s", d)
	}
	if len(hops) != 1 || !strings.Contains(hops[0], "notifying s3://demo-data/data/2026/12/03/10/demo-delivery-1") {
		t.Errorf("hops %v, want the object named", hops)
	}

	q, hops = &probeQueue{}, nil
	objs.reads = map[string]int{}
	p = NewProbe(q)
	p.Objects = objs
	if err := p.Await(context.Background(), canary(300*time.Millisecond, &hops), "s3", time.Now()); err == nil {
		t.Fatal("Await found a canary no object holds")
	}
	for body, n := range objs.reads {
		if n != 1 {
			t.Errorf("%s read %d times, want once", body, n)
		}
	}
}
