package s3

import (
	"slices"
	"testing"
)

func TestIndirect(t *testing.T) {
	got := Indirect()
	for _, m := range []string{"github.com/aws/aws-sdk-go-v2/service/internal/checksum", "github.com/aws/aws-sdk-go-v2/service/internal/s3shared"} {
		if !slices.Contains(got, m) {
			t.Errorf("Indirect() = %v, want %s in it", got, m)
		}
	}
	got[0] = "changed"
	if Indirect()[0] == "changed" {
		t.Error("Indirect returns a slice its callers share")
	}
}
