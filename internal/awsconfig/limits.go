package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Limits bound every AWS call, so that an endpoint that accepts connections
// but never answers fails the call with a message instead of hanging the
// command. Each bound applies to one attempt; the SDK's retryer retries a
// call that hits one like a dropped connection (three attempts), so a call
// that never gets an answer fails after about three times its bound. A zero
// field takes the default of the same name (DefaultConnect, ...).
type Limits struct {
	// Connect bounds the TCP connect.
	Connect time.Duration
	// TLSHandshake bounds the TLS handshake after it.
	TLSHandshake time.Duration
	// ResponseHeader bounds the wait for the answer's headers, counted from
	// the request's last byte, so the time an upload takes is not in it.
	ResponseHeader time.Duration
	// LambdaResponseHeader is ResponseHeader for Lambda, whose calls
	// legitimately answer late: CreateFunction and UpdateFunctionCode
	// unpack and check a zip of up to 50 MB before answering, and a
	// synchronous Invoke answers when the function returns.
	LambdaResponseHeader time.Duration
	// Attempt bounds one attempt from the connect to the answer's last
	// byte, plus one second per UploadRate bytes of request body: it
	// catches what the other bounds cannot, an endpoint that stops reading
	// an upload or stops sending an answer half way.
	Attempt time.Duration
	// UploadRate is the slowest upload, in bytes per second, Attempt
	// allows for: a 10 MB function zip (13.3 MB as JSON) gets about 3.5
	// more minutes at the default.
	UploadRate int64
	// MaxBackoff caps the SDK's wait between attempts (tests shorten it).
	MaxBackoff time.Duration
}

// The default Limits. None is reached by a call that works: the slowest
// answers wireup waits for are Lambda's (see LambdaResponseHeader) and an
// SQS receive, which long-polls for at most 20 s (wireup's verify polls for
// 1 s); everything else answers in well under a second, on AWS and on the
// emulators. SDK waiters are bounded separately (service.Request.Wait).
const (
	DefaultConnect              = 10 * time.Second
	DefaultTLSHandshake         = 10 * time.Second
	DefaultResponseHeader       = 30 * time.Second
	DefaultLambdaResponseHeader = 2 * time.Minute
	DefaultAttempt              = 2 * time.Minute
	DefaultUploadRate           = 64 << 10 // 64 KiB/s, a 512 kbit/s uplink
	// DefaultMaxBackoff is the SDK's own default.
	DefaultMaxBackoff = retry.DefaultMaxBackoff
)

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&l.Connect, DefaultConnect)
	def(&l.TLSHandshake, DefaultTLSHandshake)
	def(&l.ResponseHeader, DefaultResponseHeader)
	def(&l.LambdaResponseHeader, DefaultLambdaResponseHeader)
	def(&l.Attempt, DefaultAttempt)
	def(&l.MaxBackoff, DefaultMaxBackoff)
	if l.UploadRate <= 0 {
		l.UploadRate = DefaultUploadRate
	}
	return l
}

// attempt is the bound of one attempt that sends n bytes of body.
func (l Limits) attempt(n int64) time.Duration {
	if n <= 0 {
		return l.Attempt
	}
	return l.Attempt + time.Duration(n)*time.Second/time.Duration(l.UploadRate)
}

// httpClient is the SDK's buildable client with l's connect, handshake and
// answer bounds. It stays buildable so that the SDK can still adjust it
// (a CA bundle from AWS_CA_BUNDLE, IMDS's own short timeouts).
func (l Limits) httpClient(answer time.Duration) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = l.Connect }).
		WithTransportOptions(func(tr *http.Transport) {
			tr.TLSHandshakeTimeout = l.TLSHandshake
			tr.ResponseHeaderTimeout = answer
		})
}

// loadOptions are the config options that put l on every client.
func (l Limits) loadOptions() []func(*config.LoadOptions) error {
	lambdaHTTP := l.httpClient(l.LambdaResponseHeader)
	return []func(*config.LoadOptions) error{
		config.WithHTTPClient(l.httpClient(l.ResponseHeader)),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxBackoff = l.MaxBackoff
				// The client-side retry quota protects long-running
				// services from retry storms. A command makes few calls,
				// and with the quota spent the SDK would stop retrying
				// and replace the service's own error with "retry quota
				// exceeded", which says nothing about what failed.
				o.RateLimiter = ratelimit.None
			})
		}),
		config.WithAPIOptions([]func(*middleware.Stack) error{func(st *middleware.Stack) error {
			if err := st.Deserialize.Add(&attemptBound{limits: l}, middleware.Before); err != nil {
				return err
			}
			return st.Deserialize.Add(attemptBody{}, middleware.After)
		}}),
		// The instance role is the credential chain's last link, tried when
		// nothing else provides credentials. Off EC2 the metadata endpoint
		// does not answer, and the SDK's default (5 s per operation, three
		// attempts, then the IMDSv1 fallback) kept a command without
		// credentials silent for seconds before saying so. On EC2 the
		// endpoint answers in milliseconds.
		config.WithEC2RoleCredentialOptions(func(o *ec2rolecreds.Options) {
			o.Client = imds.New(imds.Options{
				HTTPClient: &http.Client{Timeout: IMDSTimeout},
				Retryer:    retry.AddWithMaxAttempts(retry.NewStandard(), 1),
			})
		}),
		// The SDK's own log lines ("WARN falling back to IMDSv1") are not
		// wireup's messages; what matters comes back as an error.
		config.WithLogger(logging.Nop{}),
		config.WithServiceOptions(func(id string, o any) {
			if id == lambdaServiceID {
				setHTTPClient(o, lambdaHTTP)
			}
		}),
	}
}

// lambdaServiceID is the SDK's lambda.ServiceID. awsconfig names it rather
// than importing the Lambda client: the service packages own the SDK's
// service clients, and this is the one service whose answers come late.
const lambdaServiceID = "Lambda"

// setHTTPClient sets the HTTPClient field of an SDK client's Options, o (a
// pointer, as config.WithServiceOptions passes it). Every SDK client's
// Options has that field; TestLambdaAnswersLate proves it is set.
func setHTTPClient(o any, c aws.HTTPClient) {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	if f := v.Elem().FieldByName("HTTPClient"); f.IsValid() && f.CanSet() && reflect.TypeOf(c).AssignableTo(f.Type()) {
		f.Set(reflect.ValueOf(c))
	}
}

// IMDSTimeout bounds one call to the EC2 instance metadata endpoint.
const IMDSTimeout = time.Second

// Timeout stages: which bound a TimeoutError hit.
const (
	StageConnect = "connect"
	StageTLS     = "TLS handshake"
	StageAnswer  = "answer"
	StageAttempt = "attempt"
)

// TimeoutError is an attempt of an AWS call that hit one of the Limits: the
// endpoint did not connect, did not answer, or did not finish in time. The
// SDK retries it; the error left after the retries says which service,
// operation and endpoint did not answer (see awserr.Classify for what the
// user is told to do).
type TimeoutError struct {
	Service   string // the SDK's service id, e.g. "SQS"
	Operation string // e.g. "CreateQueue"
	Endpoint  string // scheme://host the request went to
	Stage     string // StageConnect, StageTLS, StageAnswer or StageAttempt
	Limit     time.Duration
	// Err is the transport's error; nil when the attempt's own bound
	// fired, which the SDK would otherwise take for a cancelled call and
	// not retry.
	Err error
}

func (e *TimeoutError) Error() string {
	switch e.Stage {
	case StageConnect:
		return fmt.Sprintf("could not connect to %s within %s", e.Endpoint, e.Limit)
	case StageTLS:
		return fmt.Sprintf("no TLS handshake with %s within %s", e.Endpoint, e.Limit)
	case StageAnswer:
		return fmt.Sprintf("no answer from %s within %s of sending the request", e.Endpoint, e.Limit)
	}
	return fmt.Sprintf("%s did not finish the exchange within %s", e.Endpoint, e.Limit)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// Timeout reports true: the SDK's retryer counts it as a timeout.
func (e *TimeoutError) Timeout() bool { return true }

// RetryableError reports true: a stalled endpoint may answer the next
// attempt, as one that dropped the connection may.
func (e *TimeoutError) RetryableError() bool { return true }

// attemptState is what attemptBound shares with attemptBody for one
// attempt.
type attemptState struct {
	cancel context.CancelFunc
	body   bool // attemptBody tied cancel to the answer's body
}

type attemptKey struct{}

// attemptBound runs first in the deserialize step, once per attempt: it
// bounds the attempt by Limits.attempt and turns a bound that fired into a
// TimeoutError.
type attemptBound struct{ limits Limits }

func (*attemptBound) ID() string { return "wireup.AttemptBound" }

func (m *attemptBound) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	req, _ := in.Request.(*smithyhttp.Request)
	var n int64
	endpoint := ""
	if req != nil {
		if l, ok, err := req.StreamLength(); err == nil && ok {
			n = l
		}
		endpoint = req.URL.Scheme + "://" + req.URL.Host
	}
	limit := m.limits.attempt(n)
	actx, cancel := context.WithTimeout(ctx, limit)
	st := &attemptState{cancel: cancel}
	out, md, err := next.HandleDeserialize(context.WithValue(actx, attemptKey{}, st), in)
	if err != nil {
		fired := errors.Is(actx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
		cancel()
		te := &TimeoutError{Service: awsmiddleware.GetServiceID(ctx), Operation: awsmiddleware.GetOperationName(ctx), Endpoint: endpoint}
		switch {
		case fired:
			te.Stage, te.Limit = StageAttempt, limit
		case isDialTimeout(err):
			te.Stage, te.Limit, te.Err = StageConnect, m.limits.Connect, err
		case strings.Contains(err.Error(), "TLS handshake timeout"):
			te.Stage, te.Limit, te.Err = StageTLS, m.limits.TLSHandshake, err
		case strings.Contains(err.Error(), "timeout awaiting response headers"):
			te.Stage, te.Limit, te.Err = StageAnswer, m.limits.ResponseHeader, err
			if te.Service == lambdaServiceID {
				te.Limit = m.limits.LambdaResponseHeader
			}
		default:
			return out, md, err
		}
		return out, md, te
	}
	// A streamed answer (S3 GetObject) is read after the call returns:
	// its body ends the attempt when it is closed. Every other answer
	// has been read and closed by now.
	if !st.body {
		cancel()
	}
	return out, md, nil
}

func isDialTimeout(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && op.Timeout()
}

// attemptBody runs last in the deserialize step, next to the HTTP client:
// it ends the attempt's bound when the answer's body is closed.
type attemptBody struct{}

func (attemptBody) ID() string { return "wireup.AttemptBody" }

func (attemptBody) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	st, _ := ctx.Value(attemptKey{}).(*attemptState)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && st != nil && resp.Response != nil && resp.Body != nil {
		resp.Body = &closeCancels{ReadCloser: resp.Body, cancel: st.cancel}
		st.body = true
	}
	return out, md, err
}

// closeCancels cancels the attempt's context when the body is closed.
type closeCancels struct {
	io.ReadCloser
	cancel context.CancelFunc
	failed bool
}

// Read reports a failed read once: the reader sees it, and the SDK's drain
// of the body before closing it then ends at once instead of logging a
// warning about the same broken connection.
func (c *closeCancels) Read(p []byte) (int, error) {
	if c.failed {
		return 0, io.EOF
	}
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		c.failed = true
	}
	return n, err
}

func (c *closeCancels) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
