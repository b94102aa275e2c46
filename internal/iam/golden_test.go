package iam_test

import (
	"flag"
	"testing"

	"github.com/wireup/wireup/internal/iam/iamtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/iam -update` to accept new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, cases(), *update) }

// TestInvariants checks every case in every partition for the properties
// the package promises.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, cases()) }
