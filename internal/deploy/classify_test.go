package deploy

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

func TestClassify(t *testing.T) {
	emu := TargetInfo{Kind: "moto", Endpoint: "http://127.0.0.1:5000", Region: "us-east-1"}
	aws := TargetInfo{Kind: "aws", Region: "eu-west-1", Account: "123456789012"}
	api := func(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }
	tests := []struct {
		name string
		err  error
		t    TargetInfo
		kind ErrorKind
		hint string
	}{
		{"refused", fmt.Errorf("create queue: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), emu, KindUnreachable, "make emulators"},
		{"expired", api("ExpiredToken", "The security token included in the request is expired"), aws, KindCredentials, "aws sso login"},
		{"denied", api("AccessDenied", "User: x is not authorized to perform: sqs:CreateQueue on resource: q"), aws, KindAccess, "grant that action"},
		{"taken", api("BucketAlreadyExists", "The requested bucket name is not available"), aws, KindNameTaken, "wireup.yaml"},
		{"quota", api("LimitExceededException", "too many streams"), aws, KindQuota, "quota"},
		{"kumo unsupported", api("InvalidAction", "The action StartStreamEncryption is not valid for this endpoint."), emu, KindUnsupported, "does not support"},
		{"kumo unknown service", api("UnrecognizedClientException", "The action PutSubscriptionFilter is not valid for this web service"), emu, KindOther, ""},
		{"other", api("ValidationException", "bad"), aws, KindOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.err, tt.t)
			if k := KindOf(got); k != tt.kind {
				t.Fatalf("kind %s, want %s (%v)", k, tt.kind, got)
			}
			if !strings.Contains(got.Error(), tt.hint) {
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
