package s3

import (
	"testing"

	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The banner warns where wireup leaves the TLS-only bucket policy off: on
// moto, whose policy evaluation would refuse every object request.
func TestSpecNotes(t *testing.T) {
	bucket := &spec.Spec{S3: &spec.S3{Bucket: "b"}}
	for _, tt := range []struct {
		t    targets.Target
		s    *spec.Spec
		want int
	}{
		{targets.Moto, bucket, 1},
		{targets.Moto, &spec.Spec{}, 0},
		{targets.Kumo, bucket, 0},
		{targets.LocalStack, bucket, 0},
		{targets.AWS, bucket, 0},
	} {
		got := SpecNotes(tt.t, tt.s)
		if len(got) != tt.want || len(got) == 1 && (got[0].Setting != "s3 TLS-only bucket policy" || got[0].Note == "") {
			t.Errorf("SpecNotes(%s) = %+v, want %d note(s)", tt.t, got, tt.want)
		}
	}
}
