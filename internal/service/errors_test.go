package service

import (
	"errors"
	"testing"

	"github.com/aws/smithy-go"
)

func TestRoleTransient(t *testing.T) {
	for msg, want := range map[string]bool{
		"The role defined for the function cannot be assumed by Lambda.":                           true,
		"Firehose is unable to assume role arn:aws:iam::1:role/x. Please check the role provided.": true,
		"Role arn:aws:iam::1:role/x is not authorized to perform: kinesis:DescribeStream":          true,
		"The provided execution role does not have permissions to call ReceiveMessage on SQS":      true,
		"Invalid memory size": false,
	} {
		if got := RoleTransient(&smithy.GenericAPIError{Code: "InvalidParameterValueException", Message: msg}); got != want {
			t.Errorf("RoleTransient(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestIsNotFound(t *testing.T) {
	for code, want := range map[string]bool{
		"NoSuchBucket": true, "ResourceNotFoundException": true, "AWS.SimpleQueueService.NonExistentQueue": true,
		"NoSuchEntity": true, "EntityNotFoundException": true, "AccessDenied": false, "ThrottlingException": false,
	} {
		if got := IsNotFound(&smithy.GenericAPIError{Code: code}); got != want {
			t.Errorf("IsNotFound(%s) = %v, want %v", code, got, want)
		}
	}
	if IsNotFound(errors.New("connection refused")) {
		t.Error("a network error is not a not-found")
	}
}
