package awserr

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/awsconfig"
	svcs3 "github.com/wireup/wireup/internal/service/s3"
)

func TestClassify(t *testing.T) {
	emu := Where{Endpoint: "http://127.0.0.1:5000", Region: "us-east-1"}
	aws := Where{Region: "eu-west-1"}
	api := func(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }
	tests := []struct {
		name string
		err  error
		t    Where
		kind ErrorKind
		hint string
	}{
		{"refused", fmt.Errorf("create queue: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), emu, KindUnreachable, "make emulators"},
		{"expired", api("ExpiredToken", "The security token included in the request is expired"), aws, KindCredentials, "aws sso login"},
		{"denied", api("AccessDenied", "User: x is not authorized to perform: sqs:CreateQueue on resource: q"), aws, KindAccess, "grant that action"},
		{"taken", api("BucketAlreadyExists", "The requested bucket name is not available"), aws, KindNameTaken, "wireup.yaml"},
		{"quota", api("LimitExceededException", "too many streams"), aws, KindQuota, "quota"},
		{"kumo unsupported", api("InvalidAction", "The action StartStreamEncryption is not valid for this endpoint."), emu, KindUnsupported, "does not support"},
		{"kumo unknown SNS action", api("UnknownAction", "Action PublishBatch is not supported"), emu, KindUnsupported, "does not support"},
		{"localstack not implemented", api("InternalFailure", "API action 'X' for service 'y' not yet implemented or pro feature"), emu, KindUnsupported, "does not support"},
		{"kumo unknown service", api("UnrecognizedClientException", "The action PutSubscriptionFilter is not valid for this web service"), emu, KindOther, ""},
		{"internal failure on an emulator", api("InternalFailure", "boom"), emu, KindServiceFailed, "run the command again"},
		{"internal error on AWS", api("InternalError", "We encountered an internal error"), aws, KindServiceFailed, "Run the command again"},
		{"throttled", api("ThrottlingException", "Rate exceeded"), aws, KindServiceFailed, "kept throttling"},
		{"other", api("ValidationException", "bad"), aws, KindOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.err, tt.t)
			if k := KindOf(got); k != tt.kind {
				t.Fatalf("kind %s, want %s (%v)", k, tt.kind, got)
			}
			if !strings.Contains(strings.ToLower(got.Error()), strings.ToLower(tt.hint)) {
				t.Errorf("message %q lacks %q", got, tt.hint)
			}
			if !errors.Is(got, tt.err) {
				t.Error("classified error does not wrap the original")
			}
			if again := Classify(got, tt.t); again != got && KindOf(got) != KindOther {
				t.Error("classifying twice wrapped again")
			}
		})
	}
}

// emulatorConfig is the tool's configuration for an emulator at url, with
// bounds and retry waits short enough for a unit test, and nothing from
// the developer's shell or ~/.aws.
func emulatorConfig(t *testing.T, url string) aws.Config {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"} {
		t.Setenv(k, "")
	}
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Endpoint: url, Limits: awsconfig.Limits{
		ResponseHeader: 150 * time.Millisecond, Attempt: 2 * time.Second, MaxBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A fault that outlives the SDK's retries is classified by what the
// endpoint really did, through the real SDK: a 500 or 503 with an AWS error,
// or a reset, is the service failing ("run again", naming the service and
// the operation), never "the emulator does not support this call"; an
// answer in the wrong protocol (moto's HTML page for a call it lacks) is;
// an endpoint that never answers is named, with what to do.
func TestClassifyPersistentFaults(t *testing.T) {
	reset := func(w http.ResponseWriter, _ *http.Request) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	}
	answer := func(status int, ctype, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			// Read the request and pause, as a real endpoint does: an
			// instant answer races the transport finishing the request
			// (see internal/awsconfig's limits_test.go).
			io.Copy(io.Discard, r.Body)
			time.Sleep(5 * time.Millisecond)
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.WriteHeader(status)
			io.WriteString(w, body)
		}
	}
	const (
		motoPage = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
		jsonErr  = "application/x-amz-json-1.0"
	)
	sqsCall := func(cfg aws.Config) error {
		_, err := sqs.NewFromConfig(cfg).CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("q")})
		return err
	}
	iamCall := func(cfg aws.Config) error {
		_, err := iam.NewFromConfig(cfg).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("r")})
		return err
	}
	s3Call := func(cfg aws.Config) error {
		_, err := s3.NewFromConfig(cfg, svcs3.ClientOptions(cfg)).CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: aws.String("b")})
		return err
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(aws.Config) error
		kind    ErrorKind
		want    []string
		tries   int32
	}{
		{"500 InternalFailure", answer(500, jsonErr, `{"__type":"InternalFailure","message":"injected"}`), sqsCall, KindServiceFailed,
			[]string{"the service failed", "SQS CreateQueue", "HTTP 500 (InternalFailure)", "3 attempts", "Run the command again"}, 3},
		{"503 ServiceUnavailable", answer(503, jsonErr, `{"__type":"ServiceUnavailable","message":"injected"}`), sqsCall, KindServiceFailed,
			[]string{"the service failed", "SQS CreateQueue", "HTTP 503", "Run the command again"}, 3},
		{"503 gateway page", answer(503, "text/html", "<html><body>503 Service Unavailable</body></html>"), sqsCall, KindServiceFailed,
			[]string{"the service failed", "SQS CreateQueue", "HTTP 503"}, 3},
		{"500 XML InternalError", answer(500, "text/xml", `<ErrorResponse><Error><Code>InternalError</Code><Message>injected</Message></Error></ErrorResponse>`), iamCall, KindServiceFailed,
			[]string{"the service failed", "IAM GetRole", "HTTP 500 (InternalError)"}, 3},
		{"reset", reset, sqsCall, KindServiceFailed,
			[]string{"the service failed", "dropped the connection during SQS CreateQueue", "3 attempts", "Run the command again"}, 3},
		{"500 without an AWS error", answer(500, "", ""), s3Call, KindServiceFailed,
			[]string{"the service failed", "S3 CreateBucket", "no AWS error", "Run the command again", "if it fails the same way"}, 3},
		{"moto's page for a call it lacks", answer(500, "text/html", motoPage), sqsCall, KindUnsupported,
			[]string{"does not support SQS CreateQueue", "wireup catalog --targets"}, 3},
		{"501", answer(501, jsonErr, `{"__type":"InternalFailure","message":"not implemented"}`), sqsCall, KindUnsupported,
			[]string{"does not support SQS CreateQueue"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			info := Where{Endpoint: srv.URL, Region: "us-east-1"}
			err := tt.call(emulatorConfig(t, srv.URL))
			if err == nil {
				t.Fatal("the call succeeded")
			}
			got := Classify(fmt.Errorf("create it: %w", err), info)
			if k := KindOf(got); k != tt.kind {
				t.Fatalf("kind %s, want %s: %v", k, tt.kind, got)
			}
			for _, w := range append(tt.want, srv.URL) {
				if !strings.Contains(got.Error(), w) {
					t.Errorf("message %q lacks %q", got, w)
				}
			}
			if tt.kind == KindServiceFailed && strings.Contains(got.Error(), "does not support") {
				t.Errorf("a service fault reported as unsupported: %v", got)
			}
			if n.Load() != tt.tries {
				t.Errorf("%d requests, want %d", n.Load(), tt.tries)
			}
		})
	}
}

// An endpoint that accepts connections and never answers fails the call
// within the bound; the message names the service, the operation and the
// endpoint, and says what to do.
func TestClassifyHungEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			// Read what is sent, answer nothing; the client closes.
			go func() {
				io.Copy(io.Discard, c)
				c.Close()
			}()
		}
	}()
	url := "http://" + ln.Addr().String()
	start := time.Now()
	_, err = sqs.NewFromConfig(emulatorConfig(t, url)).CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("q")})
	if took := time.Since(start); err == nil || took > 2*time.Second {
		t.Fatalf("CreateQueue on a silent endpoint: %v after %s", err, took)
	}
	got := Classify(fmt.Errorf("create queue q: %w", err), Where{Endpoint: url, Region: "us-east-1"})
	if KindOf(got) != KindUnreachable {
		t.Errorf("kind %s, want %s: %v", KindOf(got), KindUnreachable, got)
	}
	for _, w := range []string{url + " is listening but sent no answer to SQS CreateQueue within 150ms in each of 3 attempts", "restart it with `make emulators`", "run the command again"} {
		if !strings.Contains(got.Error(), w) {
			t.Errorf("message %q lacks %q", got, w)
		}
	}
}

// With no credentials anywhere the message is one sentence with every way
// to provide them, not the SDK's chain of wrapped errors.
func TestClassifyNoCredentials(t *testing.T) {
	sdk := errors.New("operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, " +
		"no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded")
	err := Classify(fmt.Errorf("ask STS who you are: %w", sdk), Where{Region: "us-east-1"})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindCredentials {
		t.Fatalf("Classify = %v, want a credentials error", err)
	}
	if err.Error() != NoCredentials || !errors.Is(err, sdk) {
		t.Fatalf("message %q, want %q wrapping the SDK error", err, NoCredentials)
	}
	expired := Classify(fmt.Errorf("ask STS who you are: %w", &smithy.GenericAPIError{Code: "ExpiredToken", Message: "The security token included in the request is expired"}), Where{})
	if !errors.As(expired, &e) || e.Kind != KindCredentials || expired.Error() == NoCredentials {
		t.Fatalf("an expired token: %v, want a credentials error that keeps the service's message", expired)
	}
}
