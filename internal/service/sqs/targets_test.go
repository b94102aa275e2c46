package sqs

import (
	"testing"

	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Only kumo, which keeps no queue key, is noted, and only with a key.
func TestSpecNotesQueueKey(t *testing.T) {
	s := &spec.Spec{SQS: &spec.SQS{Queue: "q", Encryption: true, KMSKey: "arn:aws:kms:us-east-1:123456789012:key/k"}}
	if n := SpecNotes(targets.Kumo, s); len(n) != 1 || n[0].Setting != "sqs.kmsKey" {
		t.Errorf("kumo: %v, want sqs.kmsKey noted", n)
	}
	if n := SpecNotes(targets.Moto, s); n != nil {
		t.Errorf("moto: %v, want none", n)
	}
	s.SQS.KMSKey = ""
	if n := SpecNotes(targets.Kumo, s); n != nil {
		t.Errorf("kumo without a key: %v, want none", n)
	}
}
