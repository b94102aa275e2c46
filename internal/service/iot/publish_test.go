package iot

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iot"
)

type fakeDescriber struct {
	address string
	calls   int
}

func (f *fakeDescriber) DescribeEndpoint(_ context.Context, in *iot.DescribeEndpointInput, _ ...func(*iot.Options)) (*iot.DescribeEndpointOutput, error) {
	f.calls++
	if aws.ToString(in.EndpointType) != "iot:Data-ATS" {
		return nil, io.ErrUnexpectedEOF
	}
	return &iot.DescribeEndpointOutput{EndpointAddress: aws.String(f.address)}, nil
}

// The publish is POST /topics/<escaped topic>?qos=1 with the payload,
// signed for iotdata in the config's Region, at the ATS endpoint
// DescribeEndpoint returns (looked up once); throttling is retried, a
// client error is not.
func TestPublish(t *testing.T) {
	var mu sync.Mutex
	var requests int
	status := []int{http.StatusTooManyRequests, http.StatusOK, http.StatusForbidden}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method != http.MethodPost || r.URL.EscapedPath() != "/topics/devices%2Fsim-1%2Ftelemetry" || r.URL.Query().Get("qos") != "1" {
			t.Errorf("request %s %s; want POST /topics/devices%%2Fsim-1%%2Ftelemetry?qos=1", r.Method, r.URL)
		}
		if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/eu-west-1/iotdata/aws4_request") {
			t.Errorf("Authorization %q: want a SigV4 signature for iotdata in eu-west-1", auth)
		}
		if body, _ := io.ReadAll(r.Body); string(body) != `{"id":"c1"}` {
			t.Errorf("body %q", body)
		}
		w.WriteHeader(status[requests])
		requests++
	}))
	defer srv.Close()

	d := &fakeDescriber{address: strings.TrimPrefix(srv.URL, "https://")}
	p := &Publisher{Describer: d, Client: srv.Client(),
		Config: aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}}
	ctx := context.Background()
	code, err := p.Publish(ctx, "devices/sim-1/telemetry", []byte(`{"id":"c1"}`))
	if err != nil || code != http.StatusOK || requests != 2 {
		t.Fatalf("Publish = %d, %v after %d requests; want 200 after a retried 429", code, err, requests)
	}
	code, err = p.Publish(ctx, "devices/sim-1/telemetry", []byte(`{"id":"c1"}`))
	if err == nil || code != http.StatusForbidden || requests != 3 || !strings.Contains(err.Error(), "403") {
		t.Errorf("Publish = %d, %v after %d requests; want a 403 error, not retried", code, err, requests)
	}
	if d.calls != 1 {
		t.Errorf("DescribeEndpoint called %d times, want once", d.calls)
	}
}

// An emulator endpoint is used as given, with no lookup.
func TestPublishEmulatorEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	d := &fakeDescriber{}
	p := &Publisher{Endpoint: srv.URL + "/", Describer: d,
		Config: aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}}
	if code, err := p.Publish(context.Background(), "t", []byte("{}")); err != nil || code != http.StatusOK {
		t.Errorf("Publish = %d, %v", code, err)
	}
	if d.calls != 0 {
		t.Error("looked up the endpoint although one was given")
	}
}
