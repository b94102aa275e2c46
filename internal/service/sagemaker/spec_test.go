package sagemaker

import (
	"strings"
	"testing"
)

// The longest prefix cmd/train can add its timestamp to is accepted.
func TestJobPrefixLongest(t *testing.T) {
	if err := JobPrefix(strings.Repeat("a", 47)); err != nil {
		t.Errorf("a 47-character prefix (63 with the timestamp) is refused: %v", err)
	}
}
