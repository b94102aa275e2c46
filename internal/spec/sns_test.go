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
		s, err := New(c, "demo", "us-east-1", tt.route)
		if err != nil {
			t.Fatalf("%v: %v", tt.route, err)
		}
		if err := Validate(c, s); err != nil {
			t.Errorf("%v: defaults do not validate: %v", tt.route, err)
		}
		if s.SNS.Encryption != tt.want {
			t.Errorf("%v: sns.encryption = %v, want %v", tt.route, s.SNS.Encryption, tt.want)
		}
	}
}
