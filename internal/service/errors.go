package service

import (
	"errors"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// ErrorCode is the AWS error code of err, or "".
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// ErrorMessage is the AWS error message of err, or its text.
func ErrorMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// HTTPStatus is the HTTP status of a failed call, or 0.
func HTTPStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// AnswerLost reports whether a call may have taken effect without its
// answer arriving: no answer at all (a reset, a timeout), a server fault,
// or a success whose body could not be read (a 201 whose connection closed
// mid-body: measured on moto under load). A 4xx is the service refusing
// the call, which did nothing. A create that is not idempotent runs
// without the SDK's retries, and after a lost answer looks for what it
// may have made before it tries again (see lambda's event source mapping,
// glue's security configuration).
func AnswerLost(err error) bool {
	if st := HTTPStatus(err); st != 0 {
		return st >= 500 || st >= 200 && st < 300
	}
	return ErrorCode(err) == "" // no answer to read a code from
}

// IsNotFound recognises the many ways services say a resource is gone.
func IsNotFound(err error) bool {
	switch ErrorCode(err) {
	case "NoSuchBucket", "NotFound", "NoSuchEntity", "ResourceNotFoundException", "ResourceNotFound",
		"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NotFoundException", "NoSuchKey",
		"EntityNotFoundException", // Glue's (https://docs.aws.amazon.com/glue/latest/webapi/CommonErrors.html)
		"UnauthorizedException":   // IoT GetTopicRule answers a missing rule with UnauthorizedException
		return true
	}
	return HTTPStatus(err) == 404
}

// Exists turns the error of a read into a provider's Exists answer: no
// error is there, a not-found error is gone, anything else is an error.
func Exists(err error) (bool, error) {
	switch {
	case err == nil:
		return true, nil
	case IsNotFound(err):
		return false, nil
	}
	return false, err
}

// RoleTransient recognises IAM eventual consistency in the services that
// assume a role: the role exists but is not visible to them yet.
func RoleTransient(err error) bool {
	msg := strings.ToLower(ErrorMessage(err))
	for _, s := range []string{"cannot be assumed", "unable to assume", "is not authorized to perform", "does not have permissions",
		"execution role does not have", "not authorized to assume", "role provided", "ensure that the role"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
