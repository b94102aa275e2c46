// Package awserr classifies a failed AWS call once, where a command reports
// it: what happened, why, and what to do next (could not reach the endpoint,
// credentials, access denied, a name taken, a quota, a call the target does
// not support, a service that failed and is worth running again).
package awserr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/service"
)

// ErrorKind is the class of a failed AWS call, which decides what the user
// is told to do next.
type ErrorKind string

// Error kinds.
const (
	// KindUnreachable: the endpoint could not be reached, or did not
	// answer within awsconfig.Limits.
	KindUnreachable ErrorKind = "unreachable"
	KindCredentials ErrorKind = "credentials"
	KindAccess      ErrorKind = "access-denied"
	KindNameTaken   ErrorKind = "name-taken"
	KindQuota       ErrorKind = "quota"
	// KindUnsupported: the target does not know the call (an unknown
	// operation, or an answer that is not in the call's protocol).
	KindUnsupported ErrorKind = "unsupported"
	// KindServiceFailed: the service answered with a fault of its own (a
	// 5xx, throttling) or dropped the connection, through every retry.
	// Running the command again is the fix.
	KindServiceFailed ErrorKind = "service-failed"
	KindOther         ErrorKind = "other"
)

// Error is a classified AWS error: what happened, why, and what to do.
type Error struct {
	Kind ErrorKind
	Hint string
	Err  error
	// Plain, when set, is the whole message: the cause in one sentence
	// where the SDK's chain of wrapped errors would only bury it (no
	// credentials anywhere in the chain). Err stays for errors.Is/As.
	Plain string
}

func (e *Error) Error() string {
	if e.Plain != "" {
		return e.Plain
	}
	if e.Hint == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ". " + e.Hint
}

func (e *Error) Unwrap() error { return e.Err }

// Error codes of an operation the target does not know.
var unknownOperation = map[string]bool{
	"UnknownOperationException": true, // AWS JSON services, moto
	"InvalidAction":             true, // query services; kumo for every service
	"UnknownAction":             true, // kumo's SNS
	"UnknownService":            true,
	"NotImplemented":            true,
	"NotImplementedException":   true,
}

// Error codes of a fault on the service's side, which the SDK retries.
var serverFault = map[string]bool{
	"InternalFailure": true, "InternalError": true, "InternalServerError": true, "InternalServerException": true,
	"InternalServiceError": true, "InternalServiceException": true, "ServiceException": true, "ServiceFailure": true,
	"ServiceUnavailable": true, "ServiceUnavailableException": true, "RequestTimeout": true, "RequestTimeoutException": true,
}

// Where is the target a call went to: its custom endpoint ("" for AWS) and
// its Region.
type Where struct {
	Endpoint string
	Region   string
}

// Classify wraps err with its kind and what to do next. It is applied once,
// where the engine reports a resource's failure.
func Classify(err error, t Where) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	c := callOf(err)
	// A bound of awsconfig.Limits is checked first: net/http's own
	// timeouts match context.DeadlineExceeded, which is otherwise the
	// caller's deadline and left as it is.
	var timeout *awsconfig.TimeoutError
	if errors.As(err, &timeout) {
		return &Error{Kind: KindUnreachable, Hint: timeoutHint(timeout, c, t), Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	where, who := "AWS", "AWS"
	if t.Endpoint != "" {
		where, who = t.Endpoint, "the emulator at "+t.Endpoint
	}
	code, msg := service.ErrorCode(err), strings.ToLower(service.ErrorMessage(err))
	status := service.HTTPStatus(err)
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial", errors.As(err, &dnsErr), strings.Contains(err.Error(), "connection refused"):
		hint := fmt.Sprintf("could not reach %s: check your network", where)
		if t.Endpoint != "" {
			hint = fmt.Sprintf("could not reach %s: is the emulator running? Start one with `make emulators` (moto on :5000, kumo on :4566) or unset AWS_ENDPOINT_URL", t.Endpoint)
		}
		return &Error{Kind: KindUnreachable, Hint: hint, Err: err}
	case dropped(err):
		return &Error{Kind: KindServiceFailed, Err: err,
			Hint: fmt.Sprintf("the service failed: %s dropped the connection during %s%s. Run the command again; it picks up where it stopped", who, c, c.tries())}
	case missingCredentials(err):
		return &Error{Kind: KindCredentials, Err: err, Plain: NoCredentials}
	case strings.Contains(err.Error(), "failed to refresh cached credentials"), strings.Contains(err.Error(), "get credentials"),
		code == "ExpiredToken", code == "ExpiredTokenException", code == "InvalidClientTokenId", code == "SignatureDoesNotMatch",
		code == "UnrecognizedClientException" && !strings.Contains(msg, "is not valid for this web service"):
		return &Error{Kind: KindCredentials, Hint: "AWS credentials are missing or expired: run `aws sso login` (or `aws configure`), or pass --profile", Err: err}
	case code == "AccessDenied", code == "AccessDeniedException", code == "AuthorizationError", strings.Contains(msg, "not authorized to perform"):
		return &Error{Kind: KindAccess, Hint: "your identity lacks the permission named above: grant that action on that resource (see iam/*.json in the project for what wireup needs)", Err: err}
	case errors.Is(err, service.ErrNameTaken), code == "BucketAlreadyExists":
		return &Error{Kind: KindNameTaken, Hint: "the name belongs to another project or account: change it in wireup.yaml", Err: err}
	case code == "LimitExceededException", code == "LimitExceeded", code == "TooManyBuckets", code == "ServiceQuotaExceededException", code == "ThrottlingException" && strings.Contains(msg, "quota"):
		return &Error{Kind: KindQuota, Hint: "an account quota is reached: delete unused resources or request a quota increase in Service Quotas", Err: err}
	case unknownOperation[code], status == http.StatusNotImplemented,
		// LocalStack answers an operation it lacks with InternalFailure.
		code == "InternalFailure" && (strings.Contains(msg, "not yet implemented") || strings.Contains(msg, "pro feature")),
		t.Endpoint != "" && wrongProtocol(err, status):
		if t.Endpoint == "" {
			who = fmt.Sprintf("AWS (%s)", t.Region)
		}
		return &Error{Kind: KindUnsupported, Err: err,
			Hint: fmt.Sprintf("%s does not support %s: `wireup catalog --targets` shows what each target can deploy; try another target", who, c)}
	case t.Endpoint != "" && status == http.StatusInternalServerError && !awsAnswer(err, code, status):
		// moto answers an operation it does not implement, and one it
		// fails on, with a bare 500 page; so does a proxy in trouble.
		// Only a second run tells a fault that passes from a gap.
		return &Error{Kind: KindServiceFailed, Err: err,
			Hint: fmt.Sprintf("the service failed: %s answered %s with HTTP 500 and no AWS error%s. Run the command again; if it fails the same way, the emulator may lack the call (moto answers calls it does not implement so): `wireup catalog --targets` shows what each target can deploy", who, c, c.tries())}
	case serverFault[code], status >= 500 && status <= 599:
		return &Error{Kind: KindServiceFailed, Err: err,
			Hint: fmt.Sprintf("the service failed: %s answered %s with %s%s, a fault on its side. Run the command again; it picks up where it stopped", who, c, answerOf(code, status), c.tries())}
	case throttled(code, status):
		return &Error{Kind: KindServiceFailed, Err: err,
			Hint: fmt.Sprintf("the service failed: %s kept throttling %s (%s)%s. Wait a minute, then run the command again; it picks up where it stopped", who, c, answerOf(code, status), c.tries())}
	}
	return err
}

// call names the failed operation ("SQS CreateQueue") and how often the SDK
// tried it.
type call struct {
	name     string
	attempts int
}

func (c call) String() string { return c.name }

func (c call) tries() string {
	if c.attempts < 2 {
		return ""
	}
	return fmt.Sprintf(" in each of %d attempts", c.attempts)
}

func callOf(err error) call {
	c := call{name: "this call"}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		c.name = oe.ServiceID + " " + oe.OperationName
	}
	var max *retry.MaxAttemptsError
	if errors.As(err, &max) {
		c.attempts = max.Attempt
	}
	return c
}

func answerOf(code string, status int) string {
	switch {
	case status == 0:
		return code
	case code == "" || code == "UnknownError":
		return fmt.Sprintf("HTTP %d", status)
	}
	return fmt.Sprintf("HTTP %d (%s)", status, code)
}

// timeoutHint says which bound the call hit and what to do.
func timeoutHint(te *awsconfig.TimeoutError, c call, t Where) string {
	check := "check your network, VPN or proxy (HTTPS_PROXY), then run the command again"
	if t.Endpoint != "" {
		check = "check that the emulator is healthy (restart it with `make emulators`), then run the command again"
	}
	switch te.Stage {
	case awsconfig.StageConnect, awsconfig.StageTLS:
		if t.Endpoint != "" {
			check = "is the emulator running? Start one with `make emulators` (moto on :5000, kumo on :4566) or unset AWS_ENDPOINT_URL"
		}
		return fmt.Sprintf("could not reach %s for %s within %s%s: %s", te.Endpoint, c, te.Limit, c.tries(), check)
	case awsconfig.StageAnswer:
		// Not "accepts": app.isCobraUsageError takes any error with it for
		// a usage error.
		return fmt.Sprintf("%s is listening but sent no answer to %s within %s%s: %s", te.Endpoint, c, te.Limit, c.tries(), check)
	}
	return fmt.Sprintf("%s stopped reading the request or sending the answer of %s, which did not finish within %s%s: %s", te.Endpoint, c, te.Limit, c.tries(), check)
}

// dropped reports a connection the service closed or reset mid-call. An
// EOF counts only when sending the request failed: an empty answer the SDK
// could not decode is an EOF too.
func dropped(err error) bool {
	var send *smithyhttp.RequestSendError
	if errors.As(err, &send) && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return true
	}
	s := err.Error()
	for _, m := range []string{"connection reset", "broken pipe", "server closed idle connection", "use of closed network connection"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// wrongProtocol reports an answer that is not in the call's protocol: an
// HTML page where JSON or XML was due (moto's 500 for an operation it does
// not implement), an empty error (kumo's 400 for one), a body the SDK
// cannot decode (kumo's Kinesis-sourced DescribeDeliveryStream). A
// gateway's 502-504 page is a fault in front of the service instead.
func wrongProtocol(err error, status int) bool {
	if status >= 502 && status <= 504 {
		return false
	}
	var de *smithy.DeserializationError
	if !errors.As(err, &de) && !strings.Contains(err.Error(), "deserialization failed") {
		return false
	}
	if status < 500 {
		return true
	}
	// A 500 with no body at all is no answer in another protocol.
	page := strings.ToLower(strings.TrimSpace(string(snapshot(de))))
	return strings.HasPrefix(page, "<!doctype html") || strings.HasPrefix(page, "<html")
}

func snapshot(de *smithy.DeserializationError) []byte {
	if de == nil {
		return nil
	}
	return de.Snapshot
}

// awsAnswer reports whether a failed call's answer carried an AWS error,
// rather than one the SDK made up from the HTTP status alone: "UnknownError"
// for an empty JSON error, "InternalServerError: Internal Server Error" for
// an S3 answer without an XML error, a deserialization failure.
func awsAnswer(err error, code string, status int) bool {
	var de *smithy.DeserializationError
	if code == "" || code == "UnknownError" || errors.As(err, &de) {
		return false
	}
	text := http.StatusText(status)
	return !(code == strings.ReplaceAll(text, " ", "") && service.ErrorMessage(err) == text)
}

// throttled reports throttling that outlived the SDK's retries.
func throttled(code string, status int) bool {
	_, ok := retry.DefaultThrottleErrorCodes[code]
	return ok && code != "LimitExceededException" || status == http.StatusTooManyRequests
}

// KindOf returns the class of a classified error, or KindOther.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// NoCredentials says that the SDK found no credentials at all, and every way
// to provide them.
const NoCredentials = "no AWS credentials found: run `aws sso login` or `aws configure`, pass --profile NAME, " +
	"set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --endpoint URL (or set AWS_ENDPOINT_URL) to use an emulator"

// missingCredentials reports whether the SDK's default credential chain
// ran out of providers: nothing in the environment, the shared files or a
// profile, and no instance role (its last link).
func missingCredentials(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no EC2 IMDS role found") ||
		strings.Contains(msg, "failed to retrieve credentials") && strings.Contains(msg, "ec2imds")
}
