package kms

import (
	"strings"
	"testing"
)

// A key is named by its ARN in the resource's Region; an alias, another
// service's ARN, a key path and another Region are refused, saying why.
func TestKeyARNIn(t *testing.T) {
	for _, tt := range []struct{ key, want string }{
		{"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws-us-gov:kms:us-east-1:123456789012:key/k", ""},
		{"alias/my-key", "not an alias"},
		{"arn:aws:kms:us-east-1:123456789012:alias/my-key", "not an alias"},
		{"arn:aws:sqs:us-east-1:123456789012:key/k", "KMS key ARN"},
		{"arn:aws:kms:us-east-1:123456789012:key/a/b", "KMS key ARN"},
		{"arn:aws:kms:eu-west-1:123456789012:key/k", "a queue can only use a key of its own Region"},
	} {
		err := KeyARNIn(tt.key, "us-east-1", "queue")
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.key, err, tt.want)
		}
	}
}
