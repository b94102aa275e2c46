package spec

import (
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// A topic is encrypted with the AWS managed key by default, except where S3
// publishes to it: that key's policy does not let the S3 service principal
// use it, and validation refuses the combination.
func TestSNSEncryptionDefault(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		route []string
		want  bool
	}{
		{[]string{"iot-to-sns", "sns-to-sqs"}, true},
		{[]string{"iot-to-sns", "sns-to-lambda"}, true},
		{[]string{"app-to-s3", "s3-to-sns", "sns-to-sqs"}, false},
	} {
		s, err := New(c, "demo", "us-east-1", tt.route, testDefaults...)
		if err != nil {
			t.Fatalf("%v: %v", tt.route, err)
		}
		if err := Validate(c, s, testRules...); err != nil {
			t.Errorf("%v: defaults do not validate: %v", tt.route, err)
		}
		if s.SNS.Encryption != tt.want {
			t.Errorf("%v: sns.encryption = %v, want %v", tt.route, s.SNS.Encryption, tt.want)
		}
	}
}

// A topic S3 publishes to can be encrypted with a customer managed key of
// the project's Region, named by its ARN; an alias, a key of another
// Region, a key without encryption, or encryption without a key are
// refused, each naming the field.
func TestSNSCustomerManagedKey(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, tt := range []struct {
		name       string
		key        string
		encryption bool
		wantField  string
	}{
		{"key", key, true, ""},
		{"no key", "", true, "sns.encryption"},
		{"key without encryption", key, false, "sns.encryption"},
		{"alias", "alias/my-key", true, "sns.kmsKey"},
		{"other Region", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", true, "sns.kmsKey"},
	} {
		s, err := New(c, "demo", "us-east-1", []string{"app-to-s3", "s3-to-sns", "sns-to-sqs"}, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		s.SNS.KMSKey, s.SNS.Encryption = tt.key, tt.encryption
		wantFieldError(t, tt.name, Validate(c, s, testRules...), tt.wantField, "")
	}
}
