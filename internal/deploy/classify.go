package deploy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/wireup/wireup/internal/service"
)

// ErrorKind is the class of a failed AWS call, which decides what the user
// is told to do next.
type ErrorKind string

// Error kinds.
const (
	KindUnreachable ErrorKind = "unreachable"
	KindCredentials ErrorKind = "credentials"
	KindAccess      ErrorKind = "access-denied"
	KindNameTaken   ErrorKind = "name-taken"
	KindQuota       ErrorKind = "quota"
	KindUnsupported ErrorKind = "unsupported"
	KindOther       ErrorKind = "other"
)

// Error is a classified AWS error: what happened, why, and what to do.
type Error struct {
	Kind ErrorKind
	Hint string
	Err  error
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ". " + e.Hint
}

func (e *Error) Unwrap() error { return e.Err }

// Classify wraps err with its kind and what to do next. It is applied once,
// where the engine reports a resource's failure.
func Classify(err error, t TargetInfo) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	where := "AWS"
	if t.Endpoint != "" {
		where = t.Endpoint
	}
	code, msg := service.ErrorCode(err), strings.ToLower(service.ErrorMessage(err))
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &opErr), errors.As(err, &dnsErr), strings.Contains(err.Error(), "connection refused"):
		hint := fmt.Sprintf("could not reach %s: check your network", where)
		if t.Endpoint != "" {
			hint = fmt.Sprintf("could not reach %s: is the emulator running? Start one with `make emulators` (moto on :5000, kumo on :4566) or unset AWS_ENDPOINT_URL", t.Endpoint)
		}
		return &Error{Kind: KindUnreachable, Hint: hint, Err: err}
	case strings.Contains(err.Error(), "failed to refresh cached credentials"), strings.Contains(err.Error(), "no EC2 IMDS role found"),
		strings.Contains(err.Error(), "get credentials"),
		code == "ExpiredToken", code == "ExpiredTokenException", code == "InvalidClientTokenId", code == "SignatureDoesNotMatch",
		code == "UnrecognizedClientException" && !strings.Contains(msg, "is not valid for this web service"):
		return &Error{Kind: KindCredentials, Hint: "AWS credentials are missing or expired: run `aws sso login` (or `aws configure`), or pass --profile", Err: err}
	case code == "AccessDenied", code == "AccessDeniedException", code == "AuthorizationError", strings.Contains(msg, "not authorized to perform"):
		return &Error{Kind: KindAccess, Hint: "your identity lacks the permission named above: grant that action on that resource (see iam/*.json in the project for what wireup needs)", Err: err}
	case errors.Is(err, service.ErrNameTaken), code == "BucketAlreadyExists":
		return &Error{Kind: KindNameTaken, Hint: "the name belongs to another project or account: change it in wireup.yaml", Err: err}
	case code == "LimitExceededException", code == "LimitExceeded", code == "TooManyBuckets", code == "ServiceQuotaExceededException", code == "ThrottlingException" && strings.Contains(msg, "quota"):
		return &Error{Kind: KindQuota, Hint: "an account quota is reached: delete unused resources or request a quota increase in Service Quotas", Err: err}
	case code == "UnknownOperationException", code == "InvalidAction", code == "UnknownService", code == "NotImplemented",
		code == "InternalFailure" && t.Endpoint != "",
		t.Endpoint != "" && (strings.Contains(err.Error(), "deserialization failed") || service.HTTPStatus(err) == 500 || service.HTTPStatus(err) == 501):
		return &Error{Kind: KindUnsupported, Hint: fmt.Sprintf("the emulator at %s does not support this call: `wireup catalog` shows what each target can deploy; try another target", where), Err: err}
	}
	return err
}

// KindOf returns the class of a classified error, or KindOther.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}
