package awsconfig

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// The test servers read each request before they answer, and pause before
// an answer they leave unfinished, as no real endpoint answers within
// microseconds: an answer that arrives while the transport is still
// finishing the request makes it drop the connection once the answer is
// read (the SDK's doing, measured at 4-13% of calls to an instant local
// server, with or without Limits), which breaks an answer still being read.

// fast are Limits short enough for tests: every bound a call can hit is a
// fraction of a second, and retries do not wait.
var fast = Limits{Connect: time.Second, TLSHandshake: time.Second, ResponseHeader: 150 * time.Millisecond,
	LambdaResponseHeader: 2 * time.Second, Attempt: 2 * time.Second, MaxBackoff: time.Millisecond}

func load(t *testing.T, endpoint string, l Limits) aws.Config {
	t.Helper()
	isolate(t)
	cfg, err := Load(t.Context(), Options{Endpoint: endpoint, Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// silent accepts connections and reads what is sent, but never answers. It
// returns its URL and how many connections it accepted.
func silent(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String(), &n
}

// An endpoint that accepts the connection and never answers fails the call
// within the bound, after the SDK's retries, naming the service, the
// operation and the endpoint.
func TestHungEndpointFailsWithinTheBound(t *testing.T) {
	url, conns := silent(t)
	cfg := load(t, url, fast)
	start := time.Now()
	_, err := sqs.NewFromConfig(cfg).ListQueues(t.Context(), &sqs.ListQueuesInput{})
	took := time.Since(start)
	if err == nil {
		t.Fatal("ListQueues on an endpoint that never answers succeeded")
	}
	// Three attempts of 150 ms each, and the retries' wait of at most 1 ms.
	if took > 2*time.Second {
		t.Errorf("the call failed after %s, want well under 2s", took)
	}
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T) is no TimeoutError", err, err)
	}
	if te.Service != "SQS" || te.Operation != "ListQueues" || te.Endpoint != url || te.Stage != StageAnswer || te.Limit != fast.ResponseHeader {
		t.Errorf("TimeoutError = %+v", te)
	}
	for _, want := range []string{"SQS", "ListQueues", url, "no answer", "150ms", "attempts, 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("%d connections, want 3: a hung attempt is retried like a dropped connection", n)
	}
}

// A call that gets a 500 twice and then its answer succeeds: the SDK's
// retries absorb a transient fault.
func TestTransient500IsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if n.Add(1) <= 2 {
			w.WriteHeader(500)
			io.WriteString(w, `{"__type":"InternalFailure","message":"injected"}`)
			return
		}
		io.WriteString(w, `{"QueueUrls":["http://q/1"]}`)
	}))
	defer srv.Close()
	out, err := sqs.NewFromConfig(load(t, srv.URL, fast)).ListQueues(t.Context(), &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatalf("ListQueues after two 500s: %v", err)
	}
	if len(out.QueueUrls) != 1 || n.Load() != 3 {
		t.Errorf("got %v after %d requests, want one queue after 3", out.QueueUrls, n.Load())
	}
}

// An answer that stops half way hits the attempt's own bound, which the
// SDK would otherwise take for a cancelled call and not retry.
func TestStalledAnswerHitsTheAttemptBound(t *testing.T) {
	var n atomic.Int32
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.Copy(io.Discard, r.Body)
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"QueueUrls":[`)
		w.(http.Flusher).Flush()
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(stop)
	l := fast
	l.Attempt = 200 * time.Millisecond
	start := time.Now()
	_, err := sqs.NewFromConfig(load(t, srv.URL, l)).ListQueues(t.Context(), &sqs.ListQueuesInput{})
	var te *TimeoutError
	if !errors.As(err, &te) || te.Stage != StageAttempt || te.Endpoint != srv.URL {
		t.Fatalf("error %v, want a TimeoutError of the attempt naming %s", err, srv.URL)
	}
	if took := time.Since(start); took > 2*time.Second || n.Load() != 3 {
		t.Errorf("failed after %s and %d attempts, want 3 attempts well under 2s", took, n.Load())
	}
}

// The answer bound counts from the request's last byte: an upload the
// endpoint reads slowly does not time out however long it takes, as long
// as the answer follows it.
func TestSlowUploadIsNoMissingAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Not reading for longer than the answer bound blocks the
		// client's write once the socket buffers are full.
		time.Sleep(400 * time.Millisecond)
		io.Copy(io.Discard, r.Body)
		w.Header().Set("ETag", `"x"`)
	}))
	defer srv.Close()
	cfg := load(t, srv.URL, fast)
	body := bytes.Repeat([]byte("x"), 32<<20) // more than loopback's socket buffers
	_, err := s3.NewFromConfig(cfg, func(o *s3.Options) {
		// As service/s3.ClientOptions sets for an emulator.
		o.UsePathStyle = true
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.ContinueHeaderThresholdBytes = -1
	}).
		PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), Body: bytes.NewReader(body)})
	if err != nil {
		t.Fatalf("a slowly read upload failed: %v", err)
	}
}

// Lambda answers late by design (a zip to unpack, a function to run): it
// gets its own answer bound, and the other services keep the short one.
func TestLambdaAnswersLate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		time.Sleep(400 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Functions":[]}`)
	}))
	defer srv.Close()
	cfg := load(t, srv.URL, fast)
	if _, err := lambda.NewFromConfig(cfg).ListFunctions(t.Context(), &lambda.ListFunctionsInput{}); err != nil {
		t.Errorf("Lambda answering after 400ms with a %s Lambda bound: %v", fast.LambdaResponseHeader, err)
	}
	_, err := sqs.NewFromConfig(cfg).ListQueues(t.Context(), &sqs.ListQueuesInput{})
	var te *TimeoutError
	if !errors.As(err, &te) || te.Stage != StageAnswer {
		t.Errorf("SQS answering after 400ms with a %s bound: %v, want a TimeoutError", fast.ResponseHeader, err)
	}
}

func TestAttemptBoundGrowsWithTheBody(t *testing.T) {
	l := Limits{}.withDefaults()
	if got := l.attempt(0); got != DefaultAttempt {
		t.Errorf("attempt(0) = %s, want %s", got, DefaultAttempt)
	}
	// A 10 MB function zip is 13.3 MB of base64 in CreateFunction's JSON.
	if got, want := l.attempt(14_000_000), DefaultAttempt+213*time.Second; got < want || got > want+time.Second {
		t.Errorf("attempt(14 MB) = %s, want about %s", got, want)
	}
}
