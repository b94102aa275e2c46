package spec

import (
	"testing"

	"github.com/wireup/wireup/internal/catalog"
)

// A queue can be encrypted with a customer managed key of the project's
// Region, named by its ARN; an alias, a key of another Region or a key
// without encryption are refused, each naming the field and saying why.
func TestSQSCustomerManagedKey(t *testing.T) {
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
		wantText   string
	}{
		{"key", key, true, "", ""},
		{"no key", "", true, "", ""},
		{"no key, no encryption", "", false, "", ""},
		{"key without encryption", key, false, "sqs.encryption", "must be true with sqs.kmsKey"},
		{"alias", "alias/my-key", true, "sqs.kmsKey", "not an alias"},
		{"alias ARN", "arn:aws:kms:us-east-1:123456789012:alias/my-key", true, "sqs.kmsKey", "not an alias"},
		{"not kms", "arn:aws:sqs:us-east-1:123456789012:key/abc", true, "sqs.kmsKey", "KMS key ARN"},
		{"other Region", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", true, "sqs.kmsKey", "a queue can only use a key of its own Region"},
	} {
		s, err := New(c, "demo", "us-east-1", []string{"app-to-s3", "s3-to-sqs"}, testDefaults...)
		if err != nil {
			t.Fatal(err)
		}
		s.SQS.KMSKey, s.SQS.Encryption = tt.key, tt.encryption
		wantFieldError(t, tt.name, Validate(c, s, testRules...), tt.wantField, tt.wantText)
	}
}
