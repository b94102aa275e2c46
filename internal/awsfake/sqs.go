package awsfake

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// SQS is the SQS of an Endpoint: enough of the JSON protocol for wireup to
// deploy a project of queues, read them back for status, and send and
// receive verify's canary (CreateQueue, GetQueueUrl, GetQueueAttributes,
// SetQueueAttributes, DeleteQueue, ListQueues, ListQueueTags,
// SendMessage, ReceiveMessage, DeleteMessage). Attributes are kept as set. OnCreate, when set, is
// called with the queue name before a CreateQueue is answered and may
// block, as a slow call does; the queue exists once it returns. Drop, when
// set, loses every message sent (a route that delivers nothing).
type SQS struct {
	OnCreate func(name string)
	Drop     bool
	mu       sync.Mutex
	queues   map[string]*queue
	creates  []string
	next     int
}

type queue struct {
	attrs    map[string]string
	tags     map[string]string
	messages []message
}

type message struct{ id, body string }

// md5Hex is the checksum SQS answers a message with, which the SDK checks.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// NewSQS starts a fake answering as kind, with SQS.
func NewSQS(t testing.TB, kind string) (*Endpoint, *SQS) {
	f := NewEndpoint(t, kind)
	f.SQS = &SQS{queues: map[string]*queue{}}
	return f, f.SQS
}

// Creates is the queue names CreateQueue was called with, in order.
func (q *SQS) Creates() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.creates...)
}

// Queues is the queues that exist, sorted.
func (q *SQS) Queues() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.sortedNames()
}

func (q *SQS) sortedNames() []string {
	out := []string{}
	for n := range q.queues {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Delete deletes a queue behind wireup's back.
func (q *SQS) Delete(name string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.queues, name)
}

// SetAttribute changes one attribute of a queue behind wireup's back.
func (q *SQS) SetAttribute(name, attr, value string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if qu := q.queues[name]; qu != nil {
		qu.attrs[attr] = value
	}
}

func (q *SQS) serve(w http.ResponseWriter, r *http.Request, account string) {
	var in struct {
		QueueName           string
		QueueUrl            string
		Attributes          map[string]string
		MessageBody         string
		ReceiptHandle       string
		MaxNumberOfMessages int
		Tags                map[string]string `json:"tags"`
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	url := func(name string) string { return fmt.Sprintf("http://%s/%s/%s", r.Host, account, name) }
	name := in.QueueName
	if name == "" {
		name = in.QueueUrl[strings.LastIndex(in.QueueUrl, "/")+1:]
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	reply := func(v any) { _ = json.NewEncoder(w).Encode(v) }
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.")
	if op == "CreateQueue" {
		q.mu.Lock()
		q.creates = append(q.creates, name)
		q.mu.Unlock()
		if q.OnCreate != nil {
			q.OnCreate(name)
		}
		q.mu.Lock()
		if q.queues[name] == nil {
			attrs := map[string]string{"QueueArn": "arn:aws:sqs:us-east-1:" + account + ":" + name}
			for k, v := range in.Attributes {
				attrs[k] = v
			}
			q.queues[name] = &queue{attrs: attrs, tags: in.Tags}
		}
		q.mu.Unlock()
		reply(map[string]string{"QueueUrl": url(name)})
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if op == "ListQueues" {
		urls := []string{}
		for _, n := range q.sortedNames() {
			urls = append(urls, url(n))
		}
		reply(map[string]any{"QueueUrls": urls})
		return
	}
	qu := q.queues[name]
	if qu == nil {
		w.WriteHeader(http.StatusBadRequest)
		reply(map[string]string{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."})
		return
	}
	switch op {
	case "GetQueueUrl":
		reply(map[string]string{"QueueUrl": url(name)})
	case "GetQueueAttributes":
		reply(map[string]any{"Attributes": qu.attrs})
	case "SetQueueAttributes":
		for k, v := range in.Attributes {
			qu.attrs[k] = v
		}
		reply(map[string]any{})
	case "ListQueueTags":
		reply(map[string]any{"Tags": qu.tags})
	case "DeleteQueue":
		delete(q.queues, name)
		reply(map[string]any{})
	case "SendMessage":
		q.next++
		id := "m" + strconv.Itoa(q.next)
		if !q.Drop {
			qu.messages = append(qu.messages, message{id: id, body: in.MessageBody})
		}
		reply(map[string]string{"MessageId": id, "MD5OfMessageBody": md5Hex(in.MessageBody)})
	case "ReceiveMessage":
		var out []map[string]string
		for i, m := range qu.messages {
			if i == max(in.MaxNumberOfMessages, 1) {
				break
			}
			out = append(out, map[string]string{"MessageId": m.id, "ReceiptHandle": m.id, "Body": m.body, "MD5OfBody": md5Hex(m.body)})
		}
		reply(map[string]any{"Messages": out})
	case "DeleteMessage":
		for i, m := range qu.messages {
			if m.id == in.ReceiptHandle {
				qu.messages = append(qu.messages[:i], qu.messages[i+1:]...)
				break
			}
		}
		reply(map[string]any{})
	default:
		w.WriteHeader(http.StatusBadRequest)
		reply(map[string]string{"__type": "com.amazonaws.sqs#UnsupportedOperation", "message": op + " is not faked"})
	}
}
