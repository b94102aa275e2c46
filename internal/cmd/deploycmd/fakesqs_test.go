package deploycmd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
)

// FakeSQS is the SQS of a FakeEndpoint: enough of the JSON protocol for
// wireup to deploy a project of queues (CreateQueue, GetQueueUrl,
// GetQueueAttributes, SetQueueAttributes). OnCreate, when set, is called
// with the queue name before a CreateQueue is answered and may block, as a
// slow call does; the queue exists once it returns.
type FakeSQS struct {
	OnCreate func(name string)
	mu       sync.Mutex
	queues   map[string]bool
	creates  []string
}

// NewFakeSQS starts a fake answering as kind, with SQS.
func NewFakeSQS(t testing.TB, kind string) (*FakeEndpoint, *FakeSQS) {
	f := NewFakeEndpoint(t, kind)
	f.SQS = &FakeSQS{queues: map[string]bool{}}
	return f, f.SQS
}

// Creates is the queue names CreateQueue was called with, in order.
func (q *FakeSQS) Creates() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.creates...)
}

// Queues is the queues that exist, sorted.
func (q *FakeSQS) Queues() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for n := range q.queues {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (q *FakeSQS) serve(w http.ResponseWriter, r *http.Request, account string) {
	var in struct {
		QueueName string
		QueueUrl  string
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	url := func(name string) string { return fmt.Sprintf("http://%s/%s/%s", r.Host, account, name) }
	name := in.QueueName
	if name == "" {
		name = in.QueueUrl[strings.LastIndex(in.QueueUrl, "/")+1:]
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	reply := func(v any) { _ = json.NewEncoder(w).Encode(v) }
	switch op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS."); op {
	case "CreateQueue":
		q.mu.Lock()
		q.creates = append(q.creates, name)
		q.mu.Unlock()
		if q.OnCreate != nil {
			q.OnCreate(name)
		}
		q.mu.Lock()
		q.queues[name] = true
		q.mu.Unlock()
		reply(map[string]string{"QueueUrl": url(name)})
	case "GetQueueUrl", "GetQueueAttributes", "SetQueueAttributes":
		q.mu.Lock()
		ok := q.queues[name]
		q.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			reply(map[string]string{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."})
			return
		}
		switch op {
		case "GetQueueUrl":
			reply(map[string]string{"QueueUrl": url(name)})
		case "GetQueueAttributes":
			reply(map[string]any{"Attributes": map[string]string{"QueueArn": "arn:aws:sqs:us-east-1:" + account + ":" + name}})
		default:
			reply(map[string]any{})
		}
	default:
		w.WriteHeader(http.StatusBadRequest)
		reply(map[string]string{"__type": "com.amazonaws.sqs#UnsupportedOperation", "message": op + " is not faked"})
	}
}
