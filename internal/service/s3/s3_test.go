package s3

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"
)

func TestClientOptions(t *testing.T) {
	type opts struct {
		UsePathStyle bool
		Request      aws.RequestChecksumCalculation
		Response     aws.ResponseChecksumValidation
	}
	emulator := opts{
		UsePathStyle: true,
		Request:      aws.RequestChecksumCalculationWhenRequired,
		Response:     aws.ResponseChecksumValidationWhenRequired,
	}
	tests := []struct {
		name string
		cfg  aws.Config
		want opts
	}{
		{name: "AWS keeps the SDK defaults", cfg: aws.Config{Region: "us-east-1"}, want: opts{}},
		{name: "empty endpoint is AWS", cfg: aws.Config{BaseEndpoint: aws.String("")}, want: opts{}},
		{name: "emulator", cfg: aws.Config{BaseEndpoint: aws.String("http://127.0.0.1:4566")}, want: emulator},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o s3.Options
			ClientOptions(tt.cfg)(&o)
			got := opts{o.UsePathStyle, o.RequestChecksumCalculation, o.ResponseChecksumValidation}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ClientOptions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
